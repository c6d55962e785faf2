import type { DataSource } from 'typeorm';
import type { Actor } from '@salestrail/contract';
import { coveringRollup, periodSegments, rollupTable, type PeriodSegments } from '../read-model/rollups';
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
 * when no roll-up fits). The rows of both parts are returned together; callers add rows of one key.
 * For the funnel, "first transition into S inside the period" is `prev_day < from` (daily) and
 * `prev_period < from` (roll-ups, only used at grains `from` is aligned to).
 */
export async function sumAggregates(dataSource: DataSource, actor: Actor, query: AggregateQuery): Promise<Row[]> {
  const rollup = coveringRollup(touchedColumns(actor, query.filter, query.columns));
  const segments: PeriodSegments = rollup
    ? periodSegments(query.from, query.to, query.kind === 'funnel')
    : { coarse: { month: [], year: [] }, days: [[query.from, query.to]] };
  const group = [...(query.extraGroup ?? []), ...query.columns];
  const select = [...(query.extraGroup ?? []).map((c) => `t.${c}`), ...(query.columns.length ? [selectGroup(query.columns)] : []), query.sums].join(', ');
  const parts: Array<Promise<Row[]>> = [];
  if (rollup && (segments.coarse.year.length || segments.coarse.month.length)) {
    const params: unknown[] = [query.from, segments.coarse.year, segments.coarse.month];
    const where = figureConditions(actor, query.filter, params);
    parts.push(
      dataSource.query(
        `SELECT ${select} FROM ${rollupTable(query.kind, rollup)} t
         WHERE ((t.grain = 'year' AND t.period = ANY($2::date[])) OR (t.grain = 'month' AND t.period = ANY($3::date[])))
           ${query.kind === 'funnel' ? 'AND t.prev_period < $1::date' : 'AND $1::date IS NOT NULL'} AND ${where}
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
         WHERE (${ranges.join(' OR ')}) ${query.kind === 'funnel' ? 'AND t.prev_day < $1::date' : 'AND $1::date IS NOT NULL'} AND ${where}
         ${groupByClause(group)}`,
        params,
      ),
    );
  }
  return (await Promise.all(parts)).flat();
}
