import { spawn, type ChildProcess } from 'node:child_process';
import { createSecretKey, generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SignJWT, exportJWK, exportSPKI, generateKeyPair, jwtVerify, type JWK, type KeyLike } from 'jose';
import type { Role } from '@salestrail/contract';
import { createIdentitySigner, IDENTITY_HEADER, requestOf } from '@salestrail/platform';
import { TEST_IDENTITY_PRIVATE_KEY, TEST_JWT_SECRET, waitFor } from '@salestrail/testkit';
import { answerOf, customerInput, freePort, TestSystem, type GraphQLResponse } from './system';

const ROOT = path.resolve(__dirname, '../..');
const ISSUER = 'https://id.salestrail.test';
// A page of one: a page left without a size counts at its cap (100) in the cost, past the tight limit below.
const COUNT = `query Count($filter: CustomerFilter) { customers(filter: $filter, first: 1) { totalCount } }`;
const CREATE = `mutation Create($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }`;

interface Claims {
  sub?: unknown;
  role?: unknown;
  team?: unknown;
  name?: unknown;
}

/** A token with every knob of the claim set and signature exposed, for the rejection table. */
async function token(
  claims: Claims,
  options: {
    key?: KeyLike | Uint8Array;
    alg?: string;
    kid?: string;
    audience?: string | null;
    issuer?: string | null;
    expiresIn?: string | number | null;
  } = {},
): Promise<string> {
  const jwt = new SignJWT({ ...claims } as Record<string, unknown>)
    .setProtectedHeader({ alg: options.alg ?? 'HS256', typ: 'JWT', ...(options.kid ? { kid: options.kid } : {}) })
    .setIssuedAt();
  if (typeof claims.sub === 'string') jwt.setSubject(claims.sub);
  if (options.audience !== null) jwt.setAudience(options.audience ?? 'salestrail');
  if (options.issuer !== null) jwt.setIssuer(options.issuer ?? ISSUER);
  if (options.expiresIn !== null) jwt.setExpirationTime(options.expiresIn ?? '1h');
  return jwt.sign(options.key ?? createSecretKey(Buffer.from(TEST_JWT_SECRET, 'utf8')));
}

function rep(sub: string, team: string): Claims {
  return { sub, role: 'SALES_REP', team, name: sub };
}

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

async function post(url: string, init: { body: string; headers?: Record<string, string> }) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...init.headers },
    body: init.body,
  });
  return { ...(await answerOf(res)), headers: res.headers };
}

function expectUnauthenticated(res: GraphQLResponse): void {
  expect(res.data ?? null).toBeNull();
  expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
}

/** A JWKS endpoint like an OIDC provider's, whose key set the test rotates; it counts the fetches. */
class JwksServer {
  keys: JWK[] = [];
  fetches = 0;
  private server?: http.Server;
  url = '';

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      this.fetches += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: this.keys }));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/.well-known/jwks.json`;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server!.close(resolve));
  }
}

async function signingKey(alg: 'RS256' | 'ES256', kid: string) {
  const pair = await generateKeyPair(alg, { extractable: true });
  const jwk = { ...(await exportJWK(pair.publicKey)), kid, alg, use: 'sig' };
  return { ...pair, jwk, kid, alg };
}

describe('identity at the gateway (HS256 and a JWKS, issuer required)', () => {
  const jwks = new JwksServer();
  let system: TestSystem;
  let rs1: Awaited<ReturnType<typeof signingKey>>;
  let es1: Awaited<ReturnType<typeof signingKey>>;

  beforeAll(async () => {
    rs1 = await signingKey('RS256', 'rs-1');
    es1 = await signingKey('ES256', 'es-1');
    jwks.keys = [rs1.jwk, es1.jwk];
    await jwks.start();
    system = await TestSystem.start('authjwt', { AUTH_JWKS_URL: jwks.url, AUTH_ISSUER: ISSUER });
  }, 90_000);
  afterAll(async () => {
    await system?.stop();
    await jwks.stop();
  });

  it('serves a valid HS256 token and keeps health checks anonymous', async () => {
    const ok = await system.graphql<{ customers: { totalCount: number } }>(await token(rep('hs-ok', 'team-hs')), COUNT);
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.customers.totalCount).toBe(0);
    for (const endpoint of ['/healthz', '/readyz']) {
      const res = await fetch(`http://127.0.0.1:${system.ports.gateway}${endpoint}`);
      expect(res.status).toBe(200);
    }
  });

  it('refuses every bad token with UNAUTHENTICATED and acts on none of them', async () => {
    const mallory = rep('mallory', 'team-mallory');
    const valid = await token(mallory);
    const [header, payload, signature] = valid.split('.') as [string, string, string];
    const tampered = `${header}.${b64({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), role: 'ADMIN' })}.${signature}`;
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`;
    const stranger = await signingKey('RS256', 'rs-1');
    const rsaPem = await exportSPKI(rs1.publicKey);
    const cases: Array<[string, string | null]> = [
      ['missing token', null],
      ['expired', await token(mallory, { expiresIn: Math.floor(Date.now() / 1000) - 120 })],
      ['tampered payload', tampered],
      ['alg none', unsigned],
      ['alg none with a signature', `${b64({ alg: 'none' })}.${payload}.${signature}`],
      ['wrong HS key', await token(mallory, { key: createSecretKey(Buffer.from('w'.repeat(48))) })],
      ['wrong audience', await token(mallory, { audience: 'someone-else' })],
      ['no audience', await token(mallory, { audience: null })],
      ['wrong issuer', await token(mallory, { issuer: 'https://evil.example' })],
      ['no issuer', await token(mallory, { issuer: null })],
      ['no expiry', await token(mallory, { expiresIn: null })],
      ['no sub', await token({ role: 'SALES_REP', team: 'team-mallory' })],
      ['unknown role', await token({ ...mallory, role: 'SUPERUSER' })],
      ['no role', await token({ sub: 'mallory', team: 'team-mallory' })],
      ['team not a string', await token({ ...mallory, team: 42 })],
      ['RS256 by a key not in the JWKS, same kid', await token(mallory, { key: stranger.privateKey, alg: 'RS256', kid: 'rs-1' })],
      ['RS256 with an unknown kid', await token(mallory, { key: stranger.privateKey, alg: 'RS256', kid: 'nobody' })],
      [
        'HS256 keyed with the JWKS public key (algorithm confusion)',
        await token(mallory, { key: createSecretKey(Buffer.from(rsaPem)), alg: 'HS256', kid: 'rs-1' }),
      ],
      ['not a JWT', 'not-a-jwt'],
    ];
    for (const [name, bad] of cases) {
      const res = await system.graphql(bad, CREATE, { input: customerInput(`坏令牌-${name}`) });
      try {
        expectUnauthenticated(res);
        expect(res.status).toBe(401);
      } catch (error) {
        throw new Error(`${name}: ${JSON.stringify(res)}`, { cause: error });
      }
    }
    for (const header of ['Basic bWFsbG9yeTpwdw==', 'Bearer', `Token ${valid}`]) {
      const res = await post(system.gatewayUrl, {
        body: JSON.stringify({ query: CREATE, variables: { input: customerInput('坏头') } }),
        headers: { authorization: header },
      });
      expectUnauthenticated(res.body!);
    }
    const admin = await token({ sub: 'admin-auth', role: 'ADMIN', name: 'admin' });
    const count = await system.graphql<{ customers: { totalCount: number } }>(admin, COUNT, {
      filter: { teamId: 'team-mallory' },
    });
    expect(count.errors).toBeUndefined();
    expect(count.data!.customers.totalCount).toBe(0);
  });

  it('accepts RS256 and ES256 tokens from the JWKS, caches the keys and follows a key rotation', async () => {
    const viaKey = (k: typeof rs1, sub: string) => token(rep(sub, 'team-jwks'), { key: k.privateKey, alg: k.alg, kid: k.kid });
    const rsRes = await system.graphql<{ customers: { totalCount: number } }>(await viaKey(rs1, 'rs-user'), COUNT);
    expect(rsRes.errors).toBeUndefined();
    expect(rsRes.data!.customers.totalCount).toBe(0);
    const esRes = await system.graphql<{ customers: { totalCount: number } }>(await viaKey(es1, 'es-user'), COUNT);
    expect(esRes.errors).toBeUndefined();

    // Known kids are served from the cache.
    const fetchesBefore = jwks.fetches;
    for (let i = 0; i < 3; i += 1) {
      const again = await system.graphql(await viaKey(rs1, 'rs-user'), COUNT);
      expect(again.errors).toBeUndefined();
    }
    expect(jwks.fetches).toBe(fetchesBefore);

    // The provider rotates: a new key under a new kid; the gateway refetches on the unknown kid.
    const rs2 = await signingKey('RS256', 'rs-2');
    jwks.keys = [rs2.jwk, es1.jwk];
    const rotated = await system.graphql<{ createCustomer: { id: string } }>(await viaKey(rs2, 'rs-rotated'), CREATE, {
      input: customerInput('轮换公司'),
    });
    expect(rotated.errors).toBeUndefined();
    expect(rotated.data!.createCustomer.id).toBeTruthy();
    expect(jwks.fetches).toBe(fetchesBefore + 1);
  });

  it('refuses introspection outside development, cross-site simple requests and batches', async () => {
    const user = await token(rep('introspect', 'team-introspect'));
    const intro = await system.graphql(user, '{ __schema { types { name } } }');
    expect(intro.data ?? null).toBeNull();
    expect(intro.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INTROSPECTION_DISABLED' });

    const csrf = await post(system.gatewayUrl, {
      body: JSON.stringify({ query: CREATE, variables: { input: customerInput('跨站公司') } }),
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${user}` },
    });
    expect(csrf.status).toBe(403);
    expect(csrf.body?.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'CSRF_HEADER_REQUIRED' });

    const batch = await post(system.gatewayUrl, {
      body: JSON.stringify([{ query: COUNT }, { query: COUNT }]),
      headers: { authorization: `Bearer ${user}` },
    });
    expect(batch.status).toBe(400);
    expect(JSON.stringify(batch.body)).not.toContain('totalCount');
    expect(batch.body?.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'BATCHING_NOT_SUPPORTED' });

    const count = await system.graphql<{ customers: { totalCount: number } }>(user, COUNT);
    expect(count.data!.customers.totalCount).toBe(0);

    // No GraphiQL and no landing page outside development: /graphql is the API only, and / is the web app.
    const api = await fetch(system.gatewayUrl, { headers: { accept: 'text/html' } });
    expect(api.headers.get('content-type') ?? '').not.toContain('text/html');
    expect(await api.text()).not.toMatch(/graphiql|<html/i);
    const root = await fetch(`http://127.0.0.1:${system.ports.gateway}/`, { headers: { accept: 'text/html' } });
    const html = await root.text();
    expect(html).not.toMatch(/graphiql/i);
    expect(html).toContain('<div id="root"></div>');
  });

  it('gives nothing to a caller of a subgraph port without the gateway signature', async () => {
    const actor = { userId: 'direct', name: 'direct', role: 'ADMIN' as Role, teamId: null };
    const sign = createIdentitySigner(TEST_IDENTITY_PRIVATE_KEY);
    const signExpired = createIdentitySigner(TEST_IDENTITY_PRIVATE_KEY, -120);
    const signStranger = createIdentitySigner(generateKeyPairSync('ed25519').privateKey);
    for (const [name, port] of Object.entries({
      records: system.ports.records,
      workflow: system.ports.workflow,
      analytics: system.ports.analytics,
    })) {
      const url = `http://127.0.0.1:${port}/graphql`;
      const entities = JSON.stringify({
        query: 'query ($r: [_Any!]!) { _entities(representations: $r) { __typename } }',
        variables: { r: [{ __typename: 'Customer', id: '00000000-0000-0000-0000-000000000000' }] },
      });
      const bodies = [JSON.stringify({ query: '{ _service { sdl } }' }), JSON.stringify({ query: '{ __typename }' }), entities];
      for (const body of bodies) {
        const other = JSON.stringify({ query: '{ __typename }', extensions: { other: true } });
        const attempts: Array<[string, Record<string, string>]> = [
          ['no signature', {}],
          ['a signature over another body', { [IDENTITY_HEADER]: sign(actor, requestOf(name, 'POST', url, other)) }],
          ['a signature by another key', { [IDENTITY_HEADER]: signStranger(actor, requestOf(name, 'POST', url, body)) }],
          ['an expired signature', { [IDENTITY_HEADER]: signExpired(actor, requestOf(name, 'POST', url, body)) }],
          ['a user JWT instead', { [IDENTITY_HEADER]: await token({ sub: 'direct', role: 'ADMIN' }), authorization: `Bearer ${await token({ sub: 'direct', role: 'ADMIN' })}` }],
        ];
        for (const [what, headers] of attempts) {
          const res = await post(url, { body, headers });
          try {
            expect(res.status).toBe(401);
            expect(res.body?.data ?? null).toBeNull();
            expect(res.body?.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
            expect(res.text).not.toContain('sdl');
          } catch (error) {
            throw new Error(`${name} with ${what}: ${res.status} ${res.text}`, { cause: error });
          }
        }
      }
      // The same request signed as the gateway signs it is answered: the refusals above are the signature's.
      const signed = JSON.stringify({ query: '{ __typename }' });
      const ok = await post(url, {
        body: signed,
        headers: { [IDENTITY_HEADER]: sign(actor, requestOf(name, 'POST', url, signed)) },
      });
      expect(ok.status).toBe(200);
      expect(ok.body?.data).toEqual({ __typename: 'Query' });
    }
  });
});

describe('abuse limits at the gateway', () => {
  let system: TestSystem;
  const extra: ChildProcess[] = [];
  beforeAll(async () => {
    system = await TestSystem.start('authlim', {
      GATEWAY_MAX_DEPTH: '2',
      GATEWAY_MAX_ALIASES: '3',
      GATEWAY_MAX_COST: '40',
      GATEWAY_MAX_TOKENS: '200',
      GATEWAY_MAX_BODY_BYTES: '4096',
      GATEWAY_RATE_LIMIT_POINTS: '12',
      GATEWAY_RATE_LIMIT_DURATION_S: '60',
    });
  }, 90_000);
  afterAll(async () => {
    for (const child of extra) {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
    }
    await system?.stop();
  });

  const user = (sub: string) => token(rep(sub, `team-${sub}`), { issuer: null });
  const count = async (t: string) =>
    (await system.graphql<{ customers: { totalCount: number } }>(t, COUNT)).data!.customers.totalCount;

  it('rejects too deep, too many aliases and too costly documents before any subgraph acts', async () => {
    const t = await user('limits');
    const cases: Array<[string, string]> = [
      ['QUERY_TOO_DEEP', `mutation ($input: CreateCustomerInput!) { createCustomer(input: $input) { id contacts { id } } }`],
      [
        'TOO_MANY_ALIASES',
        `mutation ($input: CreateCustomerInput!) { a: createCustomer(input: $input) { id } b: createCustomer(input: $input) { id } c: createCustomer(input: $input) { id } d: createCustomer(input: $input) { id } }`,
      ],
      ['QUERY_TOO_COSTLY', `mutation ($input: CreateCustomerInput!) { createCustomer(input: $input) { ${'id '.repeat(45)} } }`],
    ];
    for (const [reason, query] of cases) {
      const res = await system.graphql(t, query, { input: customerInput(`限制-${reason}`) });
      expect(res.data ?? null).toBeNull();
      expect(res.errors?.map((e) => e.extensions?.reason)).toContain(reason);
      expect(res.errors?.every((e) => e.extensions?.code === 'BAD_USER_INPUT')).toBe(true);
    }
    expect(await count(t)).toBe(0);
    // Clients that accept application/graphql-response+json get the refusal as HTTP 400.
    const strict = await post(system.gatewayUrl, {
      body: JSON.stringify({ query: cases[0]![1], variables: { input: customerInput('限制-严格') } }),
      headers: { authorization: `Bearer ${t}`, accept: 'application/graphql-response+json' },
    });
    expect(strict.status).toBe(400);
    expect(strict.body?.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_DEEP' });
    expect(await count(t)).toBe(0);
    // Within the limits the same mutation goes through.
    const ok = await system.graphql(t, CREATE, { input: customerInput('限制内公司') });
    expect(ok.errors).toBeUndefined();
    expect(await count(t)).toBe(1);
  });

  it('counts a literal page size into the cost and limits the tokens of a document', async () => {
    const t = await user('cost');
    const big = await system.graphql(t, '{ customers(first: 50) { totalCount } }');
    expect(big.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_COSTLY' });
    const small = await system.graphql(t, '{ customers(first: 5) { totalCount } }');
    expect(small.errors).toBeUndefined();
    const long = await system.graphql(t, `{ customers { ${'totalCount '.repeat(250)} } }`);
    expect(long.data ?? null).toBeNull();
    expect(long.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'TOO_MANY_TOKENS' });
  });

  it('answers a body over the limit with 413 and a typed error, announced or streamed', async () => {
    const t = await user('body');
    const padded = (size: number) => {
      const base = JSON.stringify({ query: COUNT, variables: { filter: { teamId: 'team-body' } } });
      return base.replace('"query":"', `"query":"${' '.repeat(size - base.length)}`);
    };
    const under = await post(system.gatewayUrl, { body: padded(4000), headers: { authorization: `Bearer ${t}` } });
    expect(under.status).toBe(200);
    expect(under.body?.data).toEqual({ customers: { totalCount: 0 } });

    const over = await post(system.gatewayUrl, {
      body: JSON.stringify({ query: CREATE, variables: { input: customerInput('大'.repeat(3000)) } }),
      headers: { authorization: `Bearer ${t}` },
    });
    expect(over.status).toBe(413);
    expect(over.body?.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'BODY_TOO_LARGE' });

    const streamed = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        system.gatewayUrl,
        { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${t}`, 'transfer-encoding': 'chunked' } },
        (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      const payload = padded(6000);
      for (let i = 0; i < payload.length; i += 1000) req.write(payload.slice(i, i + 1000));
      req.end();
    });
    expect(streamed.status).toBe(413);
    expect(JSON.parse(streamed.body).errors[0].extensions.reason).toBe('BODY_TOO_LARGE');
    expect(await count(t)).toBe(0);
  });

  it('limits each user, across gateway replicas, with RATE_LIMITED and a retry-after hint', async () => {
    const limited = await user('rate-limited');
    for (let i = 0; i < 12; i += 1) {
      const res = await system.graphql(limited, COUNT);
      expect(res.errors).toBeUndefined();
    }
    const res = await fetch(system.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${limited}` },
      body: JSON.stringify({ query: CREATE, variables: { input: customerInput('超限公司') } }),
    });
    const body = (await res.json()) as GraphQLResponse;
    expect(res.status).toBe(429);
    const retryAfter = Number(res.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions).toEqual({ code: 'RATE_LIMITED', retryAfter });

    // Another user is unaffected.
    const other = await system.graphql(await user('rate-other'), COUNT);
    expect(other.errors).toBeUndefined();

    // A second gateway replica on the same Redis refuses the same user too.
    const port = await freePort();
    const replica = spawn(process.execPath, [path.join(ROOT, 'gateway/dist/main.js')], {
      cwd: ROOT,
      env: { ...system.env, GATEWAY_PORT: String(port), GATEWAY_METRICS_PORT: '0' },
      stdio: 'ignore',
    });
    extra.push(replica);
    await waitFor(
      async () => {
        const r = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => null);
        return r?.ok ? true : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 100, what: 'the second gateway' },
    );
    const viaReplica = await post(`http://127.0.0.1:${port}/graphql`, {
      body: JSON.stringify({ query: COUNT }),
      headers: { authorization: `Bearer ${limited}` },
    });
    expect(viaReplica.status).toBe(429);
    expect(viaReplica.body?.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');

    const rep2 = await user('rate-other');
    expect(await count(rep2)).toBe(0);
  });

  it('without Redis a gateway is not ready, yet still limits each user in its own memory', async () => {
    const port = await freePort();
    const deadRedis = `redis://127.0.0.1:${await freePort()}`;
    const lonely = spawn(process.execPath, [path.join(ROOT, 'gateway/dist/main.js')], {
      cwd: ROOT,
      env: { ...system.env, GATEWAY_PORT: String(port), GATEWAY_METRICS_PORT: '0', REDIS_URL: deadRedis },
      stdio: 'ignore',
    });
    extra.push(lonely);
    const base = `http://127.0.0.1:${port}`;
    await waitFor(
      async () => ((await fetch(`${base}/healthz`).catch(() => null))?.ok ? true : undefined),
      { timeoutMs: 30_000, intervalMs: 100, what: 'the gateway without Redis to listen' },
    );
    expect((await fetch(`${base}/readyz`)).status).toBe(503);

    const t = await user('no-redis');
    const statuses: number[] = [];
    for (let i = 0; i < 13; i += 1) {
      const res = await post(`${base}/graphql`, { body: JSON.stringify({ query: COUNT }), headers: { authorization: `Bearer ${t}` } });
      statuses.push(res.status);
      if (i < 12) expect(res.body?.data).toEqual({ customers: { totalCount: 0 } });
      else expect(res.body?.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    }
    expect(statuses).toEqual([...Array(12).fill(200), 429]);

    // SIGTERM stops it cleanly even so.
    const exited = new Promise<number | null>((resolve) => lonely.once('exit', (code) => resolve(code)));
    lonely.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('prints a development token with `npm run token` that the gateway accepts', async () => {
    const run = (args: string[]) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [path.join(ROOT, 'infra/scripts/token.mjs'), ...args], {
          cwd: ROOT,
          env: { PATH: process.env.PATH ?? '', AUTH_JWT_SECRET: TEST_JWT_SECRET, AUTH_AUDIENCE: 'salestrail' },
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('exit', (code) => resolve({ code, stdout, stderr }));
      });
    const printed = await run(['--role', 'SALES_REP', '--user', 'u1', '--team', 't1']);
    expect(printed.code).toBe(0);
    const jwt = printed.stdout.trim();
    const { payload, protectedHeader } = await jwtVerify(jwt, createSecretKey(Buffer.from(TEST_JWT_SECRET, 'utf8')), {
      audience: 'salestrail',
      algorithms: ['HS256'],
    });
    expect(protectedHeader.alg).toBe('HS256');
    expect(payload).toMatchObject({ sub: 'u1', role: 'SALES_REP', team: 't1' });
    expect(typeof payload.exp).toBe('number');
    const res = await system.graphql(jwt, COUNT);
    expect(res.errors).toBeUndefined();

    const bad = await run(['--role', 'KING', '--user', 'u1']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('usage');
  });
});
