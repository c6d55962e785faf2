import { registerEnumType } from 'type-graphql';
import { SOURCE_CHANNELS, type Actor, type SourceChannelValue } from '@salestrail/contract';
import { figuresScope } from './scope';

export enum FunnelDimension {
  OWNER = 'OWNER',
  TEAM = 'TEAM',
  INDUSTRY = 'INDUSTRY',
  SOURCE_CHANNEL = 'SOURCE_CHANNEL',
}
registerEnumType(FunnelDimension, { name: 'FunnelDimension', description: 'What a report groups by' });

/** Read-model column of each dimension (every report query aliases its rows `t` with these columns). */
export const DIMENSION_COLUMN: Record<FunnelDimension, 'owner_id' | 'team_id' | 'industry_code' | 'source_channel'> = {
  OWNER: 'owner_id',
  TEAM: 'team_id',
  INDUSTRY: 'industry_code',
  SOURCE_CHANNEL: 'source_channel',
};

/** The filter every report accepts (AnalyticsFilter's shape, without the GraphQL class). */
export interface FigureFilter {
  teamId?: string | null;
  ownerId?: string | null;
  industryCode?: string | null;
  sourceChannel?: string | null;
}

export interface GroupKey {
  ownerId: string | null;
  teamId: string | null;
  industryCode: string | null;
  sourceChannel: SourceChannelValue | null;
}

/**
 * The WHERE conditions for a caller's report: the filter narrows within the caller's scope. Parameters
 * are appended to `params` (positional, so several queries can share a prefix such as the period).
 */
export function figureConditions(actor: Actor, filter: FigureFilter | undefined, params: unknown[]): string {
  const conditions: string[] = [];
  const add = (column: string, value: unknown) => {
    params.push(value);
    conditions.push(`t.${column} = $${params.length}`);
  };
  if (filter?.teamId) add('team_id', filter.teamId);
  if (filter?.ownerId) add('owner_id', filter.ownerId);
  if (filter?.industryCode) add('industry_code', filter.industryCode);
  if (filter?.sourceChannel) add('source_channel', filter.sourceChannel);
  const scope = figuresScope(actor, params.length);
  params.push(...scope.params);
  conditions.push(scope.sql);
  return conditions.join(' AND ');
}

/** SELECT / GROUP BY fragments for the chosen dimensions (deduplicated, in a fixed order). */
export function groupColumns(groupBy: readonly FunnelDimension[] | undefined): string[] {
  const chosen = new Set(groupBy ?? []);
  return (Object.keys(DIMENSION_COLUMN) as FunnelDimension[]).filter((d) => chosen.has(d)).map((d) => DIMENSION_COLUMN[d]);
}

export function selectGroup(columns: readonly string[]): string {
  return columns.map((c) => `t.${c} AS ${c}`).join(', ');
}

export function groupByClause(columns: readonly string[]): string {
  return columns.length ? `GROUP BY ${columns.map((c) => `t.${c}`).join(', ')}` : '';
}

/** A group key from a result row; dimensions not grouped by (and unknown values) are null. */
export function keyOf(row: Record<string, unknown>): GroupKey {
  const value = (c: string) => {
    const v = row[c];
    return typeof v === 'string' && v !== '' ? v : null;
  };
  return {
    ownerId: value('owner_id'),
    teamId: value('team_id'),
    industryCode: value('industry_code'),
    sourceChannel: (SOURCE_CHANNELS as readonly string[]).includes(value('source_channel') ?? '')
      ? (value('source_channel') as SourceChannelValue)
      : null,
  };
}

export function keyString(key: GroupKey): string {
  return [key.ownerId, key.teamId, key.industryCode, key.sourceChannel].map((v) => v ?? '').join('\u0000');
}

/** Whether a report needs the customers' current industry / channel (a filter or a grouping on them). */
export function needsCustomerDimensions(filter: FigureFilter | undefined, groupBy: readonly FunnelDimension[] | undefined): boolean {
  return Boolean(filter?.industryCode || filter?.sourceChannel || groupBy?.some((d) => d === 'INDUSTRY' || d === 'SOURCE_CHANNEL'));
}

/**
 * SELECT columns and JOIN for the current industry / channel of the customer of a fact aliased `alias`;
 * without them the join is left out (it dominates the cost of reading raw facts).
 */
export function customerDimensions(alias: string, needed: boolean): { columns: string; join: string } {
  return needed
    ? {
        columns: `coalesce(cs.industry_code, '') AS industry_code, coalesce(cs.source_channel, '') AS source_channel`,
        join: `LEFT JOIN customer_state cs ON cs.customer_id = ${alias}.customer_id`,
      }
    : { columns: `'' AS industry_code, '' AS source_channel`, join: '' };
}
