import { signInternalIdentity, verifyInternalIdentity } from '@salestrail/platform/dist/identity';
import type { Actor } from '@salestrail/contract';
import { createIdentitySigner } from './identity-forwarding.plugin';

const KEY = 'identity-spec-signing-key-0123456789abcdef';
const body = JSON.stringify({ query: '{ customer(id: "c1") { id } }' });

describe('identity signer', () => {
  it.each<[string, Actor]>([
    ['a team member', { userId: 'rep-1', name: '李销售', role: 'SALES_REP', teamId: 'team-01' }],
    ['a user without team or name', { userId: 'admin-1', role: 'ADMIN', teamId: null }],
    ['a user whose token has an email claim', { userId: 'rep-2', name: '李明', role: 'SALES_REP', teamId: 'team-01', email: 'liming@example.com' }],
  ])('signs what verifyInternalIdentity accepts, for %s', async (_name, actor) => {
    const token = createIdentitySigner(KEY)(actor, body);
    expect(await verifyInternalIdentity(token, body, KEY)).toEqual(actor);
    expect(await verifyInternalIdentity(token, Buffer.from(body), KEY)).toEqual(actor);
  });

  it('carries the same claims as signInternalIdentity', async () => {
    const actor: Actor = { userId: 'mgr-1', name: 'M', role: 'SALES_MANAGER', teamId: 'team-01' };
    const claims = (t: string) => JSON.parse(Buffer.from(t.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    const header = (t: string) => JSON.parse(Buffer.from(t.split('.')[0]!, 'base64url').toString()) as Record<string, unknown>;
    const ours = createIdentitySigner(KEY)(actor, body);
    const platform = await signInternalIdentity(actor, body, KEY);
    expect(header(ours)).toEqual(header(platform));
    const { iat: a, exp: b, ...rest } = claims(ours);
    const { iat: c, exp: d, ...platformRest } = claims(platform);
    expect(rest).toEqual(platformRest);
    expect(Math.abs((a as number) - (c as number))).toBeLessThanOrEqual(1);
    expect((b as number) - (a as number)).toBe((d as number) - (c as number));
  });

  it('is refused for another body, another key or once expired', async () => {
    const actor: Actor = { userId: 'rep-1', role: 'SALES_REP', teamId: 'team-01' };
    const token = createIdentitySigner(KEY)(actor, body);
    await expect(verifyInternalIdentity(token, `${body} `, KEY)).rejects.toThrow(/does not cover/);
    await expect(verifyInternalIdentity(token, body, `${KEY}-other`)).rejects.toThrow(/Invalid gateway identity/);
    const expired = createIdentitySigner(KEY, -60)(actor, body);
    await expect(verifyInternalIdentity(expired, body, KEY)).rejects.toThrow(/Invalid gateway identity/);
    const [h, p] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), role: 'ADMIN' })).toString('base64url');
    await expect(verifyInternalIdentity(`${h}.${forged}.${token.split('.')[2]}`, body, KEY)).rejects.toThrow(/Invalid gateway identity/);
  });
});
