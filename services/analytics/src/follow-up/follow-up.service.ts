import type { DataSource } from 'typeorm';
import type { Actor } from '@salestrail/contract';
import {
  customerDimensions,
  figureConditions,
  needsCustomerDimensions,
  groupByClause,
  groupColumns,
  keyOf,
  keyString,
  selectGroup,
  type GroupKey,
} from '../common/dimensions';
import { sumAggregates, touchedColumns } from '../common/aggregates';
import { coveringRollup, rollupTable, truncateDay } from '../read-model/rollups';
import { exactMedians } from '../common/medians';
import { rate, validatePeriod } from '../common/period';
import { figuresScope } from '../common/scope';
import { DEFAULT_TIMEZONE, firstContactSql } from '../read-model/recompute';
import type { FunnelQuery } from '../funnel/funnel.service';
import type { FollowUpGroup } from './follow-up.types';

type Row = Record<string, unknown>;

/** Next actions with the customer's current dimensions (when needed), aliased for figureConditions. */
function actionsSql(withCustomerDimensions = true): string {
  const dims = customerDimensions('a', withCustomerDimensions);
  return `
  SELECT a.*, (a.due_at AT TIME ZONE coalesce(d.timezone, '${DEFAULT_TIMEZONE}'))::date AS day, ${dims.columns}
  FROM next_action_fact a
  LEFT JOIN team_dim d ON d.team_id = a.team_id
  ${dims.join}
  WHERE a.owner_id IS NOT NULL AND a.team_id IS NOT NULL AND a.due_at IS NOT NULL`;
}

/**
 * followUpEfficiency as defined in API.md. `followUpEfficiency` reads the aggregates (month/year
 * roll-ups where they fit) for the counts and the raw next actions for the median and the open overdue ones; `exactFollowUpEfficiency`
 * evaluates everything over the raw facts (the reference for tests and benchmarks).
 */
export class FollowUpService {
  constructor(private readonly dataSource: DataSource) {}

  async followUpEfficiency(actor: Actor, query: FunnelQuery, now = new Date()): Promise<FollowUpGroup[]> {
    figuresScope(actor, 0);
    validatePeriod(query.from, query.to);
    const columns = groupColumns(query.groupBy);
    const counts = sumAggregates(this.dataSource, actor, {
      kind: 'follow_up',
      from: query.from,
      to: query.to,
      filter: query.filter,
      columns,
      sums: `sum(t.interactions)::int AS interactions, sum(t.logged_within_24h)::int AS within24h,
             sum(t.actions_due)::int AS due, sum(t.completed_on_time)::int AS on_time, sum(t.first_contacts)::int AS first_contacts`,
    });
    const medians = exactMedians(this.dataSource, actor, { kind: 'completion_hours', ...query, columns }).then(
      (rows) => rows ?? this.sortedMedians(actor, query, columns),
    );
    const overdue = this.summedOpenOverdue(actor, query, columns, now);
    return assembleFollowUp(await counts, await medians, await overdue, columns.length === 0);
  }

  /** The median by sorting the raw next actions (groupings and filters no histogram holds). */
  private sortedMedians(actor: Actor, query: FunnelQuery, columns: string[]): Promise<Row[]> {
    const sel = columns.length ? `${selectGroup(columns)},` : '';
    // Due times within a day either side of the period cover every time zone; the local day decides.
    const p2: unknown[] = [query.from, query.to];
    const w2 = figureConditions(actor, query.filter, p2);
    return this.dataSource.query(
      `SELECT ${sel} percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM t.completed_at - t.created_at) / 3600) AS median
       FROM (${actionsSql(needsCustomerDimensions(query.filter, query.groupBy))} AND a.due_at >= $1::date - 1 AND a.due_at < $2::date + 2) t
       WHERE t.status = 'DONE' AND t.created_at IS NOT NULL AND t.day BETWEEN $1::date AND $2::date AND ${w2}
       ${groupByClause(columns)}`,
      p2,
    );
  }

  async exactFollowUpEfficiency(actor: Actor, query: FunnelQuery, now = new Date()): Promise<FollowUpGroup[]> {
    figuresScope(actor, 0);
    validatePeriod(query.from, query.to);
    const columns = groupColumns(query.groupBy);
    const sel = columns.length ? `${selectGroup(columns)},` : '';
    const p1: unknown[] = [query.from, query.to];
    const w1 = figureConditions(actor, query.filter, p1);
    const interactions = this.dataSource.query(
      `SELECT ${sel} count(*)::int AS interactions,
              count(*) FILTER (WHERE t.logged_at - t.occurred_at <= interval '24 hours')::int AS within24h,
              count(*) FILTER (WHERE t.first_contact)::int AS first_contacts,
              0 AS due, 0 AS on_time
       FROM (SELECT i.*, (i.occurred_at AT TIME ZONE coalesce(d.timezone, '${DEFAULT_TIMEZONE}'))::date AS day,
                    ${firstContactSql('i')} AS first_contact,
                    coalesce(cs.industry_code, '') AS industry_code, coalesce(cs.source_channel, '') AS source_channel
             FROM interaction_fact i LEFT JOIN team_dim d ON d.team_id = i.team_id
             LEFT JOIN customer_state cs ON cs.customer_id = i.customer_id) t
       WHERE t.day BETWEEN $1::date AND $2::date AND ${w1} ${groupByClause(columns)}`,
      p1,
    );
    const p2: unknown[] = [query.from, query.to];
    const w2 = figureConditions(actor, query.filter, p2);
    const actions = this.dataSource.query(
      `SELECT ${sel} 0 AS interactions, 0 AS within24h, 0 AS first_contacts, count(*)::int AS due,
              count(*) FILTER (WHERE t.completed_at <= t.due_at)::int AS on_time,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM t.completed_at - t.created_at) / 3600)
                FILTER (WHERE t.status = 'DONE') AS median
       FROM (${actionsSql()}) t
       WHERE t.status <> 'CANCELLED' AND t.day BETWEEN $1::date AND $2::date AND ${w2} ${groupByClause(columns)}`,
      p2,
    );
    const overdue = this.openOverdue(actor, query, columns, now);
    const actionRows: Row[] = await actions;
    return assembleFollowUp([...(await interactions), ...actionRows], actionRows, await overdue, columns.length === 0);
  }

  /**
   * Open next actions past due: whole years, months and days before today (UTC) from the open-action
   * aggregates, only today's from the raw facts; the raw count when no roll-up holds the report's columns.
   */
  private async summedOpenOverdue(actor: Actor, query: FunnelQuery, columns: string[], now: Date): Promise<Row[]> {
    const rollup = coveringRollup(touchedColumns(actor, query.filter, columns));
    if (!rollup) return this.openOverdue(actor, query, columns, now);
    const today = now.toISOString().slice(0, 10);
    const sel = columns.length ? `${selectGroup(columns)},` : '';
    const params: unknown[] = [today, truncateDay(today, 'month'), truncateDay(today, 'year'), now.toISOString()];
    const where = figureConditions(actor, query.filter, params);
    const dims = customerDimensions('a', needsCustomerDimensions(query.filter, query.groupBy));
    const parts = await Promise.all([
      this.dataSource.query(
        `SELECT ${sel} sum(t.open)::int AS overdue FROM ${rollupTable('open_action', rollup)} t
         WHERE ((t.grain = 'year' AND t.period < $3::date) OR (t.grain = 'month' AND t.period >= $3::date AND t.period < $2::date))
           AND $1::date IS NOT NULL AND $4::timestamptz IS NOT NULL AND ${where} ${groupByClause(columns)}`,
        params,
      ),
      this.dataSource.query(
        `SELECT ${sel} sum(t.open)::int AS overdue FROM open_action_daily t
         WHERE t.day >= $2::date AND t.day < $1::date AND $3::date IS NOT NULL AND $4::timestamptz IS NOT NULL AND ${where}
         ${groupByClause(columns)}`,
        params,
      ),
      this.dataSource.query(
        `SELECT ${sel} count(*)::int AS overdue
         FROM (SELECT a.owner_id, a.team_id, ${dims.columns} FROM next_action_fact a ${dims.join}
               WHERE a.status = 'OPEN' AND a.due_at >= $1::date::timestamp AT TIME ZONE 'UTC' AND a.due_at < $4::timestamptz
                 AND a.owner_id IS NOT NULL AND a.team_id IS NOT NULL AND $2::date IS NOT NULL AND $3::date IS NOT NULL) t
         WHERE ${where} ${groupByClause(columns)}`,
        params,
      ),
    ]);
    return parts.flat();
  }

  private openOverdue(actor: Actor, query: FunnelQuery, columns: string[], now: Date): Promise<Row[]> {
    const params: unknown[] = [now.toISOString()];
    const where = figureConditions(actor, query.filter, params);
    return this.dataSource.query(
      `SELECT ${columns.length ? `${selectGroup(columns)},` : ''} count(*)::int AS overdue
       FROM (${actionsSql(needsCustomerDimensions(query.filter, query.groupBy))} AND a.status = 'OPEN' AND a.due_at < $1::timestamptz) t
       WHERE ${where} ${groupByClause(columns)}`,
      params,
    );
  }
}

interface Draft {
  key: GroupKey;
  interactions: number;
  within24h: number;
  firstContacts: number;
  due: number;
  onTime: number;
  median: number | null;
  overdue: number;
}

export function assembleFollowUp(counts: Row[], medians: Row[], overdue: Row[], single: boolean): FollowUpGroup[] {
  const groups = new Map<string, Draft>();
  const group = (row: Row): Draft => {
    const key = keyOf(row);
    const id = keyString(key);
    let draft = groups.get(id);
    if (!draft) {
      draft = { key, interactions: 0, within24h: 0, firstContacts: 0, due: 0, onTime: 0, median: null, overdue: 0 };
      groups.set(id, draft);
    }
    return draft;
  };
  if (single) group({});
  for (const row of counts) {
    const d = group(row);
    d.interactions += Number(row.interactions);
    d.within24h += Number(row.within24h);
    d.firstContacts += Number(row.first_contacts ?? 0);
    d.due += Number(row.due);
    d.onTime += Number(row.on_time);
  }
  for (const row of medians) {
    if (row.median !== null && row.median !== undefined) group(row).median = Number(row.median);
  }
  for (const row of overdue) group(row).overdue += Number(row.overdue);
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, d]) => ({
      key: d.key,
      interactionsLogged: d.interactions,
      loggedWithin24hRate: rate(d.within24h, d.interactions),
      firstContacts: d.firstContacts,
      actionsDue: d.due,
      actionsCompletedOnTime: d.onTime,
      onTimeRate: rate(d.onTime, d.due),
      medianHoursToComplete: d.median,
      openOverdue: d.overdue,
    }));
}
