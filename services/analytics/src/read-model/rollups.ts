import type { EntityManager } from 'typeorm';

/**
 * Month and year roll-ups of the daily aggregates over two dimension subsets. At day × owner × team ×
 * industry × channel grain the daily tables hold about one row per fact, so a year of the whole
 * organisation reads ~1M rows; a roll-up keeps only the dimensions of its subset and one row per
 * calendar month and year, so the same report reads a few thousand. They are sums of the daily rows
 * (maintained with the same deltas, in the same transaction) and therefore exactly as exact.
 *
 * In `funnel_rollup_*` the daily `prev_day` becomes `prev_period`, its own month / year start; a funnel
 * whose `from` is not the first of a month corrects the roll-up with a few daily rows (see
 * `sumAggregates` in common/aggregates.ts).
 */
export type Grain = 'month' | 'year';
/** The daily aggregates that have roll-ups (`<kind>_daily`, `<kind>_rollup_<name>`). */
export type AggregateKind = 'funnel' | 'follow_up' | 'open_action';
export const GRAINS: readonly Grain[] = ['month', 'year'];

export interface Rollup {
  /** Suffix of the table name: `<kind>_rollup_<name>`. */
  name: string;
  dimensions: readonly string[];
}

/** Owner/team serves scoped, team- and owner-filtered and grouped reports; segment the rest. */
export const ROLLUPS: readonly Rollup[] = [
  { name: 'owner', dimensions: ['owner_id', 'team_id'] },
  { name: 'segment', dimensions: ['industry_code', 'source_channel'] },
];

const DIMENSIONS = new Set(['owner_id', 'team_id', 'industry_code', 'source_channel']);

/** The key of a roll-up table derived from its daily table's key. */
export function rollupKey(dailyKey: readonly string[], rollup: Rollup): string[] {
  return dailyKey.flatMap((c) => {
    if (c === 'day') return ['grain', 'period'];
    if (c === 'prev_day') return ['prev_period'];
    if (DIMENSIONS.has(c)) return rollup.dimensions.includes(c) ? [c] : [];
    return [c];
  });
}

export function rollupTable(kind: AggregateKind, rollup: Rollup): string {
  return `${kind}_rollup_${rollup.name}`;
}

/**
 * The first of `rollups` (listed smallest first) holding every column a report filters, scopes or
 * groups by; null when none does. By default the segment roll-up (60 combinations) before owner/team.
 */
export function coveringRollup<R extends Rollup>(columns: Iterable<string>, rollups: readonly R[] = [...ROLLUPS].reverse() as R[]): R | null {
  const needed = [...columns];
  return rollups.find((r) => needed.every((c) => r.dimensions.includes(c))) ?? null;
}

/** First day of the month / year of a `YYYY-MM-DD` day; `-infinity` stays itself. */
export function truncateDay(day: string, grain: Grain): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return day;
  return grain === 'year' ? `${day.slice(0, 4)}-01-01` : `${day.slice(0, 7)}-01`;
}

type Row = Record<string, string | number>;

/**
 * Daily delta rows (daily key + metric differences) → the delta rows of one roll-up at every grain,
 * summed per roll-up key, without the ones that cancel out.
 */
export function rollupDeltas(dailyRows: readonly Row[], dailyKey: readonly string[], metrics: readonly string[], rollup: Rollup): Row[] {
  const key = rollupKey(dailyKey, rollup);
  const sums = new Map<string, Row>();
  for (const grain of GRAINS) {
    for (const row of dailyRows) {
      const projected: Row = {};
      for (const c of key) {
        if (c === 'grain') projected[c] = grain;
        else if (c === 'period') projected[c] = truncateDay(String(row.day), grain);
        else if (c === 'prev_period') projected[c] = truncateDay(String(row.prev_day), grain);
        else projected[c] = row[c]!;
      }
      const id = key.map((c) => String(projected[c])).join('\u0000');
      const entry = sums.get(id) ?? { ...projected, ...Object.fromEntries(metrics.map((m) => [m, 0])) };
      for (const m of metrics) entry[m] = Number(entry[m]) + Number(row[m]);
      sums.set(id, entry);
    }
  }
  return [...sums.values()].filter((r) => metrics.some((m) => r[m] !== 0));
}

/** Column types for unnest(): dates, integer metrics, text otherwise. */
export function columnTypes(columns: readonly string[], metrics: readonly string[]): string[] {
  return columns.map((c) => (['day', 'prev_day', 'period', 'prev_period'].includes(c) ? 'date' : metrics.includes(c) || c === 'bucket' ? 'int' : 'text'));
}

/**
 * Adds delta rows to an aggregate table in key order (concurrent transactions lock rows of one table
 * in the same order; tables are always visited in the same order too), then drops rows that no longer
 * count anything, so a report never shows an empty group.
 */
export async function addToAggregate(
  manager: EntityManager,
  table: string,
  key: readonly string[],
  metrics: readonly string[],
  rows: readonly Row[],
): Promise<void> {
  if (rows.length === 0) return;
  const id = (r: Row) => key.map((c) => String(r[c])).join('\u0000');
  const sorted = [...rows].sort((a, b) => (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0));
  const columns = [...key, ...metrics];
  const types = columnTypes(columns, metrics);
  const params = columns.map((c) => sorted.map((r) => r[c]));
  const unnest = types.map((t, i) => `$${i + 1}::${t}[]`).join(', ');
  const touched: Array<Record<string, unknown>> = await manager.query(
    `INSERT INTO ${table} (${columns.join(', ')})
     SELECT * FROM unnest(${unnest}) ORDER BY ${key.map((_, i) => i + 1).join(', ')}
     ON CONFLICT (${key.join(', ')}) DO UPDATE SET
       ${metrics.map((m) => `${m} = ${table}.${m} + EXCLUDED.${m}`).join(', ')}
     RETURNING (${metrics.map((m) => `${m} = 0`).join(' AND ')}) AS all_zero, ${key.map((c, i) => `${c}${types[i] === 'date' ? '::text' : ''} AS ${c}`).join(', ')}`,
    params,
  );
  // Only rows the deltas brought to zero are deleted (usually none: one statement saved per table).
  const zero = touched.filter((r) => r.all_zero === true);
  if (zero.length === 0) return;
  await manager.query(
    `DELETE FROM ${table} WHERE (${key.join(', ')}) IN (SELECT * FROM unnest(${types
      .slice(0, key.length)
      .map((t, i) => `$${i + 1}::${t}[]`)
      .join(', ')})) AND ${metrics.map((m) => `${m} = 0`).join(' AND ')}`,
    key.map((c) => zero.map((r) => r[c])),
  );
}

/** Set-based: every roll-up of a kind from its whole daily table (a rebuild). */
export async function rebuildRollups(
  manager: EntityManager,
  kind: AggregateKind,
  dailyKey: readonly string[],
  metrics: readonly string[],
): Promise<void> {
  for (const rollup of ROLLUPS) {
    const key = rollupKey(dailyKey, rollup);
    const select = key.map((c) =>
      c === 'grain' ? 'g.grain' : c === 'period' ? 'date_trunc(g.grain, d.day)::date' : c === 'prev_period' ? 'date_trunc(g.grain, d.prev_day)::date' : `d.${c}`,
    );
    await manager.query(`TRUNCATE ${rollupTable(kind, rollup)}`);
    await manager.query(
      `INSERT INTO ${rollupTable(kind, rollup)} (${[...key, ...metrics].join(', ')})
       SELECT ${select.join(', ')}, ${metrics.map((m) => `sum(d.${m})`).join(', ')}
       FROM ${kind}_daily d CROSS JOIN (VALUES ('month'), ('year')) AS g(grain)
       GROUP BY ${select.map((_, i) => i + 1).join(', ')}
       HAVING ${metrics.map((m) => `sum(d.${m}) <> 0`).join(' OR ')}`,
    );
  }
}

export interface PeriodSegments {
  /** Whole months / years inside the period, by grain. */
  coarse: Record<Grain, string[]>;
  /** Day ranges (inclusive) not covered by a coarse segment. */
  days: Array<[string, string]>;
}

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function nextPeriod(start: string, grain: Grain): string {
  const d = new Date(`${start}T00:00:00Z`);
  if (grain === 'year') d.setUTCFullYear(d.getUTCFullYear() + 1);
  else d.setUTCMonth(d.getUTCMonth() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * Splits `from..to` into whole years, whole months and the remaining days: every whole year inside the
 * period, every whole month outside those, and the days left at either end.
 */
export function periodSegments(from: string, to: string): PeriodSegments {
  const segments: PeriodSegments = { coarse: { month: [], year: [] }, days: [] };
  let cursor = from;
  let dayStart: string | null = null;
  const flushDays = (end: string) => {
    if (dayStart !== null) segments.days.push([dayStart, end]);
    dayStart = null;
  };
  while (cursor <= to) {
    const grain = (['year', 'month'] as const).find(
      (g) => truncateDay(cursor, g) === cursor && addDays(nextPeriod(cursor, g), -1) <= to,
    );
    if (grain) {
      flushDays(addDays(cursor, -1));
      segments.coarse[grain].push(cursor);
      cursor = nextPeriod(cursor, grain);
    } else {
      dayStart ??= cursor;
      // Jump to the next month start (or past `to`): no coarse segment can begin before it.
      const next = nextPeriod(truncateDay(cursor, 'month'), 'month');
      cursor = next <= to ? next : addDays(to, 1);
      if (cursor > to) flushDays(to);
    }
  }
  flushDays(to);
  return segments;
}
