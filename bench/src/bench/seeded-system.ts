import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { devToken, TestSystem, testDatabaseUrl, TEST_IDENTITY_PRIVATE_KEY } from '@salestrail/testkit';
import type { Role } from '@salestrail/contract';
import { migrateStores, seed, type SeedReport, type SeedTargets } from '../seed/seed';

/** The three stores, seeded, with the whole system started on them. */
export interface SeededSystem {
  system: TestSystem;
  targets: SeedTargets;
  pools: Record<keyof SeedTargets, Pool>;
  seedReport: SeedReport | null;
  /** From spawning the first process to the gateway answering /readyz. */
  startSeconds: number;
  /** The gateway's identity private key, for requests sent straight to a subgraph. */
  identityPrivateKey: string;
  token(role: Role, userId: string, teamId: string | null): Promise<string>;
  stop(): Promise<void>;
}

export interface SeededSystemOptions {
  customers: number;
  seed: number;
  /** Reuse databases seeded by `npm run seed` (`<prefix>_records` ...) instead of seeding fresh ones. */
  reuse?: SeedTargets;
  /** Connections per store for the SQL floors. */
  poolSize: number;
  log?: (line: string) => void;
  /** More environment for the processes (e.g. the gateway's WEB_OIDC_* settings for the web app). */
  env?: Record<string, string>;
}

/**
 * Seeds (or reuses) the stores and starts the four processes on them, as `npm start` runs the built
 * tree. The gateway's per-user rate limit is lifted: the benchmarks drive one user far past 600/min.
 * Workflow does not reconcile its reminder jobs at start (see the environment below).
 */
export async function startSeededSystem(options: SeededSystemOptions): Promise<SeededSystem> {
  const targets = options.reuse ?? { records: testDatabaseUrl('bench_records'), workflow: testDatabaseUrl('bench_workflow'), analytics: testDatabaseUrl('bench_analytics') };
  // The history ends at the start of today (+08:00): the reminders it implies were sent, none is due
  // to fire in a burst when the system starts.
  const until = new Date(`${new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)}T00:00:00+08:00`);
  const seedReport = options.reuse ? null : await seed({ customers: options.customers, seed: options.seed, until, targets, fresh: true, log: options.log });
  if (options.reuse) {
    options.log?.('applying pending migrations to the seeded stores');
    await migrateStores(targets);
  }
  const t0 = performance.now();
  const system = await TestSystem.start('bench', {
    RECORDS_DATABASE_URL: targets.records,
    WORKFLOW_DATABASE_URL: targets.workflow,
    ANALYTICS_DATABASE_URL: targets.analytics,
    GATEWAY_RATE_LIMIT_POINTS: '100000000',
    // Workflow's job reconciliation walks every open next action (one query each, ~100k at full size)
    // before it listens; the benchmarks measure requests, not reminders, so it is off (see BENCHMARKS.md).
    WORKFLOW_RECONCILE_ON_START: 'off',
    WORKFLOW_JOB_CHECK_MS: '0',
    ...options.env,
  });
  const startSeconds = (performance.now() - t0) / 1000;
  const pools = {
    records: new Pool({ connectionString: targets.records, max: options.poolSize }),
    // The floor's workflow and analytics queries are short: half the connections keep up with them.
    workflow: new Pool({ connectionString: targets.workflow, max: Math.ceil(options.poolSize / 2) }),
    analytics: new Pool({ connectionString: targets.analytics, max: Math.ceil(options.poolSize / 2) }),
  };
  return {
    system,
    targets,
    pools,
    seedReport,
    startSeconds,
    identityPrivateKey: TEST_IDENTITY_PRIVATE_KEY,
    token: (role, userId, teamId) => devToken(role, userId, teamId, { expiresIn: '6h' }),
    async stop() {
      await Promise.all(Object.values(pools).map((p) => p.end()));
      await system.stop();
    },
  };
}
