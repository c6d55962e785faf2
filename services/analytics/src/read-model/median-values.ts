import type { EntityManager } from 'typeorm';
import { DEFAULT_TIMEZONE } from './recompute';
import { addToAggregate, GRAINS, rollupDeltas, rollupKey, truncateDay, type Rollup } from './rollups';

/**
 * Exact medians without sorting a year of raw values. Every value a median is taken over is kept in
 * `median_value` (kind `stage_days`: a transition out of a stage, days since the customer's latest
 * earlier transition into it; kind `completion_hours`: a completed next action, hours from creation
 * to completion) with its local day, dimensions and a fine `bucket` (32 per doubling of the value,
 * monotonic in it). `median_histogram_<rollup>` counts the values per month / year, stage, the
 * roll-up's dimensions and a coarser bucket (`bucket / divisor`). A report adds the histogram rows of
 * its whole months and years to the values of its remaining days, finds the one or two buckets that
 * hold the middle ranks, and reads only the raw values of those buckets to take the exact median.
 */
export type MedianKind = 'stage_days' | 'completion_hours';

export interface MedianRollup extends Rollup {
  /** The histogram's bucket is the value's fine bucket divided by this (integer division). */
  divisor: number;
}

/** Smallest first: a report uses the first that holds every column it touches. */
export const MEDIAN_ROLLUPS: readonly MedianRollup[] = [
  { name: 'all', dimensions: [], divisor: 1 },
  { name: 'industry', dimensions: ['industry_code'], divisor: 1 },
  { name: 'segment', dimensions: ['industry_code', 'source_channel'], divisor: 4 },
  { name: 'owner', dimensions: ['owner_id', 'team_id'], divisor: 8 },
];

export const MEDIAN_KEY = ['kind', 'day', 'stage', 'owner_id', 'team_id', 'industry_code', 'source_channel', 'bucket'] as const;

export function histogramTable(rollup: MedianRollup): string {
  return `median_histogram_${rollup.name}`;
}

/** 32 buckets per doubling: fine enough that the bucket of a median holds few values. */
const BUCKET_SQL = (value: string) => `floor(32 * ln(1 + greatest(${value}, 0)) / ln(2))::int`;

/** The values of the customers matching `scope` (a condition on alias `t`), as median_value rows. */
function valuesSql(scope: string): string {
  return `
    SELECT v.kind, v.fact_id, v.customer_id, v.day, v.stage, v.owner_id, v.team_id,
           coalesce(cs.industry_code, '') AS industry_code, coalesce(cs.source_channel, '') AS source_channel,
           v.value, ${BUCKET_SQL('v.value')} AS bucket
    FROM (
      SELECT 'stage_days' AS kind, t.event_id::text AS fact_id, t.customer_id, t.local_day AS day, t.from_stage AS stage,
             t.owner_id, t.team_id, t.days_in_from_stage AS value
      FROM stage_transition t
      WHERE ${scope} AND t.from_stage IS NOT NULL AND t.days_in_from_stage IS NOT NULL AND t.local_day IS NOT NULL
      UNION ALL
      SELECT 'completion_hours', t.next_action_id, t.customer_id,
             (t.due_at AT TIME ZONE coalesce(d.timezone, '${DEFAULT_TIMEZONE}'))::date, '', t.owner_id, t.team_id,
             (extract(epoch FROM t.completed_at - t.created_at) / 3600)::double precision
      FROM next_action_fact t LEFT JOIN team_dim d ON d.team_id = t.team_id
      WHERE ${scope} AND t.status = 'DONE' AND t.created_at IS NOT NULL AND t.completed_at IS NOT NULL
        AND t.due_at IS NOT NULL AND t.owner_id IS NOT NULL AND t.team_id IS NOT NULL
    ) v LEFT JOIN customer_state cs ON cs.customer_id = v.customer_id`;
}

const COLUMNS = 'kind, fact_id, customer_id, day, stage, owner_id, team_id, industry_code, source_channel, value, bucket';
const RETURNING = `kind, day::text, stage, owner_id, team_id, industry_code, source_channel, bucket, value`;

type Row = Record<string, string | number>;

/** Swaps some customers' median values for fresh ones and adds the difference to every histogram. */
export async function replaceMedianValues(manager: EntityManager, customerIds: readonly string[]): Promise<void> {
  const [old]: [Row[], number] = await manager.query(
    `DELETE FROM median_value WHERE customer_id = ANY($1::text[]) RETURNING ${RETURNING}`,
    [customerIds],
  );
  const fresh: Row[] = await manager.query(
    `INSERT INTO median_value (${COLUMNS}) ${valuesSql('t.customer_id = ANY($1::text[])')} RETURNING ${RETURNING}`,
    [customerIds],
  );
  if (old.length === 0 && fresh.length === 0) return;
  for (const rollup of MEDIAN_ROLLUPS) {
    const counted = (rows: Row[], sign: 1 | -1) => rows.map((r) => ({ ...r, bucket: Math.floor(Number(r.bucket) / rollup.divisor), n: sign }));
    const deltas = rollupDeltas([...counted(old, -1), ...counted(fresh, 1)], MEDIAN_KEY, ['n'], rollup);
    await addToAggregate(manager, histogramTable(rollup), rollupKey(MEDIAN_KEY, rollup), ['n'], deltas);
  }
  await updateSortedValues(manager, old, fresh);
}

/**
 * `median_sorted_owner`: per kind, month / year, stage, owner and team, the values in ascending order.
 * A report over exactly one month or year whose groups each match one such row reads its one or two
 * middle elements instead of ranking (1400 owner × stage groups would otherwise rank ~50k bucketed
 * values). Maintained per changed key: one occurrence of each removed value out, the added ones in.
 * The cost is the size of the changed owners' months / years, not of the history; three statements per batch.
 */
async function updateSortedValues(manager: EntityManager, old: Row[], fresh: Row[]): Promise<void> {
  const changes = new Map<string, { key: unknown[]; add: number[]; remove: number[] }>();
  for (const grain of GRAINS) {
    for (const [rows, side] of [[old, 'remove'], [fresh, 'add']] as const) {
      for (const r of rows) {
        const key = [r.kind, grain, truncateDay(String(r.day), grain), r.stage, r.owner_id, r.team_id];
        const id = key.join('\u0000');
        const entry = changes.get(id) ?? { key, add: [], remove: [] };
        entry[side].push(Number(r.value));
        changes.set(id, entry);
      }
    }
  }
  const changed = [...changes.values()].filter(
    ({ add, remove }) => [...add].sort((a, b) => a - b).join() !== [...remove].sort((a, b) => a - b).join(),
  );
  if (changed.length === 0) return;
  const keyColumns = ['kind', 'grain', 'period', 'stage', 'owner_id', 'team_id'];
  const keyParams = keyColumns.map((_, i) => changed.map((c) => c.key[i]));
  const keyUnnest = `unnest($1::text[], $2::text[], $3::date[], $4::text[], $5::text[], $6::text[]) AS k(${keyColumns.join(', ')})`;
  await manager.query(
    `INSERT INTO median_sorted_owner (${keyColumns.join(', ')}, vals)
     SELECT k.*, '{}'::float8[] FROM ${keyUnnest} ORDER BY 1, 2, 3, 4, 5, 6 ON CONFLICT DO NOTHING`,
    keyParams,
  );
  // Rows are locked in key order (concurrent transactions changing overlapping keys wait instead of
  // deadlocking); one UPDATE then computes every row from the version it locked, so changes compose.
  await manager.query(
    `SELECT 1 FROM median_sorted_owner s WHERE (${keyColumns.map((c) => `s.${c}`).join(', ')}) IN (SELECT * FROM ${keyUnnest})
     ORDER BY ${keyColumns.map((c) => `s.${c}`).join(', ')} FOR UPDATE`,
    keyParams,
  );
  await manager.query(
    `UPDATE median_sorted_owner s SET vals = (
       SELECT coalesce(array_agg(v ORDER BY v), '{}') FROM (
         SELECT x.v FROM (SELECT v, row_number() OVER (PARTITION BY v) AS k FROM unnest(s.vals) AS v) x
         WHERE x.k > (SELECT count(*) FROM unnest(c.remove) AS r WHERE r = x.v)
         UNION ALL SELECT unnest(c.add)) y)
     FROM jsonb_to_recordset($1::jsonb) AS c(kind text, grain text, period date, stage text, owner_id text, team_id text,
                                             "add" float8[], remove float8[])
     WHERE ${keyColumns.map((col) => `s.${col} = c.${col}`).join(' AND ')}`,
    [
      JSON.stringify(
        changed.map(({ key, add, remove }) => ({ ...Object.fromEntries(keyColumns.map((col, i) => [col, key[i]])), add, remove })),
      ),
    ],
  );
}

/** Set-based, for a rebuild: every median value and histogram from the derived facts. */
export async function rebuildMedianValues(manager: EntityManager): Promise<void> {
  await manager.query(`TRUNCATE median_value, ${MEDIAN_ROLLUPS.map(histogramTable).join(', ')}`);
  await manager.query(`INSERT INTO median_value (${COLUMNS}) ${valuesSql('TRUE')}`);
  for (const rollup of MEDIAN_ROLLUPS) {
    const key = rollupKey(MEDIAN_KEY, rollup);
    const select = key.map((c) =>
      c === 'grain' ? 'g.grain' : c === 'period' ? 'date_trunc(g.grain, v.day)::date' : c === 'bucket' ? `v.bucket / ${rollup.divisor}` : `v.${c}`,
    );
    await manager.query(
      `INSERT INTO ${histogramTable(rollup)} (${[...key, 'n'].join(', ')})
       SELECT ${select.join(', ')}, count(*) FROM median_value v CROSS JOIN (VALUES ('month'), ('year')) AS g(grain)
       GROUP BY ${select.map((_, i) => i + 1).join(', ')}`,
    );
  }
  await manager.query(`TRUNCATE median_sorted_owner`);
  await manager.query(
    `INSERT INTO median_sorted_owner (kind, grain, period, stage, owner_id, team_id, vals)
     SELECT v.kind, g.grain, date_trunc(g.grain, v.day)::date, v.stage, v.owner_id, v.team_id, array_agg(v.value ORDER BY v.value)
     FROM median_value v CROSS JOIN (VALUES ('month'), ('year')) AS g(grain) GROUP BY 1, 2, 3, 4, 5, 6`,
  );
}
