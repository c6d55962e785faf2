import type { DataSource } from 'typeorm';
import type { Actor } from '@salestrail/contract';
import { histogramTable, MEDIAN_ROLLUPS, type MedianKind } from '../read-model/median-values';
import { coveringRollup, periodSegments } from '../read-model/rollups';
import { touchedColumns } from './aggregates';
import { figureConditions, type FigureFilter } from './dimensions';

type Row = Record<string, unknown>;

export interface MedianQuery {
  kind: MedianKind;
  from: string;
  to: string;
  filter?: FigureFilter;
  /** Group columns (read-model names). */
  columns: readonly string[];
}

/**
 * Exact medians per stage and group from the histograms (read-model/median-values.ts), or null when
 * no histogram holds every column the report touches (the caller then sorts the raw facts).
 * Rows: `stage` ('' for completion hours), the group columns, `median` — equal to
 * `percentile_cont(0.5)` over the raw values: the one or two middle values are found by rank and
 * interpolated by the same function.
 */
export async function exactMedians(dataSource: DataSource, actor: Actor, query: MedianQuery): Promise<Row[] | null> {
  const rollup = coveringRollup(touchedColumns(actor, query.filter, query.columns), MEDIAN_ROLLUPS);
  if (!rollup) return null;
  const segments = periodSegments(query.from, query.to);
  const single = segments.days.length === 0 && segments.coarse.year.length + segments.coarse.month.length === 1;
  if (rollup.name === 'owner' && single) {
    const grain = segments.coarse.year.length ? 'year' : 'month';
    return sortedMedians(dataSource, actor, query, grain, (segments.coarse.year[0] ?? segments.coarse.month[0])!);
  }
  const params: unknown[] = [query.kind, query.from, query.to, segments.coarse.year, segments.coarse.month];
  const ranges = segments.days.map(([start, end]) => {
    params.push(start, end);
    return `t.day BETWEEN $${params.length - 1}::date AND $${params.length}::date`;
  });
  const where = figureConditions(actor, query.filter, params);
  const group = ['stage', ...query.columns];
  const cols = group.join(', ');
  const tCols = group.map((c) => `t.${c}`).join(', ');
  // Whole months and years from the histogram (no rows for empty lists), the remaining days' values.
  const branches = [
    `SELECT ${tCols}, t.bucket, t.n FROM ${histogramTable(rollup)} t
      WHERE t.kind = $1 AND ((t.grain = 'year' AND t.period = ANY($4::date[])) OR (t.grain = 'month' AND t.period = ANY($5::date[])))
        AND ${where}`,
  ];
  if (ranges.length) {
    branches.push(`SELECT ${tCols}, t.bucket / ${rollup.divisor} AS bucket, 1 AS n FROM median_value t
      WHERE t.kind = $1 AND (${ranges.join(' OR ')}) AND ${where}`);
  }
  const rows: Row[] = await dataSource.query(
    `WITH h AS (
       SELECT ${cols}, bucket, sum(n)::bigint AS n FROM (${branches.join(' UNION ALL ')}) t GROUP BY ${cols}, bucket
     ), c AS (
       SELECT h.*, (sum(n) OVER (PARTITION BY ${cols} ORDER BY bucket))::bigint AS upto, (sum(n) OVER (PARTITION BY ${cols}))::bigint AS total FROM h
     ), tg AS (
       -- Buckets holding rank (total + 1) / 2 or total / 2 + 1 (the middle one, or the middle two;
       -- integer division, hence the bigint casts: a sum of bigints is numeric).
       SELECT ${cols}, bucket, upto - n AS before, total FROM c WHERE upto >= (total + 1) / 2 AND upto - n < total / 2 + 1
     ), v AS (
       -- Each middle bucket's raw values by an index lookup (kind, group, stage, bucket, day).
       SELECT ${group.map((c) => `tg.${c}`).join(', ')}, tg.total, x.value,
              min(tg.before) OVER (PARTITION BY ${group.map((c) => `tg.${c}`).join(', ')})
                + row_number() OVER (PARTITION BY ${group.map((c) => `tg.${c}`).join(', ')} ORDER BY x.value) AS rank
       FROM tg CROSS JOIN LATERAL (
         SELECT t.value FROM median_value t
         WHERE t.kind = $1 AND ${group.map((c) => `t.${c} = tg.${c}`).join(' AND ')}
           AND t.bucket BETWEEN tg.bucket * ${rollup.divisor} AND tg.bucket * ${rollup.divisor} + ${rollup.divisor - 1}
           AND t.day BETWEEN $2::date AND $3::date AND ${where}
         OFFSET 0 -- kept as a per-bucket lookup, not merged into one scan of the period's values
       ) x
     )
     SELECT ${group.map((c) => `${c} AS ${c}`).join(', ')}, percentile_cont(0.5) WITHIN GROUP (ORDER BY value) AS median
     FROM v WHERE rank IN ((total + 1) / 2, total / 2 + 1) GROUP BY ${cols}`,
    params,
  );
  return rows;
}

/**
 * One month or year from the sorted values per owner/team (`median_sorted_owner`): a group made of one
 * row takes its middle element(s) by position; a group of several rows (an owner in two teams, a
 * team's figures) merges them. Either way `percentile_cont(0.5)` interpolates the same middle values.
 */
async function sortedMedians(dataSource: DataSource, actor: Actor, query: MedianQuery, grain: string, period: string): Promise<Row[]> {
  const params: unknown[] = [query.kind, grain, period];
  const where = figureConditions(actor, query.filter, params);
  const group = ['stage', ...query.columns];
  return dataSource.query(
    `WITH a AS (
       SELECT ${group.map((c) => `t.${c}`).join(', ')}, t.vals FROM median_sorted_owner t
       WHERE t.kind = $1 AND t.grain = $2 AND t.period = $3::date AND ${where}
     ), g AS (
       SELECT ${group.join(', ')}, count(*) AS arrays, sum(cardinality(vals))::int AS n FROM a GROUP BY ${group.join(', ')}
     )
     SELECT ${group.map((c) => `a.${c} AS ${c}`).join(', ')}, percentile_cont(0.5) WITHIN GROUP (ORDER BY v) AS median
     FROM a JOIN g ON ${group.map((c) => `g.${c} = a.${c}`).join(' AND ')}
     CROSS JOIN LATERAL unnest(CASE WHEN g.arrays = 1 THEN ARRAY[a.vals[(g.n + 1) / 2], a.vals[g.n / 2 + 1]] ELSE a.vals END) AS v
     WHERE g.n > 0
     GROUP BY ${group.map((c) => `a.${c}`).join(', ')}`,
    params,
  );
}
