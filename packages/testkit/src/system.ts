import { spawn, type ChildProcess } from 'node:child_process';
import { createSecretKey } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { SignJWT } from 'jose';
import { Client } from 'pg';
import type { Role } from '@salestrail/contract';
import {
  TEST_IDENTITY_PRIVATE_KEY,
  TEST_IDENTITY_PUBLIC_KEY,
  TEST_JWT_SECRET,
  TEST_SERVICE_EVENTS_KEY,
  testDatabaseUrl,
  testQueuePrefix,
  testRedisUrl,
} from './run';
import { waitFor } from './wait';

/** The repository root (this file runs from packages/testkit/dist). */
const ROOT = path.resolve(__dirname, '../../..');

export type ProcessName = 'records' | 'workflow' | 'analytics' | 'gateway' | 'records-relay' | 'dev-idp';
const ENTRIES: Record<ProcessName, string> = {
  records: 'services/records/dist/main.js',
  workflow: 'services/workflow/dist/main.js',
  analytics: 'services/analytics/dist/main.js',
  gateway: 'gateway/dist/main.js',
  'records-relay': 'services/records/dist/relay.js',
  'dev-idp': 'packages/dev-idp/dist/main.js',
};
/** What says a process is ready: the services' `/readyz`, the identity provider's discovery document. */
const READY_PATH: Partial<Record<ProcessName, string>> = { 'dev-idp': '/.well-known/openid-configuration' };

export interface TestSystemOptions {
  /**
   * Start the development OpenID Connect provider (packages/dev-idp) before the gateway and point the
   * gateway at its JWKS, as `npm start` does: for sign-in tests through the real flow. HS256 test tokens
   * keep working beside it.
   */
  identityProvider?: boolean;
}

/** The heap caps `npm start` runs the processes with (infra/scripts/lib/processes.mjs), so tests and benchmarks run the same. */
const NODE_ARGS: Partial<Record<ProcessName, string[]>> = {
  records: ['--max-old-space-size=160'],
  'records-relay': ['--max-old-space-size=160'],
  gateway: ['--max-old-space-size=128'],
};

/** The identity settings every process of a test system gets (each reads the ones it uses). */
export const TEST_IDENTITY_ENV = {
  GATEWAY_IDENTITY_PRIVATE_KEY: TEST_IDENTITY_PRIVATE_KEY,
  GATEWAY_IDENTITY_PUBLIC_KEY: TEST_IDENTITY_PUBLIC_KEY,
  SERVICE_EVENTS_KEY: TEST_SERVICE_EVENTS_KEY,
} as const;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, unknown> }>;
}

export async function devToken(
  role: Role,
  userId: string,
  teamId: string | null,
  options: { secret?: string; expiresIn?: string; audience?: string; name?: string; email?: string } = {},
): Promise<string> {
  const claims = { role, name: options.name ?? userId, ...(teamId ? { team: teamId } : {}), ...(options.email ? { email: options.email } : {}) };
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(userId)
    .setAudience(options.audience ?? 'salestrail')
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '1h')
    .sign(createSecretKey(Buffer.from(options.secret ?? TEST_JWT_SECRET, 'utf8')));
}

/**
 * The whole system as separate processes (built code, as `npm start` runs it), on free ports, with this
 * test run's databases and Redis prefix. `name` keeps the databases of two systems in one run apart.
 */
export class TestSystem {
  readonly processes = new Map<ProcessName, ChildProcess>();
  readonly env: Record<string, string>;
  /** Listening ports; the separate records relay serves only its health endpoints on its own. */
  readonly ports: Record<ProcessName, number>;
  /** Each process's Prometheus metrics port (`GET /metrics`). */
  readonly metricsPorts: Record<'records' | 'workflow' | 'analytics' | 'gateway' | 'records-relay', number>;
  readonly output: string[] = [];

  private constructor(
    name: string,
    ports: TestSystem['ports'],
    metricsPorts: TestSystem['metricsPorts'],
    extraEnv: Record<string, string>,
    options: TestSystemOptions,
  ) {
    this.ports = ports;
    this.metricsPorts = metricsPorts;
    const idp = `http://127.0.0.1:${ports['dev-idp']}`;
    const app = [`http://127.0.0.1:${ports.gateway}`, `http://localhost:${ports.gateway}`];
    this.env = {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      ...TEST_IDENTITY_ENV,
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      REDIS_URL: testRedisUrl(),
      QUEUE_PREFIX: testQueuePrefix(name),
      RECORDS_DATABASE_URL: testDatabaseUrl(`${name}_records`),
      WORKFLOW_DATABASE_URL: testDatabaseUrl(`${name}_workflow`),
      ANALYTICS_DATABASE_URL: testDatabaseUrl(`${name}_analytics`),
      RECORDS_PORT: String(ports.records),
      WORKFLOW_PORT: String(ports.workflow),
      ANALYTICS_PORT: String(ports.analytics),
      GATEWAY_PORT: String(ports.gateway),
      RECORDS_RELAY_PORT: String(ports['records-relay']),
      GATEWAY_METRICS_PORT: String(metricsPorts.gateway),
      RECORDS_METRICS_PORT: String(metricsPorts.records),
      WORKFLOW_METRICS_PORT: String(metricsPorts.workflow),
      ANALYTICS_METRICS_PORT: String(metricsPorts.analytics),
      RECORDS_RELAY_METRICS_PORT: String(metricsPorts['records-relay']),
      RECORDS_URL: `http://127.0.0.1:${ports.records}/graphql`,
      WORKFLOW_URL: `http://127.0.0.1:${ports.workflow}/graphql`,
      ANALYTICS_URL: `http://127.0.0.1:${ports.analytics}/graphql`,
      RECORDS_EVENTS_URL: `http://127.0.0.1:${ports.records}`,
      WORKFLOW_EVENTS_URL: `http://127.0.0.1:${ports.workflow}`,
      // Tests' webhook receivers listen on 127.0.0.1, which webhooks reach only when the operator allows it.
      WORKFLOW_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      ...(options.identityProvider
        ? {
            DEV_IDP_PORT: String(ports['dev-idp']),
            DEV_IDP_ISSUER: idp,
            DEV_IDP_APP_ORIGINS: app.join(','),
            AUTH_JWKS_URL: `${idp}/jwks`,
            WEB_OIDC_ISSUER: idp,
            WEB_OIDC_CLIENT_ID: 'salestrail-web',
          }
        : {}),
      ...extraEnv,
    };
  }

  static async start(name = 'e2e', extraEnv: Record<string, string> = {}, options: TestSystemOptions = {}): Promise<TestSystem> {
    const ports = {
      records: await freePort(),
      workflow: await freePort(),
      analytics: await freePort(),
      gateway: await freePort(),
      'records-relay': await freePort(),
      'dev-idp': await freePort(),
    };
    const metricsPorts = {
      records: await freePort(),
      workflow: await freePort(),
      analytics: await freePort(),
      gateway: await freePort(),
      'records-relay': await freePort(),
    };
    const system = new TestSystem(name, ports, metricsPorts, extraEnv, options);
    const first: ProcessName[] = ['records', 'workflow', 'analytics', ...(options.identityProvider ? (['dev-idp'] as const) : [])];
    try {
      await Promise.all(first.map((p) => system.startProcess(p)));
      await system.startProcess('gateway');
    } catch (error) {
      await system.stop();
      throw new Error(`${(error as Error).message}\n${system.output.slice(-30).join('')}`, { cause: error });
    }
    return system;
  }

  get gatewayUrl(): string {
    return `http://127.0.0.1:${this.ports.gateway}/graphql`;
  }

  /** The development identity provider's issuer (started with `identityProvider: true`). */
  get issuerUrl(): string {
    return `http://127.0.0.1:${this.ports['dev-idp']}`;
  }

  async startProcess(name: ProcessName): Promise<void> {
    const child = spawn(process.execPath, [...(NODE_ARGS[name] ?? []), path.join(ROOT, ENTRIES[name])], {
      cwd: ROOT,
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => this.output.push(`[${name}] ${d.toString()}`));
    child.stderr!.on('data', (d: Buffer) => this.output.push(`[${name}] ${d.toString()}`));
    this.processes.set(name, child);
    const port = this.ports[name];
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
        const res = await fetch(`http://127.0.0.1:${port}${READY_PATH[name] ?? '/readyz'}`).catch(() => null);
        return res?.ok ? true : undefined;
      },
      { timeoutMs: 45_000, intervalMs: 100, what: `${name} to be ready` },
    );
  }

  /** kill -9: no graceful shutdown, as in a crash. */
  async kill(name: ProcessName): Promise<void> {
    const child = this.processes.get(name);
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    this.processes.delete(name);
  }

  async terminate(name: ProcessName): Promise<number | null> {
    const child = this.processes.get(name);
    if (!child || child.exitCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    const code = await exited;
    this.processes.delete(name);
    return code;
  }

  async stop(): Promise<void> {
    const gateway = this.processes.get('gateway');
    if (gateway) await this.terminate('gateway');
    await Promise.all([...this.processes.keys()].map((name) => this.terminate(name)));
  }

  /**
   * Waits until records' copy of the directory holds these people as active (workflow's user.* events
   * reach it asynchronously): records names only people it holds as owners.
   */
  async recordsKnow(userIds: readonly string[], timeoutMs = 15_000): Promise<void> {
    const client = new Client({ connectionString: this.env.RECORDS_DATABASE_URL });
    await client.connect();
    try {
      await waitFor(
        async () => {
          const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM directory_user WHERE id = ANY($1) AND active`, [[...userIds]]);
          return rows[0]!.n === new Set(userIds).size;
        },
        { timeoutMs, what: `records to know ${userIds.join(', ')}` },
      );
    } finally {
      await client.end();
    }
  }

  async graphql<T = Record<string, unknown>>(
    token: string | null,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphQLResponse<T>> {
    const res = await fetch(this.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as GraphQLResponse<T>;
    return { ...body, status: res.status };
  }
}
