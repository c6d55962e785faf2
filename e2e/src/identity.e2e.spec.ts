import { createHash, createSecretKey } from 'node:crypto';
import { SignJWT } from 'jose';
import { createIdentitySigner, createServiceCredentialSigner, IDENTITY_HEADER, requestOf, SERVICE_CREDENTIAL_HEADER } from '@salestrail/platform';
import {
  RecordingProxy,
  replayableHeaders,
  TEST_IDENTITY_PRIVATE_KEY,
  TEST_SERVICE_EVENTS_KEY,
  waitFor,
  type RecordedRequest,
} from '@salestrail/testkit';
import { answerOf, customerInput, devToken, TestSystem, type GraphQLResponse } from './system';

/**
 * What the gateway and the services send each other is captured in transit (a recording proxy in front of
 * each subgraph, as someone on that network could) and replayed straight at the subgraph ports.
 */
const SUBGRAPHS = ['records', 'workflow', 'analytics'] as const;
type Subgraph = (typeof SUBGRAPHS)[number];

const CREATE = `mutation Create($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }`;
const COUNT = `query Count($filter: CustomerFilter) { customers(filter: $filter) { totalCount } }`;
const EXPORTS = `query Exports($userId: ID) { exportLog(userId: $userId, first: 100) { id } }`;

interface Answer {
  status: number;
  text: string;
  body?: GraphQLResponse;
}

async function send(url: string, init: { method?: string; headers?: Record<string, string>; body?: Buffer | string }): Promise<Answer> {
  return answerOf(await fetch(url, { method: init.method ?? 'GET', headers: init.headers, body: init.body }));
}

function expectRefused(answer: Answer, what: string): void {
  try {
    expect(answer.status).toBe(401);
    expect(answer.body?.data ?? null).toBeNull();
    expect(answer.body?.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  } catch (error) {
    throw new Error(`${what}: ${answer.status} ${answer.text}`, { cause: error });
  }
}

describe('identity towards the subgraphs, captured in transit and replayed', () => {
  const proxies = {} as Record<Subgraph, RecordingProxy>;
  let system: TestSystem;
  let admin: string;
  const port = (name: Subgraph) => system.ports[name];
  const direct = (name: Subgraph, pathAndQuery = '/graphql') => `http://127.0.0.1:${port(name)}${pathAndQuery}`;
  /** GraphQL over GET: the operation in the query string. */
  const graphqlGet = (name: Subgraph, query: string, variables?: Record<string, unknown>) => {
    const url = new URL(direct(name));
    url.searchParams.set('query', query);
    if (variables) url.searchParams.set('variables', JSON.stringify(variables));
    return url;
  };
  /** A GET to a subgraph carrying `headers` (and the header that gets a GET past Apollo's CSRF check). */
  const getQuery = (name: Subgraph, query: string, headers: Record<string, string>, variables?: Record<string, unknown>) =>
    send(graphqlGet(name, query, variables).href, { headers: { ...headers, 'apollo-require-preflight': 'true' } });
  const count = async (filter: Record<string, unknown>) =>
    (await system.graphql<{ customers: { totalCount: number } }>(admin, COUNT, { filter })).data!.customers.totalCount;
  const exportsBy = async (userId: string) =>
    (await system.graphql<{ exportLog: unknown[] }>(admin, EXPORTS, { userId })).data!.exportLog.length;

  beforeAll(async () => {
    for (const name of SUBGRAPHS) proxies[name] = await RecordingProxy.start();
    system = await TestSystem.start('ident', {
      RECORDS_URL: `${proxies.records.url}/graphql`,
      WORKFLOW_URL: `${proxies.workflow.url}/graphql`,
      ANALYTICS_URL: `${proxies.analytics.url}/graphql`,
      RECORDS_EVENTS_URL: proxies.records.url,
      WORKFLOW_EVENTS_URL: proxies.workflow.url,
      RECORDS_GAP_CHECK_MS: '300',
      WORKFLOW_GAP_CHECK_MS: '300',
      ANALYTICS_GAP_CHECK_MS: '300',
    });
    for (const name of SUBGRAPHS) proxies[name].target = new URL(`http://127.0.0.1:${port(name)}`);
    admin = await devToken('ADMIN', 'admin-ident', null);
  }, 90_000);
  afterAll(async () => {
    await system?.stop();
    for (const proxy of Object.values(proxies)) await proxy.stop();
  });

  /** The last request the gateway or a service sent to `name` that matches, once it was answered. */
  const captured = (name: Subgraph, match: (r: RecordedRequest) => boolean, what: string) =>
    waitFor(() => [...proxies[name].requests].reverse().find((r) => r.status !== 0 && match(r)), { timeoutMs: 15_000, what });

  it('accepts a captured identity once: the same mutation sent again changes nothing', async () => {
    const team = 'team-ident-replay';
    const manager = await devToken('SALES_MANAGER', 'mgr-ident', team);
    const created = await system.graphql(manager, CREATE, { input: customerInput('重放公司') });
    expect(created.errors).toBeUndefined();
    const mutation = await captured('records', (r) => r.method === 'POST' && r.body.toString().includes('重放公司'), 'the createCustomer request');
    expect(mutation.status).toBe(200);

    expectRefused(await send(direct('records'), { method: 'POST', headers: replayableHeaders(mutation), body: mutation.body }), 'the same request again');
    for (const name of SUBGRAPHS) {
      expectRefused(await getQuery(name, '{ __typename }', replayableHeaders(mutation)), `its identity on a GET query to ${name}`);
    }
    expect(await count({ teamId: team })).toBe(1);
  });

  it('refuses an identity made for records at workflow and analytics', async () => {
    const rep = await devToken('SALES_REP', 'rep-ident', 'team-ident-target');
    expect((await system.graphql(rep, COUNT)).errors).toBeUndefined();
    const query = await captured('records', (r) => r.method === 'POST' && r.body.toString().includes('totalCount'), 'the customers query');
    for (const name of ['workflow', 'analytics'] as const) {
      expectRefused(await send(direct(name), { method: 'POST', headers: replayableHeaders(query), body: query.body }), `records' identity at ${name}`);
    }
  });

  it('refuses the identity of a CSV export anywhere else, and on the same export a second time', async () => {
    const res = await fetch(`http://127.0.0.1:${system.ports.gateway}/export/pipeline.csv?teamId=team-ident-csv`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(res.status).toBe(200);
    const exported = await captured('analytics', (r) => r.url.startsWith('/export/pipeline.csv'), 'the export request');
    expect(exported.status).toBe(200);
    const logged = await exportsBy('admin-ident');
    expect(logged).toBeGreaterThanOrEqual(1);

    for (const name of SUBGRAPHS) {
      expectRefused(await getQuery(name, '{ __typename }', replayableHeaders(exported)), `the export's identity on a GET query to ${name}`);
      expectRefused(
        await getQuery(name, CREATE, replayableHeaders(exported), { input: customerInput('导出重放') }),
        `the export's identity on a GET mutation to ${name}`,
      );
    }
    expectRefused(await send(direct('analytics', exported.url), { headers: replayableHeaders(exported) }), 'the same export again');
    expect(await exportsBy('admin-ident')).toBe(logged);
    expect(await count({ search: '导出重放' })).toBe(0);
  });

  it('refuses an event-history credential on GraphQL, at another producer and a second time', async () => {
    const history = await captured('records', (r) => r.url.startsWith('/internal/events') && r.status === 200, 'a read of records\' event history');
    for (const name of SUBGRAPHS) {
      expectRefused(await getQuery(name, '{ customers { totalCount } }', replayableHeaders(history)), `the history credential on a GET query to ${name}`);
    }
    expectRefused(await send(direct('records', history.url), { headers: replayableHeaders(history) }), 'the same history read again');
    expectRefused(await send(direct('workflow', history.url), { headers: replayableHeaders(history) }), "records' history credential at workflow");
  });

  it('refuses an identity signed with the retired shared key', async () => {
    const body = JSON.stringify({ query: '{ __typename }' });
    const bodyHash = createHash('sha256').update(body).digest('base64url');
    const old = await new SignJWT({ role: 'ADMIN', team: null, bh: bodyHash })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('old-key')
      .setAudience('salestrail-subgraphs')
      .setIssuer('salestrail-gateway')
      .setIssuedAt()
      .setExpirationTime('60s')
      .sign(createSecretKey(Buffer.from('test-internal-signing-key-0123456789abcdef', 'utf8')));
    for (const name of SUBGRAPHS) {
      expectRefused(
        await send(direct(name), { method: 'POST', headers: { 'content-type': 'application/json', 'x-salestrail-identity': old }, body }),
        `an HS256 identity at ${name}`,
      );
    }
  });

  describe('signed for the request it travels with', () => {
    const signIdentity = createIdentitySigner(TEST_IDENTITY_PRIVATE_KEY);
    const signHistory = createServiceCredentialSigner(TEST_SERVICE_EVENTS_KEY, 'events:read');
    const adminActor = { userId: 'admin-ident', name: 'admin', role: 'ADMIN' as const, teamId: null };

    it('answers a GET query only with an identity made for that URL, once, and never a mutation over GET', async () => {
      const query = '{ customers(filter: { teamId: "team-ident-get" }) { totalCount } }';
      const url = graphqlGet('records', query);
      const identity = signIdentity(adminActor, requestOf('records', 'GET', url));
      const ok = await send(url.href, { headers: { [IDENTITY_HEADER]: identity } });
      expect(ok.status).toBe(200);
      expect(ok.body?.data).toEqual({ customers: { totalCount: 0 } });
      expectRefused(await send(url.href, { headers: { [IDENTITY_HEADER]: identity } }), 'the same GET again');

      const other = graphqlGet('records', '{ customers { totalCount } }');
      expectRefused(await send(other.href, { headers: { [IDENTITY_HEADER]: signIdentity(adminActor, requestOf('records', 'GET', url)) } }), 'another query string');
      expectRefused(await send(url.href, { headers: { 'apollo-require-preflight': 'true' } }), 'no identity');
      const asPost = signIdentity(adminActor, requestOf('records', 'POST', url));
      expectRefused(await send(url.href, { headers: { [IDENTITY_HEADER]: asPost } }), 'an identity made for a POST');

      // A manager of a team may create customers, over POST: over GET the same signed mutation is refused.
      const manager = { userId: 'mgr-ident-get', role: 'SALES_MANAGER' as const, teamId: 'team-ident-get' };
      const mutation = graphqlGet('records', CREATE, { input: customerInput('GET公司') });
      const viaGet = await send(mutation.href, { headers: { [IDENTITY_HEADER]: signIdentity(manager, requestOf('records', 'GET', mutation)) } });
      expect(viaGet.status).toBe(405);
      expect(viaGet.body?.data ?? null).toBeNull();
      expect(viaGet.body?.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'BAD_REQUEST' });
      expect(await count({ teamId: 'team-ident-get' })).toBe(0);
    });

    it('keeps the events credential to the event history, and the gateway identity out of it', async () => {
      const body = JSON.stringify({ query: '{ __typename }' });
      for (const name of SUBGRAPHS) {
        const credential = signHistory(requestOf(name, 'POST', direct(name), body));
        for (const header of [IDENTITY_HEADER, SERVICE_CREDENTIAL_HEADER]) {
          expectRefused(
            await send(direct(name), { method: 'POST', headers: { 'content-type': 'application/json', [header]: credential }, body }),
            `an events credential in ${header} on ${name}'s GraphQL`,
          );
        }
      }
      const history = new URL(direct('records', '/internal/events?afterSeq=0&limit=5'));
      const identity = signIdentity(adminActor, requestOf('records', 'GET', history));
      for (const header of [IDENTITY_HEADER, SERVICE_CREDENTIAL_HEADER]) {
        expectRefused(await send(history.href, { headers: { [header]: identity } }), `an ADMIN gateway identity in ${header} on the event history`);
      }
      const granted = await send(history.href, { headers: { [SERVICE_CREDENTIAL_HEADER]: signHistory(requestOf('records', 'GET', history)) } });
      expect(granted.status).toBe(200);
      expect(granted.text).toContain('"producer":"records"');
    });
  });
});
