import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { Client } from 'pg';
import { freePort, TEST_IDENTITY_ENV } from './system';
import { TEST_JWT_SECRET, testDatabaseUrl, testRedisUrl, testRunId } from './run';
import { waitFor } from './wait';

/** The repository root (this file runs from packages/testkit/dist). */
const ROOT = path.resolve(__dirname, '../../..');

/** Every process role of a production deployment (infra/k8s): each runs as several copies. */
export const SCALED_ROLES = [
  'records',
  'records-relay',
  'workflow',
  'workflow-worker',
  'workflow-relay',
  'analytics',
  'gateway',
] as const;
export type ScaledRole = (typeof SCALED_ROLES)[number];

interface RoleSpec {
  entry: string;
  portVar: string;
  nodeArgs?: string[];
  env?: Record<string, string>;
}

/** How each role starts: the entries and switches the Kubernetes manifests give it (infra/k8s/base). */
const ROLES: Record<ScaledRole, RoleSpec> = {
  records: { entry: 'services/records/dist/main.js', portVar: 'RECORDS_PORT', nodeArgs: ['--max-old-space-size=160'], env: { RECORDS_RELAY: 'off' } },
  'records-relay': { entry: 'services/records/dist/relay.js', portVar: 'RECORDS_RELAY_PORT', nodeArgs: ['--max-old-space-size=160'] },
  workflow: { entry: 'services/workflow/dist/main.js', portVar: 'WORKFLOW_PORT', env: { WORKFLOW_WORKERS: 'off', WORKFLOW_RELAY: 'off' } },
  'workflow-worker': { entry: 'services/workflow/dist/main.js', portVar: 'WORKFLOW_PORT', env: { WORKFLOW_WORKERS: 'on', WORKFLOW_RELAY: 'off' } },
  'workflow-relay': { entry: 'services/workflow/dist/relay.js', portVar: 'WORKFLOW_RELAY_PORT' },
  analytics: { entry: 'services/analytics/dist/main.js', portVar: 'ANALYTICS_PORT' },
  gateway: { entry: 'gateway/dist/main.js', portVar: 'GATEWAY_PORT', nodeArgs: ['--max-old-space-size=128'] },
};

const MIGRATIONS = ['records', 'workflow', 'analytics'] as const;

/**
 * A TCP load balancer in front of the copies of one subgraph, as a Kubernetes Service is: each new
 * connection goes to the next copy in turn, and to the one after when a copy refuses it (it died).
 */
export class RoundRobinBalancer {
  private readonly server: net.Server;
  private turn = 0;
  readonly connections: number[];
  port = 0;

  constructor(private readonly backends: () => number[]) {
    this.connections = [];
    this.server = net.createServer((client) => this.route(client));
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
    return this.port;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private route(client: net.Socket): void {
    client.on('error', () => undefined);
    const ports = this.backends();
    const first = this.turn++ % Math.max(1, ports.length);
    const attempt = (i: number) => {
      if (i >= ports.length || client.destroyed) return void client.destroy();
      const index = (first + i) % ports.length;
      const upstream = net.connect(ports[index]!, '127.0.0.1');
      upstream.once('error', () => attempt(i + 1));
      upstream.once('connect', () => {
        this.connections[index] = (this.connections[index] ?? 0) + 1;
        upstream.removeAllListeners('error');
        upstream.on('error', () => client.destroy());
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
      });
    };
    attempt(0);
  }
}

interface Copy {
  role: ScaledRole;
  index: number;
  port: number;
  child: ChildProcess | null;
  /** Started and answering /readyz, and not killed since: what a readiness probe reports. */
  ready: boolean;
}

/**
 * SalesTrail with `copies` copies of every process role against one Postgres and one Redis, as a
 * cluster runs it: the migration step first, then every process with MIGRATE_ON_START=off; subgraphs
 * behind round-robin balancers (the gateways and the services' event-history calls go through them);
 * the relays started one after the other, so that copy 0 holds each relay lock.
 */
export class ScaledSystem {
  readonly env: Record<string, string>;
  readonly output: string[] = [];
  private readonly copies = new Map<string, Copy>();
  private readonly balancers: Record<'records' | 'workflow' | 'analytics', RoundRobinBalancer>;

  private constructor(
    readonly copiesPerRole: number,
    env: Record<string, string>,
    balancers: ScaledSystem['balancers'],
  ) {
    this.env = env;
    this.balancers = balancers;
  }

  static async start(name: string, options: { copies?: number; env?: Record<string, string> } = {}): Promise<ScaledSystem> {
    const copies = options.copies ?? 2;
    const holder: { system?: ScaledSystem } = {};
    const livePorts = (role: ScaledRole) => () => holder.system!.livePorts(role);
    const balancers = {
      records: new RoundRobinBalancer(livePorts('records')),
      workflow: new RoundRobinBalancer(livePorts('workflow')),
      analytics: new RoundRobinBalancer(livePorts('analytics')),
    };
    const [records, workflow, analytics] = await Promise.all([balancers.records.listen(), balancers.workflow.listen(), balancers.analytics.listen()]);
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      ...TEST_IDENTITY_ENV,
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      REDIS_URL: testRedisUrl(),
      // A Redis Cluster hash tag: every key of a queue in one slot, as a cluster deployment sets it.
      QUEUE_PREFIX: `{st-${testRunId()}-${name}}`,
      RECORDS_DATABASE_URL: testDatabaseUrl(`${name}_records`),
      WORKFLOW_DATABASE_URL: testDatabaseUrl(`${name}_workflow`),
      ANALYTICS_DATABASE_URL: testDatabaseUrl(`${name}_analytics`),
      // Reports through their own pool, as against a read replica (here the primary's address).
      ANALYTICS_READ_DATABASE_URL: testDatabaseUrl(`${name}_analytics`),
      RECORDS_URL: `http://127.0.0.1:${records}/graphql`,
      WORKFLOW_URL: `http://127.0.0.1:${workflow}/graphql`,
      ANALYTICS_URL: `http://127.0.0.1:${analytics}/graphql`,
      RECORDS_EVENTS_URL: `http://127.0.0.1:${records}`,
      WORKFLOW_EVENTS_URL: `http://127.0.0.1:${workflow}`,
      WORKFLOW_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      MIGRATE_ON_START: 'off',
      // Fourteen processes on one host: no metrics servers, whose fixed ports the copies would share.
      GATEWAY_METRICS_PORT: '0',
      RECORDS_METRICS_PORT: '0',
      WORKFLOW_METRICS_PORT: '0',
      ANALYTICS_METRICS_PORT: '0',
      RECORDS_RELAY_METRICS_PORT: '0',
      WORKFLOW_RELAY_METRICS_PORT: '0',
      ...options.env,
    };
    const system = new ScaledSystem(copies, env, balancers);
    holder.system = system;
    try {
      await Promise.all(MIGRATIONS.map((service) => system.migrate(service)));
      for (const role of SCALED_ROLES) {
        for (let i = 0; i < copies; i++) system.copies.set(`${role}#${i}`, { role, index: i, port: await freePort(), child: null, ready: false });
      }
      // Copy 0 of each relay first, holding its lock before the others start.
      await Promise.all([system.startCopy('records-relay', 0), system.startCopy('workflow-relay', 0)]);
      await Promise.all([system.waitForRelayLock('records'), system.waitForRelayLock('workflow')]);
      const rest = SCALED_ROLES.filter((r) => r !== 'gateway');
      await Promise.all(
        rest.flatMap((role) => [...Array(copies).keys()].filter((i) => !(role.endsWith('-relay') && i === 0)).map((i) => system.startCopy(role, i))),
      );
      await Promise.all([...Array(copies).keys()].map((i) => system.startCopy('gateway', i)));
    } catch (error) {
      await system.stop();
      throw new Error(`${(error as Error).message}\n${system.output.slice(-30).join('')}`, { cause: error });
    }
    return system;
  }

  /** The gateways' GraphQL URLs, copy by copy. */
  gatewayUrls(): string[] {
    return [...Array(this.copiesPerRole).keys()].map((i) => `http://127.0.0.1:${this.copy('gateway', i).port}/graphql`);
  }

  /** Whether this copy's process runs. */
  alive(role: ScaledRole, index: number): boolean {
    const child = this.copy(role, index).child;
    return !!child && child.exitCode === null && child.signalCode === null;
  }

  /** Whether this copy runs and has been ready since it started: where a load balancer sends requests. */
  ready(role: ScaledRole, index: number): boolean {
    return this.copy(role, index).ready && this.alive(role, index);
  }

  /** Connections each balancer gave each copy of its subgraph. */
  balancedConnections(): Record<string, number[]> {
    return Object.fromEntries(Object.entries(this.balancers).map(([name, b]) => [name, [...b.connections]]));
  }

  private copy(role: ScaledRole, index: number): Copy {
    const copy = this.copies.get(`${role}#${index}`);
    if (!copy) throw new Error(`no copy ${index} of ${role}`);
    return copy;
  }

  private livePorts(role: ScaledRole): number[] {
    return [...this.copies.values()].filter((c) => c.role === role && this.ready(role, c.index)).map((c) => c.port);
  }

  private migrate(service: (typeof MIGRATIONS)[number]): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [path.join(ROOT, `services/${service}/dist/migrate.js`)], { cwd: ROOT, env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout!.on('data', (d: Buffer) => this.output.push(`[${service}-migrate] ${d.toString()}`));
      child.stderr!.on('data', (d: Buffer) => this.output.push(`[${service}-migrate] ${d.toString()}`));
      child.once('error', reject);
      child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${service} migration exited with ${code}`))));
    });
  }

  /** Starts (or restarts) one copy and waits until it is ready. */
  async startCopy(role: ScaledRole, index: number): Promise<void> {
    const copy = this.copy(role, index);
    const spec = ROLES[role];
    const label = `${role}#${index}`;
    const child = spawn(process.execPath, [...(spec.nodeArgs ?? []), path.join(ROOT, spec.entry)], {
      cwd: ROOT,
      env: { ...this.env, ...spec.env, [spec.portVar]: String(copy.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => this.output.push(`[${label}] ${d.toString()}`));
    child.stderr!.on('data', (d: Buffer) => this.output.push(`[${label}] ${d.toString()}`));
    copy.child = child;
    copy.ready = false;
    try {
      await waitFor(
        async () => {
          if (child.exitCode !== null) throw new Error(`${label} exited with ${child.exitCode}`);
          const res = await fetch(`http://127.0.0.1:${copy.port}/readyz`).catch(() => null);
          return res?.ok ? true : undefined;
        },
        // Generous: a dozen processes start at once on a small machine.
        { timeoutMs: 150_000, intervalMs: 100, what: `${label} to be ready` },
      );
    } catch (error) {
      const own = this.output.filter((line) => line.startsWith(`[${label}]`)).slice(-10);
      throw new Error(`${(error as Error).message}\n${own.join('')}`, { cause: error });
    }
    copy.ready = true;
  }

  /** kill -9 one copy: no graceful shutdown, as in a crash or a lost node. */
  async kill(role: ScaledRole, index: number): Promise<void> {
    this.copy(role, index).ready = false;
    const child = this.copy(role, index).child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }

  /** Which producers' relay locks are held (by a live relay's lock connection). */
  async relayLockHeld(producer: 'records' | 'workflow'): Promise<boolean> {
    const client = new Client({ connectionString: producer === 'records' ? this.env.RECORDS_DATABASE_URL : this.env.WORKFLOW_DATABASE_URL });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
         WHERE l.locktype = 'advisory' AND l.granted AND a.application_name = 'outbox-relay' AND a.datname = current_database()`,
      );
      return rows[0]!.n > 0;
    } finally {
      await client.end();
    }
  }

  /** Waits until a relay of `producer` holds its lock. */
  waitForRelayLock(producer: 'records' | 'workflow', timeoutMs = 60_000): Promise<true> {
    return waitFor(async () => (await this.relayLockHeld(producer)) || undefined, { timeoutMs, intervalMs: 100, what: `a ${producer} relay to hold its lock` });
  }

  async stop(): Promise<void> {
    const stop = async (copy: Copy) => {
      const child = copy.child;
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.kill('SIGTERM');
      await exited;
      clearTimeout(timer);
    };
    const all = [...this.copies.values()];
    await Promise.all(all.filter((c) => c.role === 'gateway').map(stop));
    await Promise.all(all.filter((c) => c.role !== 'gateway').map(stop));
    await Promise.all(Object.values(this.balancers).map((b) => b.close()));
  }
}
