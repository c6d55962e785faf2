import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Redis } from 'ioredis';
import { SignJWT, exportJWK, generateKeyPair, type JWK, type KeyLike } from 'jose';
import { IDENTITY_HEADER, createRequestVerifier, redisReplayGuard } from '@salestrail/platform/dist/identity';
import { devToken, freePort, TEST_IDENTITY_ENV, TEST_JWT_SECRET, waitFor } from '@salestrail/testkit';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * A stand-in records subgraph: it verifies the gateway's signed identity as the subgraphs do (for records,
 * against the request it received, once), holds each answer for a while (so that requests overlap) and
 * answers a customer named after the caller; asked for the customer `busy`, it answers as records does
 * with a full queue.
 */
async function fakeRecords(holdMs: number) {
  const seen: string[] = [];
  // Requests naming `hangup` whose connection is cut without an answer, as a stopping copy cuts one.
  const hangups = { left: 0, cut: 0, asked: 0 };
  const redis = new Redis(REDIS_URL);
  const verifier = createRequestVerifier({
    service: 'records',
    gatewayPublicKey: TEST_IDENTITY_ENV.GATEWAY_IDENTITY_PUBLIC_KEY,
    serviceKey: TEST_IDENTITY_ENV.SERVICE_EVENTS_KEY,
    replay: redisReplayGuard(redis, `gwspec${process.pid}`),
  });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const [path = '', query = ''] = (req.url ?? '').split('?');
      if (body.includes('hangup')) {
        hangups.asked += 1;
        if (hangups.left > 0) {
          hangups.left -= 1;
          hangups.cut += 1;
          req.socket.destroy();
          return;
        }
      }
      verifier.caller(req.headers[IDENTITY_HEADER] as string | undefined, { method: req.method ?? '', path, query, body }).then(
        (actor) => {
          seen.push(actor.userId);
          if (body.includes('"busy"')) {
            res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' });
            res.end(JSON.stringify({ errors: [{ message: 'busy', extensions: { code: 'RATE_LIMITED', reason: 'SERVICE_BUSY', retryAfter: 1 } }] }));
            return;
          }
          setTimeout(() => {
            res.writeHead(200, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ data: { customer: { id: 'c1', name: `seen by ${actor.userId}` } } }));
          }, holdMs);
        },
        () => {
          res.writeHead(401, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ errors: [{ message: 'no identity', extensions: { code: 'UNAUTHENTICATED' } }] }));
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const close = async () => {
    await new Promise<void>((r) => server.close(() => r()));
    await redis.quit();
  };
  return { url: `http://127.0.0.1:${port}/graphql`, seen, hangups, close };
}

/** An OIDC provider's JWKS with one RS256 key; `failing` makes it answer 500; it counts the fetches. */
async function fakeJwks() {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'rs-1', alg: 'RS256', use: 'sig' };
  const state = { fetches: 0, failing: false };
  const server = http.createServer((_req, res) => {
    state.fetches += 1;
    res.writeHead(state.failing ? 500 : 200, { 'content-type': 'application/json' });
    res.end(state.failing ? '{"error":"down"}' : JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
  const sign = (kid: string, key: KeyLike = privateKey) =>
    new SignJWT({ role: 'SALES_REP', team: 'team-1' })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setSubject('rs-user')
      .setAudience('salestrail')
      .setExpirationTime('1h')
      .sign(key);
  return { url, state, sign, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/**
 * The built gateway (`dist/main.js`, as `npm start` runs it; the Rust planner is loaded by a dynamic
 * import that jest's module sandbox does not run) in front of the stand-in subgraph.
 */
describe('gateway process against a stand-in subgraph', () => {
  let records: Awaited<ReturnType<typeof fakeRecords>>;
  let jwks: Awaited<ReturnType<typeof fakeJwks>>;
  let gateway: ChildProcess;
  let url: string;
  let base: string;
  const output: string[] = [];

  beforeAll(async () => {
    records = await fakeRecords(150);
    jwks = await fakeJwks();
    const port = await freePort();
    gateway = spawn(process.execPath, [path.resolve(__dirname, '../dist/main.js')], {
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        AUTH_JWT_SECRET: TEST_JWT_SECRET,
        GATEWAY_IDENTITY_PRIVATE_KEY: TEST_IDENTITY_ENV.GATEWAY_IDENTITY_PRIVATE_KEY,
        GATEWAY_PORT: String(port),
        RECORDS_URL: records.url,
        AUTH_JWKS_URL: jwks.url,
        // The tests speak through "proxies" on loopback, each test from addresses of its own.
        GATEWAY_TRUSTED_PROXIES: 'loopback',
        GATEWAY_UNAUTHENTICATED_RATE_LIMIT_POINTS: '5',
        REDIS_URL: REDIS_URL,
        QUEUE_PREFIX: `gwspec${process.pid}`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    gateway.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
    gateway.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
    base = `http://127.0.0.1:${port}`;
    url = `${base}/graphql`;
    await waitFor(
      async () => {
        if (gateway.exitCode !== null) throw new Error(`gateway exited: ${output.join('')}`);
        const res = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null);
        return res?.ok ? true : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 100, what: 'the gateway' },
    );
  }, 40_000);

  afterAll(async () => {
    if (gateway && gateway.exitCode === null) {
      const exited = new Promise((r) => gateway.once('exit', r));
      gateway.kill('SIGTERM');
      await exited;
    }
    await records?.close();
    await jwks?.close();
  });

  type Body = { data?: { customer: { name: string } }; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
  const post = async (token: string, payload: object, from = '192.0.2.1') => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-forwarded-for': from },
      body: JSON.stringify(payload),
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as Body };
  };
  const ask = (token: string, id = 'c1', from?: string) =>
    post(token, { query: 'query One($id: ID!) { customer(id: $id) { id name } }', variables: { id } }, from);

  it('two users sending the same query at the same moment each get the answer given to them', async () => {
    records.seen.length = 0;
    const [a, b] = await Promise.all([
      ask(await devToken('SALES_REP', 'rep-a', 'team-1')),
      ask(await devToken('MARKETING', 'mkt-b', null)),
    ]);
    expect(a.body.data?.customer.name).toBe('seen by rep-a');
    expect(b.body.data?.customer.name).toBe('seen by mkt-b');
    expect(records.seen.sort()).toEqual(['mkt-b', 'rep-a']);
  });

  it('sends a query again when the subgraph cut the connection without answering, and answers it', async () => {
    Object.assign(records.hangups, { left: 2, cut: 0, asked: 0 });
    const res = await ask(await devToken('SALES_REP', 'rep-h', 'team-1'), 'hangup');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: { customer: { id: 'c1', name: 'seen by rep-h' } } });
    // Cut twice, answered the third time (each attempt signed anew: the identity is accepted once).
    expect(records.hangups).toEqual({ left: 0, cut: 2, asked: 3 });
  });

  it('never sends a mutation again: a cut connection is a failure its caller sees, sent once', async () => {
    Object.assign(records.hangups, { left: 1, cut: 0, asked: 0 });
    const res = await post(await devToken('TEAM_ASSISTANT', 'asst-h', 'team-1'), {
      query: 'mutation Archive($id: ID!) { archiveCustomer(customerId: $id) { id } }',
      variables: { id: 'hangup' },
    });
    expect(res.body.data ?? null).toBeNull();
    expect(res.body.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(records.hangups).toEqual({ left: 0, cut: 1, asked: 1 });
  });

  it('accepts a valid HS256 token and refuses a bad one with 401 before any subgraph runs', async () => {
    const ok = await ask(await devToken('ADMIN', 'admin-1', null));
    expect(ok.status).toBe(200);
    expect(ok.body.data?.customer.name).toBe('seen by admin-1');

    records.seen.length = 0;
    const refused = [
      await ask(await devToken('ADMIN', 'admin-1', null, { secret: 'another-secret-0123456789abcdef0123456789' })),
      await ask(await devToken('ADMIN', 'admin-1', null, { expiresIn: '-10s' })),
      await ask(await devToken('ADMIN', 'admin-1', null, { audience: 'someone-else' })),
      await ask('not.a.token'),
    ];
    for (const r of refused) {
      expect(r.status).toBe(401);
      expect(r.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    expect(records.seen).toEqual([]);
  });

  it('counts page sizes given in variables into the cost and refuses an alias bomb before any subgraph runs', async () => {
    const token = await devToken('ADMIN', 'cost-admin', null);
    const bomb = `query Bomb($n: Int, $m: Int) { customers(first: $n) { edges { node { ${Array.from(
      { length: 15 },
      (_, i) => `a${i}: interactions(first: $m) { edges { node { id summary } } }`,
    ).join(' ')} } } } }`;
    records.seen.length = 0;
    for (const variables of [{ n: 100, m: 100 }, { n: 100 }, {}]) {
      const refused = await post(token, { query: bomb, variables });
      expect(refused.status).toBe(400);
      expect(refused.body.data ?? null).toBeNull();
      expect(refused.body.errors?.map((e) => e.extensions)).toEqual([{ code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_COSTLY' }]);
    }
    expect(records.seen).toEqual([]);
    // The same document with small pages is let through to the subgraph: the refusals were the cost's.
    await post(token, { query: bomb, variables: { n: 2, m: 2 } });
    expect(records.seen).toEqual(['cost-admin']);
  });

  it('passes a subgraph\'s full queue on as 503 RATE_LIMITED with Retry-After', async () => {
    const res = await ask(await devToken('ADMIN', 'busy-admin', null), 'busy');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(res.body.errors?.map((e) => e.extensions)).toEqual([{ code: 'RATE_LIMITED', reason: 'SERVICE_BUSY', retryAfter: 1 }]);
  });

  it('answers a body over the limit 413 to a client that sends all of it before reading', async () => {
    const token = await devToken('ADMIN', 'big-admin', null);
    const body = JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(4 * 1024 * 1024) } });
    records.seen.length = 0;
    for (let i = 0; i < 5; i += 1) {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
      expect(res.status).toBe(413);
      expect(await res.json()).toEqual({
        errors: [{ message: expect.stringContaining('larger than'), extensions: { code: 'BAD_USER_INPUT', reason: 'BODY_TOO_LARGE' } }],
      });
    }
    expect(records.seen).toEqual([]);
  });

  it('answers 503 with Retry-After when the JWKS cannot be fetched, on GraphQL and CSV exports alike', async () => {
    // (Before the next test spends the JWKS fetch budget: past it, with the last fetch good, the answer is 401.)
    jwks.state.failing = true;
    try {
      const token = await jwks.sign('rs-rotated');
      const graphql = await ask(token, 'c1', '198.51.100.200');
      expect(graphql.status).toBe(503);
      expect(Number(graphql.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(graphql.body.errors?.map((e) => e.extensions)).toEqual([
        { code: 'RATE_LIMITED', reason: 'IDENTITY_PROVIDER_UNAVAILABLE', retryAfter: Number(graphql.headers.get('retry-after')) },
      ]);
      const csv = await fetch(`${base}/export/pipeline.csv`, { headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': '198.51.100.201' } });
      expect(csv.status).toBe(503);
      expect(csv.headers.get('retry-after')).toBe(graphql.headers.get('retry-after'));
      expect(((await csv.json()) as Body).errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', reason: 'IDENTITY_PROVIDER_UNAVAILABLE' });
      // HS256 tokens do not need the JWKS.
      expect((await ask(await devToken('ADMIN', 'hs-admin', null), 'c1', '198.51.100.202')).status).toBe(200);
    } finally {
      jwks.state.failing = false;
    }
  });

  it('verifies JWKS tokens; an unknown kid, even past the JWKS rate limit, is 401', async () => {
    const ok = await ask(await jwks.sign('rs-1'), 'c1', '198.51.100.1');
    expect(ok.body.data?.customer.name).toBe('seen by rs-user');

    // Made-up kids from many addresses: each one a JWKS fetch, until the fetch rate limit says no more.
    const fetchesBefore = jwks.state.fetches;
    const statuses: number[] = [];
    for (let i = 0; i < 35; i += 1) {
      const res = await ask(await jwks.sign(`made-up-${i}`), 'c1', `198.51.100.${10 + i}`);
      statuses.push(res.status);
      expect(res.body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    }
    expect(statuses).toEqual(Array(35).fill(401));
    expect(jwks.state.fetches - fetchesBefore).toBeLessThan(35);

    // A known kid is still served from the cache.
    expect((await ask(await jwks.sign('rs-1'), 'c1', '198.51.100.2')).status).toBe(200);
  });

  it('limits requests that fail authentication per client address, on GraphQL and CSV exports alike', async () => {
    const from = '203.0.113.7';
    const bad = await devToken('ADMIN', 'x', null, { expiresIn: '-10s' });
    for (let i = 0; i < 5; i += 1) expect((await ask(bad, 'c1', from)).status).toBe(401);
    const limited = await ask(bad, 'c1', from);
    expect(limited.status).toBe(429);
    expect(limited.body.errors?.[0]?.extensions).toEqual({ code: 'RATE_LIMITED', retryAfter: Number(limited.headers.get('retry-after')) });
    // Until the window passes the address is refused without its token being looked at, good or not.
    records.seen.length = 0;
    const good = await devToken('ADMIN', 'good-admin', null);
    expect((await ask(good, 'c1', from)).status).toBe(429);
    const csv = await fetch(`${base}/export/pipeline.csv`, { headers: { authorization: `Bearer ${good}`, 'x-forwarded-for': from } });
    expect(csv.status).toBe(429);
    expect(records.seen).toEqual([]);
    // Another address is not affected.
    expect((await ask(good, 'c1', '203.0.113.8')).status).toBe(200);
    // Without a trusted proxy in front the header would be ignored: see rate-limit.spec.ts.
  });
});
