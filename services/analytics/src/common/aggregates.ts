import type { DataSource } from 'typeorm';
import type { Actor } from '@salestrail/contract';
import { coveringRollup, periodSegments, rollupTable, truncateDay, type PeriodSegments } from '../read-model/rollups';
import { DIMENSION_COLUMN, figureConditions, groupByClause, selectGroup, type FigureFilter, type FunnelDimension } from './dimensions';

type Row = Record<string, unknown>;

export interface AggregateQuery {
  kind: 'funnel' | 'follow_up';
  from: string;
  to: string;
  filter?: FigureFilter;
  /** Group columns (read-model names) and any further key column to group by (the funnel's stage). */
  columns: readonly string[];
  extraGroup?: readonly string[];
  /** SELECT list of the sums, over rows aliased `t`. */
  sums: string;
}

/** The dimension columns a caller's report touches: its grouping, its filter and its scope. */
export function touchedColumns(actor: Actor, filter: FigureFilter | undefined, columns: readonly string[]): string[] {
  const touched = new Set(columns);
  for (const [dimension, column] of Object.entries(DIMENSION_COLUMN) as Array<[FunnelDimension, string]>) {
    const value = { OWNER: filter?.ownerId, TEAM: filter?.teamId, INDUSTRY: filter?.industryCode, SOURCE_CHANNEL: filter?.sourceChannel }[dimension];
    if (value) touched.add(column);
  }
  if (actor.role === 'SALES_REP') touched.add('owner_id');
  if (actor.role === 'SALES_MANAGER' || actor.role === 'TEAM_ASSISTANT') touched.add('team_id');
  return [...touched];
}

/**
 * Sums of a daily aggregate over `from..to`: whole months and years from the smallest roll-up that
 * holds every column the report touches, the remaining days from the daily table (all of the period
 * when no roll-up fits). The rows of the parts are returned together; callers add rows of one key.
 *
 * For the funnel, "first transition into S inside the period" is `prev_day < from`. A roll-up row
 * knows only `prev_period`, the month (year) of `prev_day`: `prev_period` before the month (year) of
 * `from` means `prev_day < from`, after it means not, and equal to it is undecided. So the roll-up part
 * counts `prev_period < trunc(from)` and a correction from the daily table adds the rows of the same
 * whole months (years) with `prev_day` in `[trunc(from), from)` (none when `from` starts a month; few
 * otherwise: only re-entries whose previous entry fell in those days, found by the prev_day index).
 */
export async function sumAggregates(dataSource: DataSource, actor: Actor, query: AggregateQuery): Promise<Row[]> {
  const rollup = coveringRollup(touchedColumns(actor, query.filter, query.columns));
  const segments: PeriodSegments = rollup
    ? periodSegments(query.from, query.to)
    : { coarse: { month: [], year: [] }, days: [[query.from, query.to]] };
  const funnel = query.kind === 'funnel';
  const group = [...(query.extraGroup ?? []), ...query.columns];
  const select = [...(query.extraGroup ?? []).map((c) => `t.${c}`), ...(query.columns.length ? [selectGroup(query.columns)] : []), query.sums].join(', ');
  const parts: Array<Promise<Row[]>> = [];
  const coarse = segments.coarse.year.length + segments.coarse.month.length > 0;
  if (rollup && coarse) {
    const params: unknown[] = [query.from, segments.coarse.year, segments.coarse.month];
    const where = figureConditions(actor, query.filter, params);
    parts.push(
      dataSource.query(
        `SELECT ${select} FROM ${rollupTable(query.kind, rollup)} t
         WHERE ((t.grain = 'year' AND t.period = ANY($2::date[])) OR (t.grain = 'month' AND t.period = ANY($3::date[])))
           ${funnel ? `AND t.prev_period < date_trunc(t.grain, $1::date)::date` : 'AND $1::date IS NOT NULL'} AND ${where}
         ${groupByClause(group)}`,
        params,
      ),
    );
  }
  const lowest = segments.coarse.year.length ? truncateDay(query.from, 'year') : truncateDay(query.from, 'month');
  if (rollup && coarse && funnel && lowest < query.from) {
    const params: unknown[] = [query.from, segments.coarse.year, segments.coarse.month, lowest];
    const where = figureConditions(actor, query.filter, params);
    parts.push(
      dataSource.query(
        `SELECT ${select} FROM funnel_daily t
         WHERE t.prev_day >= $4::date AND t.prev_day < $1::date
           AND ((date_trunc('year', t.day)::date = ANY($2::date[]) AND t.prev_day >= date_trunc('year', $1::date)::date)
             OR (date_trunc('month', t.day)::date = ANY($3::date[]) AND t.prev_day >= date_trunc('month', $1::date)::date))
           AND ${where}
         ${groupByClause(group)}`,
        params,
      ),
    );
  }
  if (segments.days.length) {
    const params: unknown[] = [query.from];
    const ranges = segments.days.map(([start, end]) => {
      params.push(start, end);
      return `t.day BETWEEN $${params.length - 1}::date AND $${params.length}::date`;
    });
    const where = figureConditions(actor, query.filter, params);
    parts.push(
      dataSource.query(
        `SELECT ${select} FROM ${query.kind}_daily t
         WHERE (${ranges.join(' OR ')}) ${funnel ? 'AND t.prev_day < $1::date' : 'AND $1::date IS NOT NULL'} AND ${where}
         ${groupByClause(group)}`,
        params,
      ),
    );
  }
  return (await Promise.all(parts)).flat();
}
