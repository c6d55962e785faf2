import { signInternalIdentity, verifyInternalIdentity } from './identity';
import { UnauthenticatedError } from './errors';

const KEY = 'k'.repeat(40);
const actor = { userId: 'rep-1', name: '李销售', role: 'SALES_REP' as const, teamId: 'team-east' };

describe('forwarded identity', () => {
  it('round-trips the actor for the body it was signed for', async () => {
    const body = '{"query":"{ customers { totalCount } }"}';
    const header = await signInternalIdentity(actor, body, KEY);
    await expect(verifyInternalIdentity(header, Buffer.from(body), KEY)).resolves.toEqual(actor);
  });

  it("carries the token's e-mail claim when there is one", async () => {
    const body = '{"query":"{ me { id } }"}';
    const withEmail = { ...actor, email: 'liming@example.com' };
    await expect(verifyInternalIdentity(await signInternalIdentity(withEmail, body, KEY), body, KEY)).resolves.toEqual(withEmail);
  });

  it('refuses a missing header, another body, another key and an expired token', async () => {
    const body = '{"query":"{ a }"}';
    const header = await signInternalIdentity(actor, body, KEY);
    await expect(verifyInternalIdentity(undefined, body, KEY)).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(verifyInternalIdentity(header, '{"query":"{ b }"}', KEY)).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(verifyInternalIdentity(header, body, 'x'.repeat(40))).rejects.toBeInstanceOf(UnauthenticatedError);
    const expired = await signInternalIdentity(actor, body, KEY, -60);
    await expect(verifyInternalIdentity(expired, body, KEY)).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(verifyInternalIdentity(header.replace(/\.[^.]+$/, '.AAAA'), body, KEY)).rejects.toBeInstanceOf(
      UnauthenticatedError,
    );
  });
});
