import type { DataSource } from 'typeorm';
import { BadInputError } from '@salestrail/platform';
import { STAGES, type Actor, type Stage } from '@salestrail/contract';
import {
  customerDimensions,
  figureConditions,
  needsCustomerDimensions,
  groupByClause,
  groupColumns,
  keyOf,
  keyString,
  selectGroup,
  type FigureFilter,
  type FunnelDimension,
  type GroupKey,
} from '../common/dimensions';
import { sumAggregates } from '../common/aggregates';
import { exactMedians } from '../common/medians';
import { rate, validatePeriod } from '../common/period';
import { figuresScope } from '../common/scope';
import { DEFAULT_TIMEZONE, STAGE_ORDER_SQL } from '../read-model/recompute';
import type { FunnelGroup, FunnelStage } from './funnel.types';

/** The most customers `stageCustomers` lists at once. */
export const MAX_STAGE_CUSTOMERS = 200;

export interface StageCustomersQuery {
  from: string;
  to: string;
  stage: Stage;
  filter?: FigureFilter;
  first?: number;
}

export interface StageCustomerRow {
  customer: { id: string };
  enteredAt: Date;
  advanced: boolean;
  terminated: boolean;
}

type Row = Record<string, unknown>;

export interface FunnelQuery {
  from: string;
  to: string;
  filter?: FigureFilter;
  groupBy?: readonly FunnelDimension[];
}

/**
 * conversionFunnel as defined in API.md. `conversionFunnel` reads the aggregates (entries with their
 * previous-entry day make distinct-customer counts exact sums; month/year roll-ups where they fit) and the raw transitions for the
 * medians; `exactConversionFunnel` evaluates the definitions directly over the raw facts and is the
 * reference the aggregates are tested (and benchmarked) against.
 */
export class FunnelService {
  constructor(private readonly dataSource: DataSource) {}

  async conversionFunnel(actor: Actor, query: FunnelQuery): Promise<FunnelGroup[]> {
    figuresScope(actor, 0);
    validatePeriod(query.from, query.to);
    const columns = groupColumns(query.groupBy);
    const counts = sumAggregates(this.dataSource, actor, {
      kind: 'funnel',
      from: query.from,
      to: query.to,
      filter: query.filter,
      columns,
      extraGroup: ['stage'],
      sums: `sum(t.entries)::int AS entered, sum(t.advanced)::int AS advanced,
             sum(t.terminated)::int AS terminated, sum(t.lost)::int AS lost`,
    });
    const medians = exactMedians(this.dataSource, actor, { kind: 'stage_days', ...query, columns }).then(
      (rows) => rows ?? this.sortedMedians(actor, query, columns),
    );
    return assembleFunnel(await counts, await medians, columns.length === 0);
  }

  /** Medians by sorting the raw transitions (groupings and filters no histogram holds). */
  private sortedMedians(actor: Actor, query: FunnelQuery, columns: string[]): Promise<Row[]> {
    const medianParams: unknown[] = [query.from, query.to];
    const medianWhere = figureConditions(actor, query.filter, medianParams);
    const dims = customerDimensions('s', needsCustomerDimensions(query.filter, query.groupBy));
    return this.dataSource.query(
      `SELECT t.stage, ${selectGroup(columns)}${columns.length ? ',' : ''}
              percentile_cont(0.5) WITHIN GROUP (ORDER BY t.days) AS median
       FROM (SELECT s.from_stage AS stage, s.owner_id, s.team_id, s.days_in_from_stage AS days, ${dims.columns}
             FROM stage_transition s ${dims.join}
             WHERE s.from_stage IS NOT NULL AND s.local_day BETWEEN $1::date AND $2::date
               AND s.days_in_from_stage IS NOT NULL) t
       WHERE ${medianWhere}
       ${groupByClause(['stage', ...columns])}`,
      medianParams,
    );
  }

  /**
   * The customers behind one stage's `entered` (and so `advanced` and `terminated`) of conversionFunnel:
   * each with its entry into the stage inside the period, in the same scope and filter (owner and team at
   * the moment of the entry, industry and channel as they are now), newest entry first.
   */
  async stageCustomers(actor: Actor, query: StageCustomersQuery): Promise<StageCustomerRow[]> {
    figuresScope(actor, 0);
    validatePeriod(query.from, query.to);
    const first = query.first ?? 50;
    if (!Number.isInteger(first) || first < 1 || first > MAX_STAGE_CUSTOMERS) {
      throw new BadInputError('first', 'OUT_OF_RANGE', `\`first\` is between 1 and ${MAX_STAGE_CUSTOMERS}`);
    }
    const params: unknown[] = [query.from, query.to, query.stage];
    const where = figureConditions(actor, query.filter, params);
    params.push(first);
    const rows: Array<{ customer_id: string; at: Date; advanced: boolean; terminated: boolean }> = await this.dataSource.query(
      `WITH entry AS (
         SELECT DISTINCT ON (s.customer_id) s.customer_id, s.at, s.owner_id, s.team_id,
                coalesce(cs.industry_code, '') AS industry_code, coalesce(cs.source_channel, '') AS source_channel
         FROM stage_transition s
         LEFT JOIN team_dim d ON d.team_id = s.team_id
         LEFT JOIN customer_state cs ON cs.customer_id = s.customer_id
         WHERE s.to_stage = $3
           AND (s.at AT TIME ZONE coalesce(d.timezone, '${DEFAULT_TIMEZONE}'))::date BETWEEN $1::date AND $2::date
         ORDER BY s.customer_id, s.at, s.customer_version
       )
       SELECT t.customer_id, t.at,
         EXISTS (SELECT 1 FROM stage_transition u WHERE u.customer_id = t.customer_id AND u.at > t.at
                   AND array_position(${STAGE_ORDER_SQL}, u.to_stage) > array_position(${STAGE_ORDER_SQL}, $3::text)) AS advanced,
         EXISTS (SELECT 1 FROM stage_transition u WHERE u.customer_id = t.customer_id AND u.at > t.at
                   AND u.from_stage = $3 AND u.to_stage = 'LEAD_TERMINATED') AS terminated
       FROM entry t
       WHERE ${where}
       ORDER BY t.at DESC, t.customer_id
       LIMIT $${params.length}`,
      params,
    );
    return rows.map((r) => ({ customer: { id: r.customer_id }, enteredAt: new Date(r.at), advanced: r.advanced, terminated: r.terminated }));
  }

  async exactConversionFunnel(actor: Actor, query: FunnelQuery): Promise<FunnelGroup[]> {
    figuresScope(actor, 0);
    validatePeriod(query.from, query.to);
    const columns = groupColumns(query.groupBy);
    const transitions = `
      SELECT s.*, (s.at AT TIME ZONE coalesce(d.timezone, '${DEFAULT_TIMEZONE}'))::date AS day,
             coalesce(cs.industry_code, '') AS industry_code, coalesce(cs.source_channel, '') AS source_channel,
             array_position(${STAGE_ORDER_SQL}, s.to_stage) AS rank
      FROM stage_transition s
      LEFT JOIN team_dim d ON d.team_id = s.team_id
      LEFT JOIN customer_state cs ON cs.customer_id = s.customer_id`;
    const countParams: unknown[] = [query.from, query.to];
    const countWhere = figureConditions(actor, query.filter, countParams);
    const counts = this.dataSource.query(
      `WITH tr AS (${transitions}),
       entry AS (
         SELECT DISTINCT ON (customer_id, to_stage) * FROM tr
         WHERE day BETWEEN $1::date AND $2::date
         ORDER BY customer_id, to_stage, at, customer_version
       ),
       e AS (
         SELECT e.to_stage AS stage, e.owner_id, e.team_id, e.industry_code, e.source_channel,
           EXISTS (SELECT 1 FROM stage_transition u WHERE u.customer_id = e.customer_id
                     AND array_position(${STAGE_ORDER_SQL}, u.to_stage) > e.rank AND u.at > e.at) AS advanced,
           EXISTS (SELECT 1 FROM stage_transition u WHERE u.customer_id = e.customer_id AND u.from_stage = e.to_stage
                     AND u.to_stage = 'LEAD_TERMINATED' AND u.at > e.at) AS terminated,
           (e.to_stage = 'LEAD_TERMINATED' AND NOT EXISTS (
              SELECT 1 FROM stage_transition u WHERE u.customer_id = e.customer_id AND u.to_stage = 'DEAL_SIGNING')) AS lost
         FROM entry e
       )
       SELECT t.stage, ${selectGroup(columns)}${columns.length ? ',' : ''}
              count(*)::int AS entered, count(*) FILTER (WHERE t.advanced)::int AS advanced,
              count(*) FILTER (WHERE t.terminated)::int AS terminated, count(*) FILTER (WHERE t.lost)::int AS lost
       FROM e t WHERE ${countWhere}
       ${groupByClause(['stage', ...columns])}`,
      countParams,
    );
    const medianParams: unknown[] = [query.from, query.to];
    const medianWhere = figureConditions(actor, query.filter, medianParams);
    const medians = this.dataSource.query(
      `WITH tr AS (${transitions}),
       out AS (
         SELECT u.from_stage AS stage, u.owner_id, u.team_id, u.industry_code, u.source_channel,
           (SELECT extract(epoch FROM u.at - p.at) / 86400 FROM stage_transition p
            WHERE p.customer_id = u.customer_id AND p.to_stage = u.from_stage
              AND (p.at, p.customer_version) < (u.at, u.customer_version)
            ORDER BY p.at DESC, p.customer_version DESC LIMIT 1) AS days
         FROM tr u WHERE u.from_stage IS NOT NULL AND u.day BETWEEN $1::date AND $2::date
       )
       SELECT t.stage, ${selectGroup(columns)}${columns.length ? ',' : ''}
              percentile_cont(0.5) WITHIN GROUP (ORDER BY t.days) AS median
       FROM out t WHERE t.days IS NOT NULL AND ${medianWhere}
       ${groupByClause(['stage', ...columns])}`,
      medianParams,
    );
    return assembleFunnel(await counts, await medians, columns.length === 0);
  }
}

interface GroupDraft {
  key: GroupKey;
  stages: Map<Stage, FunnelStage>;
  won: number;
  lost: number;
}

/** Rows of (stage, group columns, counts) and (stage, group columns, median) → one FunnelGroup per key. */
export function assembleFunnel(counts: Row[], medians: Row[], single: boolean): FunnelGroup[] {
  const groups = new Map<string, GroupDraft>();
  const group = (row: Row): GroupDraft => {
    const key = keyOf(row);
    const id = keyString(key);
    let draft = groups.get(id);
    if (!draft) {
      draft = {
        key,
        won: 0,
        lost: 0,
        stages: new Map(
          STAGES.map((stage) => [
            stage,
            { stage, entered: 0, advanced: 0, terminated: 0, conversionRate: null, medianDaysInStage: null },
          ]),
        ),
      };
      groups.set(id, draft);
    }
    return draft;
  };
  if (single) group({});
  for (const row of counts) {
    const draft = group(row);
    const stage = draft.stages.get(row.stage as Stage);
    if (!stage) continue;
    stage.entered += Number(row.entered);
    stage.advanced += Number(row.advanced);
    stage.terminated += Number(row.terminated);
    if (row.stage === 'DEAL_SIGNING') draft.won += Number(row.entered);
    if (row.stage === 'LEAD_TERMINATED') draft.lost += Number(row.lost);
  }
  for (const row of medians) {
    const stage = group(row).stages.get(row.stage as Stage);
    if (stage && row.median !== null) stage.medianDaysInStage = Number(row.median);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, draft]) => ({
      key: draft.key,
      stages: [...draft.stages.values()].map((s) => ({ ...s, conversionRate: rate(s.advanced, s.entered) })),
      winRate: rate(draft.won, draft.won + draft.lost),
    }));
}
