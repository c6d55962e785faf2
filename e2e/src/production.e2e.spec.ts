import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { devToken, freePort, waitFor } from '@salestrail/testkit';

const ROOT = path.resolve(__dirname, '../..');
const MAINS = {
  gateway: 'gateway/dist/main.js',
  records: 'services/records/dist/main.js',
  workflow: 'services/workflow/dist/main.js',
  analytics: 'services/analytics/dist/main.js',
} as const;

/** .env.example's variables, as an operator who copied it would run with them. */
function envExample(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(path.join(ROOT, '.env.example'), 'utf8').split('\n')) {
    const m = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

/** Runs a built process until it exits (it should, at once) and returns its exit code and output. */
function runToExit(main: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, main)], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout!.on('data', (d: Buffer) => chunks.push(d));
    child.stderr!.on('data', (d: Buffer) => chunks.push(d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${main} did not exit: ${Buffer.concat(chunks).toString()}`));
    }, 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output: Buffer.concat(chunks).toString() });
    });
  });
}

describe('production refuses development secrets', () => {
  // Ports nobody listens on: a process that got past its configuration would hang, not exit.
  const unreachable = { REDIS_URL: 'redis://127.0.0.1:1', RECORDS_DATABASE_URL: 'postgres://postgres@127.0.0.1:1/x' };

  it.each(Object.entries(MAINS))('%s, with NODE_ENV unset and .env.example copied, stops naming each secret', async (_name, main) => {
    const env: Record<string, string> = { ...envExample(), ...unreachable };
    delete env.NODE_ENV;
    const { code, output } = await runToExit(main, env);
    expect(code).toBe(1);
    if (main === MAINS.gateway) {
      expect(output).toMatch(/GATEWAY_IDENTITY_PRIVATE_KEY: is a development value published in the SalesTrail repository/);
      expect(output).toMatch(/AUTH_JWT_SECRET: is a development value published/);
    } else {
      expect(output).toMatch(/SERVICE_EVENTS_KEY: is a development value published in the SalesTrail repository/);
      expect(output).toMatch(/GATEWAY_IDENTITY_PUBLIC_KEY: belongs to a development key pair published in the SalesTrail repository/);
    }
  });

  it.each(Object.entries(MAINS))('%s stops when a secret is missing or short', async (_name, main) => {
    const short = { SERVICE_EVENTS_KEY: 'x'.repeat(20), GATEWAY_IDENTITY_PRIVATE_KEY: 'x'.repeat(20) };
    const { code, output } = await runToExit(main, { NODE_ENV: 'production', ...short, ...unreachable });
    expect(code).toBe(1);
    if (main === MAINS.gateway) {
      expect(output).toMatch(/GATEWAY_IDENTITY_PRIVATE_KEY/);
      expect(output).toMatch(/AUTH_JWT_SECRET/);
    } else {
      expect(output).toMatch(/SERVICE_EVENTS_KEY/);
      expect(output).toMatch(/GATEWAY_IDENTITY_PUBLIC_KEY/);
    }
  });
});

describe('production gateway with an OIDC provider', () => {
  let jwksServer: http.Server;
  let jwksUrl: string;
  let signRs: (claims: Record<string, unknown>) => Promise<string>;

  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'prod-1', alg: 'RS256', use: 'sig' };
    jwksServer = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((r) => jwksServer.listen(0, '127.0.0.1', r));
    jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks.json`;
    signRs = (claims) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: 'prod-1' })
        .setAudience('salestrail')
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(privateKey);
  });
  afterAll(() => new Promise<void>((r) => jwksServer.close(() => r())));

  async function gateway(extra: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
    const port = await freePort();
    const child = spawn(process.execPath, [path.join(ROOT, MAINS.gateway)], {
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        GATEWAY_PORT: String(port),
        GATEWAY_METRICS_PORT: '0',
        AUTH_JWKS_URL: jwksUrl,
        AUTH_JWT_SECRET: randomBytes(48).toString('base64'),
        GATEWAY_IDENTITY_PRIVATE_KEY: generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
        REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
        QUEUE_PREFIX: `prodspec${process.pid}`,
        ...extra,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const base = `http://127.0.0.1:${port}`;
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error('gateway exited');
        const res = await fetch(`${base}/healthz`).catch(() => null);
        return res?.ok ? true : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 100, what: 'the gateway' },
    );
    return { url: `${base}/graphql`, child };
  }

  async function ask(url: string, token: string) {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    return { status: res.status, body: (await res.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] } };
  }

  it('refuses HS256 tokens unless AUTH_HS256_ENABLED=true, and takes the provider’s tokens', async () => {
    const secret = randomBytes(48).toString('base64');
    const hs = await devToken('ADMIN', 'admin-1', null, { secret });
    const rs = await signRs({ sub: 'admin-1', role: 'ADMIN', name: '管理员' });

    const strict = await gateway({ AUTH_JWT_SECRET: secret });
    try {
      const refused = await ask(strict.url, hs);
      expect(refused.status).toBe(401);
      expect(refused.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect((await ask(strict.url, rs)).body).toEqual({ data: { __typename: 'Query' } });
    } finally {
      strict.child.kill('SIGTERM');
    }

    const enabled = await gateway({ AUTH_JWT_SECRET: secret, AUTH_HS256_ENABLED: 'true' });
    try {
      expect((await ask(enabled.url, hs)).body).toEqual({ data: { __typename: 'Query' } });
    } finally {
      enabled.child.kill('SIGTERM');
    }
  }, 90_000);

  it('starts without an HS256 secret when a JWKS is set', async () => {
    const { child } = await gateway({ AUTH_JWT_SECRET: '' });
    child.kill('SIGTERM');
  }, 40_000);
});
