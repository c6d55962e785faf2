import { createPublicKey } from 'node:crypto';
import { jwtVerify } from 'jose';
import { createIdentitySigner, createRequestVerifier, hashBody, IDENTITY_HEADER } from '@salestrail/platform/dist/identity';
import { TEST_IDENTITY_PRIVATE_KEY, TEST_IDENTITY_PUBLIC_KEY, TEST_SERVICE_EVENTS_KEY } from '@salestrail/testkit';
import type { Actor } from '@salestrail/contract';
import { subgraphNames, useIdentityForwarding } from './identity-forwarding.plugin';

const config = {
  RECORDS_URL: 'http://records.internal:4001/graphql',
  WORKFLOW_URL: 'http://workflow.internal:4002/graphql',
  ANALYTICS_URL: 'http://analytics.internal:4003/graphql',
};
const actor: Actor = { userId: 'rep-1', name: '李销售', role: 'SALES_REP', teamId: 'team-01' };
const body = JSON.stringify({ query: '{ customers { totalCount } }' });
const publicKey = createPublicKey({ key: Buffer.from(TEST_IDENTITY_PUBLIC_KEY, 'base64'), format: 'der', type: 'spki' });

/** Runs the plugin's onFetch for one subgraph request and returns the headers it sends. */
function forwarded(url: string, method = 'POST', context: object = { actor }): Record<string, string> {
  const plugin = useIdentityForwarding(createIdentitySigner(TEST_IDENTITY_PRIVATE_KEY), subgraphNames(config));
  let headers: Record<string, string> = {};
  const onFetch = plugin.onFetch as (payload: unknown) => void;
  onFetch({
    context,
    url,
    options: { method, body, headers: { 'content-type': 'application/json' } },
    setOptions: (options: { headers: Record<string, string> }) => {
      headers = options.headers;
    },
  });
  return headers;
}

describe('identity forwarding', () => {
  it('signs each request for the subgraph it goes to, bound to its method, path, query string and body', async () => {
    const ids = new Set<string>();
    for (const [url, service] of [
      [config.RECORDS_URL, 'records'],
      [config.WORKFLOW_URL, 'workflow'],
      [`${config.ANALYTICS_URL}?debug=1`, 'analytics'],
    ] as const) {
      const headers = forwarded(url);
      expect(headers['content-type']).toBe('application/json');
      const { payload, protectedHeader } = await jwtVerify(headers[IDENTITY_HEADER]!, publicKey, { algorithms: ['EdDSA'] });
      expect(protectedHeader).toEqual({ alg: 'EdDSA', typ: 'salestrail-identity+jwt' });
      expect(payload).toMatchObject({
        iss: 'salestrail-gateway',
        aud: service,
        sub: 'rep-1',
        name: '李销售',
        role: 'SALES_REP',
        team: 'team-01',
        htm: 'POST',
        htp: '/graphql',
        hq: hashBody(new URL(url).search.slice(1)),
        bh: hashBody(body),
      });
      expect(payload.exp! - payload.iat!).toBe(30);
      ids.add(payload.jti!);
    }
    expect(ids.size).toBe(3);
    // Two identical requests get two identities: each is accepted once.
    expect(forwarded(config.RECORDS_URL)[IDENTITY_HEADER]).not.toBe(forwarded(config.RECORDS_URL)[IDENTITY_HEADER]);
  });

  it("carries the token's verified e-mail claim to the subgraph, which reads it back", async () => {
    const exp = Math.floor(Date.now() / 1000) + 600;
    const claims = { sub: 'rep-2', name: '李明', role: 'SALES_REP', team: 'team-01', exp };
    const verifier = createRequestVerifier({
      service: 'workflow',
      gatewayPublicKey: TEST_IDENTITY_PUBLIC_KEY,
      serviceKey: TEST_SERVICE_EVENTS_KEY,
      replay: { firstUse: async () => true },
    });
    const received = { method: 'POST', path: '/graphql', query: '', body: Buffer.from(body) };
    const withEmail = forwarded(config.WORKFLOW_URL, 'POST', { jwt: { payload: { ...claims, email: 'liming@example.com' } } });
    await expect(verifier.caller(withEmail[IDENTITY_HEADER], received)).resolves.toEqual({
      userId: 'rep-2',
      name: '李明',
      role: 'SALES_REP',
      teamId: 'team-01',
      email: 'liming@example.com',
    });
    // A claim the identity provider says is unverified is not forwarded.
    const unverified = forwarded(config.WORKFLOW_URL, 'POST', { jwt: { payload: { ...claims, email: 'liming@example.com', email_verified: false } } });
    const { payload } = await jwtVerify(unverified[IDENTITY_HEADER]!, publicKey, { algorithms: ['EdDSA'] });
    expect(payload).not.toHaveProperty('email');
    expect((await verifier.caller(unverified[IDENTITY_HEADER], received)).email).toBeUndefined();
  });

  it('signs nothing for a URL that is not one of the subgraphs', () => {
    expect(forwarded('http://elsewhere.example:4001/graphql')[IDENTITY_HEADER]).toBeUndefined();
    expect(forwarded('http://records.internal:4001/other')[IDENTITY_HEADER]).toBeUndefined();
  });
});
