import { performance } from 'node:perf_hooks';
import { Pool, type PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import { createAnalyticsDataSource } from '@salestrail/analytics/dist/data-source';
import { recomputeAll } from '@salestrail/analytics/dist/read-model/recompute';
import { dropDatabase, ensureDatabase, migrateDatabase } from '@salestrail/platform';
import { createRecordsDataSource } from '@salestrail/records/dist/data-source';
import { createWorkflowDataSource } from '@salestrail/workflow/dist/data-source';
import { CopyBatch } from './copy-writer';
import { ANALYTICS_COLUMNS, CustomerGenerator, makeTeams, RECORDS_COLUMNS, WORKFLOW_COLUMNS } from './generate';
import { Prng } from './prng';

export interface SeedTargets {
  records: string;
  workflow: string;
  analytics: string;
}

export interface SeedOptions {
  customers: number;
  seed: number;
  /** End of the generated history (default 2026-11-01 00:00 +08:00: fixed, so the data is reproducible). */
  until?: Date;
  targets: SeedTargets;
  /** Drop and re-create the target databases first (the default for databases the tool names itself). */
  fresh: boolean;
  log?: (line: string) => void;
}

export interface SeedReport {
  customers: number;
  teams: number;
  rows: Record<'records' | 'workflow' | 'analytics', number>;
  totalRows: number;
  /** Generation plus COPY into the three stores. */
  loadSeconds: number;
  /** Analytics' set-based derivation of contributions and daily aggregates from the copied facts. */
  deriveSeconds: number;
  /** VACUUM ANALYZE of the three stores, so the benchmarks do not measure a cold planner. */
  analyzeSeconds: number;
  rowsPerSecond: number;
  recordsLastSeq: number;
  workflowLastSeq: number;
}

export const DEFAULT_UNTIL = new Date('2026-11-01T00:00:00+08:00');

/** Databases named by the tool: `<prefix>_records`, `<prefix>_workflow`, `<prefix>_analytics` on one server. */
export function namedTargets(serverUrl: string, prefix: string): SeedTargets {
  const at = (name: string) => {
    const url = new URL(serverUrl);
    url.pathname = `/${prefix}_${name}`;
    return url.toString();
  };
  return { records: at('records'), workflow: at('workflow'), analytics: at('analytics') };
}

const BATCH_CUSTOMERS = 2_000;

const STORES: Array<[keyof SeedTargets, (url: string) => DataSource]> = [
  ['records', (url) => createRecordsDataSource(url, 2)],
  ['workflow', (url) => createWorkflowDataSource(url, 2)],
  ['analytics', (url) => createAnalyticsDataSource(url, 2)],
];

/**
 * Applies the services' pending migrations to seeded stores (as `npm run migrate` does), so that a
 * data set seeded by an older build starts like a migrated production database: migrations that fill
 * new tables from the facts run here, not inside a measured start-up.
 */
export async function migrateStores(targets: SeedTargets): Promise<void> {
  for (const [name, create] of STORES) {
    const ds = create(targets[name]);
    await ds.initialize();
    try {
      await migrateDatabase(ds);
    } finally {
      await ds.destroy();
    }
  }
}

/**
 * Writes a deterministic data set into the three stores at once: records' tables and its outbox (as
 * already-published events with gap-free seq, so history replay and gap repair see a normal history),
 * workflow's teams, projection and reviews (and its outbox), and analytics' facts, from which its own
 * set-based derivation computes the aggregates. Consumers' positions are set to the end of each
 * producer's history, so a started system continues from there instead of replaying it.
 */
export async function seed(options: SeedOptions): Promise<SeedReport> {
  const log = options.log ?? (() => undefined);
  for (const [name, create] of STORES) {
    const url = options.targets[name];
    if (options.fresh) await dropDatabase(url);
    await ensureDatabase(url);
    const ds = create(url);
    await ds.initialize();
    try {
      await migrateDatabase(ds);
      const table = name === 'analytics' ? 'customer_state' : name === 'workflow' ? 'wf_customer' : 'customer';
      const [{ n }] = (await ds.query(`SELECT count(*)::int AS n FROM ${table}`)) as [{ n: number }];
      if (n > 0) throw new Error(`${name} database already holds ${n} customers: seed into empty databases (or let the tool create fresh ones)`);
    } finally {
      await ds.destroy();
    }
  }

  const pools = {
    records: new Pool({ connectionString: options.targets.records, max: 1 }),
    workflow: new Pool({ connectionString: options.targets.workflow, max: 1 }),
    analytics: new Pool({ connectionString: options.targets.analytics, max: 1 }),
  };
  const clients: Record<keyof SeedTargets, PoolClient> = {
    records: await pools.records.connect(),
    workflow: await pools.workflow.connect(),
    analytics: await pools.analytics.connect(),
  };
  try {
    // The generated rows are consistent by construction: skip the per-row foreign-key triggers (and the
    // outbox NOTIFY) while loading. Needs a superuser; without one the load is slower, not different.
    for (const client of Object.values(clients)) {
      await client.query(`SET session_replication_role = replica`).catch(() => undefined);
    }
    const t0 = performance.now();
    // Secondary indexes are built once after the load (much cheaper than maintaining them row by row,
    // the trigram index on names above all); the tables are empty, so nothing else sees them missing.
    const deferred = {
      records: await dropSecondaryIndexes(clients.records, Object.keys(RECORDS_COLUMNS)),
      workflow: await dropSecondaryIndexes(clients.workflow, Object.keys(WORKFLOW_COLUMNS)),
      analytics: await dropSecondaryIndexes(clients.analytics, Object.keys(ANALYTICS_COLUMNS)),
    };
    const teams = makeTeams(options.customers);
    const generator = new CustomerGenerator(new Prng(options.seed), teams, { customers: options.customers, seed: options.seed, until: options.until ?? DEFAULT_UNTIL });
    const rows = { records: 0, workflow: 0, analytics: 0 };
    const newBatches = () => ({ records: new CopyBatch(RECORDS_COLUMNS), workflow: new CopyBatch(WORKFLOW_COLUMNS), analytics: new CopyBatch(ANALYTICS_COLUMNS) });
    const flush = async (batches: ReturnType<typeof newBatches>) => {
      const written = await Promise.all((['records', 'workflow', 'analytics'] as const).map((s) => batches[s].flush(clients[s])));
      rows.records += written[0]!;
      rows.workflow += written[1]!;
      rows.analytics += written[2]!;
    };
    let batches = newBatches();
    generator.writeTeams(batches.workflow, batches.analytics);
    let pending: Promise<void> = Promise.resolve();
    for (let done = 0; done < options.customers; ) {
      const n = Math.min(BATCH_CUSTOMERS, options.customers - done);
      for (let i = 0; i < n; i += 1) generator.customer(batches.records, batches.workflow, batches.analytics);
      done += n;
      // The database copies one batch while the next one is generated.
      await pending;
      pending = flush(batches);
      batches = newBatches();
      if (done % 20_000 === 0 || done === options.customers) log(`seed: ${done}/${options.customers} customers generated`);
    }
    await pending;
    await Promise.all((['records', 'workflow', 'analytics'] as const).map(async (store) => {
      for (const definition of deferred[store]) await clients[store].query(definition);
    }));
    const loaded = performance.now();
    log(`seed: copied ${rows.records + rows.workflow + rows.analytics} rows in ${((loaded - t0) / 1000).toFixed(1)} s; deriving analytics aggregates`);

    await clients.analytics.query('BEGIN');
    await recomputeAll({ query: (sql: string, params?: unknown[]) => clients.analytics.query(sql, params).then((r) => r.rows) } as never);
    await clients.analytics.query(
      `INSERT INTO producer_position (producer, last_seq, contiguous_seq) VALUES ('records', $1, $1), ('workflow', $2, $2)`,
      [generator.counters.recordsSeq, generator.counters.workflowSeq],
    );
    await clients.analytics.query('COMMIT');
    const derived = performance.now();
    // Consumers that keep a contiguous position per producer start from the end of the seeded history.
    for (const store of ['records', 'workflow', 'analytics'] as const) {
      const [{ exists }] = (await clients[store].query(`SELECT to_regclass('event_position') IS NOT NULL AS exists`)).rows as [{ exists: boolean }];
      if (exists) {
        await clients[store].query(`INSERT INTO event_position (producer, contiguous_seq) VALUES ('records', $1), ('workflow', $2) ON CONFLICT (producer) DO UPDATE SET contiguous_seq = EXCLUDED.contiguous_seq`,
          [generator.counters.recordsSeq, generator.counters.workflowSeq]);
      }
    }
    await Promise.all((['records', 'workflow', 'analytics'] as const).map((s) => clients[s].query('VACUUM ANALYZE')));
    const analyzed = performance.now();
    const totalRows = rows.records + rows.workflow + rows.analytics;
    return {
      customers: options.customers,
      teams: teams.length,
      rows,
      totalRows,
      loadSeconds: (loaded - t0) / 1000,
      deriveSeconds: (derived - loaded) / 1000,
      analyzeSeconds: (analyzed - derived) / 1000,
      rowsPerSecond: totalRows / ((loaded - t0) / 1000),
      recordsLastSeq: generator.counters.recordsSeq,
      workflowLastSeq: generator.counters.workflowSeq,
    };
  } finally {
    for (const c of Object.values(clients)) c.release();
    await Promise.all(Object.values(pools).map((p) => p.end()));
  }
}

/** Drops the indexes of `tables` that no constraint owns and returns their definitions to re-create. */
async function dropSecondaryIndexes(client: PoolClient, tables: readonly string[]): Promise<string[]> {
  const { rows } = await client.query(
    `SELECT i.indexname, i.indexdef FROM pg_indexes i
     WHERE i.schemaname = 'public' AND i.tablename = ANY($1)
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = format('public.%I', i.indexname)::regclass)`,
    [tables],
  );
  const indexes = rows as Array<{ indexname: string; indexdef: string }>;
  for (const index of indexes) await client.query(`DROP INDEX "${index.indexname}"`);
  return indexes.map((index) => index.indexdef);
}
