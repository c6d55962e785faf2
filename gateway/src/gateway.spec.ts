import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Redis } from 'ioredis';
import { IDENTITY_HEADER, createRequestVerifier, redisReplayGuard } from '@salestrail/platform/dist/identity';
import { devToken, freePort, TEST_IDENTITY_ENV, TEST_JWT_SECRET, waitFor } from '@salestrail/testkit';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * A stand-in records subgraph: it verifies the gateway's signed identity as the subgraphs do (for records,
 * against the request it received, once), holds each answer for a while (so that requests overlap) and
 * answers a customer named after the caller.
 */
async function fakeRecords(holdMs: number) {
  const seen: string[] = [];
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
      verifier.caller(req.headers[IDENTITY_HEADER] as string | undefined, { method: req.method ?? '', path, query, body }).then(
        (actor) => {
          seen.push(actor.userId);
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
  return { url: `http://127.0.0.1:${port}/graphql`, seen, close };
}

/**
 * The built gateway (`dist/main.js`, as `npm start` runs it; the Rust planner is loaded by a dynamic
 * import that jest's module sandbox does not run) in front of the stand-in subgraph.
 */
describe('gateway process against a stand-in subgraph', () => {
  let records: Awaited<ReturnType<typeof fakeRecords>>;
  let gateway: ChildProcess;
  let url: string;
  const output: string[] = [];

  beforeAll(async () => {
    records = await fakeRecords(150);
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
        REDIS_URL: REDIS_URL,
        QUEUE_PREFIX: `gwspec${process.pid}`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    gateway.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
    gateway.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
    url = `http://127.0.0.1:${port}/graphql`;
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
  });

  const ask = async (token: string) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: 'query One($id: ID!) { customer(id: $id) { id name } }', variables: { id: 'c1' } }),
    });
    return { status: res.status, body: (await res.json()) as { data?: { customer: { name: string } }; errors?: Array<{ extensions?: { code?: string } }> } };
  };

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
});
