import { useSearchParams } from 'react-router';
import type { AnalyticsFilter, FunnelDimension, SalesStage } from '../../gql/graphql';
import { useViewer } from '../../ui/useTimezone';
import { periodFromSearch, periodOf, previousPeriod, type Period, type PeriodKind } from './period';
import { seesEveryTeam } from './access';

export const DIMENSIONS: FunnelDimension[] = ['OWNER', 'TEAM', 'INDUSTRY', 'SOURCE_CHANNEL'];
const STAGES = new Set([
  'LEAD_NURTURING',
  'NEEDS_CONFIRMED',
  'PROPOSAL_PRESENTED',
  'NEGOTIATION',
  'DEAL_SIGNING',
  'AFTER_SALES',
  'LEAD_TERMINATED',
]);

export interface AnalyticsParams {
  kind: PeriodKind;
  period: Period;
  previous: Period;
  groupBy: FunnelDimension | null;
  /** The team a MARKETING or ADMIN reader narrowed to (a manager's figures are their team's anyway). */
  teamId: string | null;
  filter: AnalyticsFilter | null;
  /** The group whose funnel is shown (its key as `keyId`), the stage whose customers are listed. */
  group: string | null;
  stage: SalesStage | null;
}

/**
 * The analytics screens' choices, kept in the address so that a view is a link: `?period=month`,
 * `?period=custom&from=…&to=…`, `&groupBy=OWNER`, `&team=…`, `&group=…`, `&stage=…`.
 */
export function readAnalyticsParams(
  search: URLSearchParams,
  now: Date,
  timeZone: string,
  role: string | null | undefined,
): AnalyticsParams {
  const { kind, custom } = periodFromSearch(search);
  const period = periodOf(kind, now, timeZone, custom);
  const groupBy = search.get('groupBy');
  const stage = search.get('stage');
  const teamId = seesEveryTeam(role) ? search.get('team') || null : null;
  return {
    kind,
    period,
    previous: previousPeriod(kind, period),
    groupBy: DIMENSIONS.includes(groupBy as FunnelDimension) ? (groupBy as FunnelDimension) : null,
    teamId,
    filter: teamId ? { teamId } : null,
    group: search.get('group') || null,
    stage: stage && STAGES.has(stage) ? (stage as SalesStage) : null,
  };
}

export function useAnalyticsParams(): AnalyticsParams & {
  update: (changes: Record<string, string | null>) => void;
} {
  const [search, setSearch] = useSearchParams();
  const { timezone, me } = useViewer();
  const params = readAnalyticsParams(search, new Date(), timezone, me?.role);
  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(search);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === '') next.delete(key);
      else next.set(key, value);
    }
    setSearch(next, { replace: true });
  };
  return { ...params, update };
}

/** A group key as one string (the address's `group`), and back to the filter that narrows to it. */
export interface GroupKeyLike {
  ownerId?: string | null;
  teamId?: string | null;
  industryCode?: string | null;
  sourceChannel?: string | null;
}

export function keyId(key: GroupKeyLike): string {
  return [key.ownerId, key.teamId, key.industryCode, key.sourceChannel].map((v) => v ?? '').join('~');
}

/** The report filter narrowed to a group: the group's key on top of the page's own filter. */
export function filterForGroup(
  filter: AnalyticsFilter | null,
  key: GroupKeyLike | null,
): AnalyticsFilter | null {
  const merged: AnalyticsFilter = { ...(filter ?? {}) };
  if (key?.ownerId) merged.ownerId = key.ownerId;
  if (key?.teamId) merged.teamId = key.teamId;
  if (key?.industryCode) merged.industryCode = key.industryCode;
  if (key?.sourceChannel) merged.sourceChannel = key.sourceChannel as AnalyticsFilter['sourceChannel'];
  return Object.keys(merged).length ? merged : null;
}
