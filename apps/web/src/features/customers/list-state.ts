import type { CustomerFilter, SalesStage, SourceChannel } from '../../gql/graphql';

/** The customer list's state, kept in the address (so a filtered list is a link that survives reload). */
export interface ListState {
  search: string;
  stage: SalesStage | null;
  industryCode: string | null;
  sourceChannel: SourceChannel | null;
  ownerId: string | null;
  overdue: boolean;
  /** The cursors of the pages before this one ('' for the first page). */
  after: string | null;
}

const STAGES = new Set(['LEAD_NURTURING', 'NEEDS_CONFIRMED', 'PROPOSAL_PRESENTED', 'NEGOTIATION', 'DEAL_SIGNING', 'AFTER_SALES', 'LEAD_TERMINATED']);
const CHANNELS = new Set(['TRADE_SHOW', 'PROACTIVE_VISIT', 'ONLINE_PROMOTION', 'REFERRAL', 'INBOUND', 'OTHER']);

export const PAGE_SIZE = 50;

export function readListState(params: URLSearchParams): ListState {
  const stage = params.get('stage');
  const channel = params.get('source');
  return {
    search: (params.get('q') ?? '').trim(),
    stage: stage && STAGES.has(stage) ? (stage as SalesStage) : null,
    industryCode: params.get('industry') || null,
    sourceChannel: channel && CHANNELS.has(channel) ? (channel as SourceChannel) : null,
    ownerId: params.get('owner') || null,
    overdue: params.get('overdue') === '1',
    after: params.get('after') || null,
  };
}

/** The address for a state: empty values left out; any change of filter starts again at the first page. */
export function writeListState(state: ListState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.search) params.set('q', state.search);
  if (state.stage) params.set('stage', state.stage);
  if (state.industryCode) params.set('industry', state.industryCode);
  if (state.sourceChannel) params.set('source', state.sourceChannel);
  if (state.ownerId) params.set('owner', state.ownerId);
  if (state.overdue) params.set('overdue', '1');
  if (state.after) params.set('after', state.after);
  return params;
}

export function withFilter(state: ListState, change: Partial<Omit<ListState, 'after'>>): ListState {
  return { ...state, ...change, after: null };
}

/** The API's CustomerFilter for a state (search by name, contact or phone is the server's). */
export function filterOf(state: ListState): CustomerFilter {
  const filter: CustomerFilter = {};
  if (state.search) filter.search = state.search;
  if (state.stage) filter.stage = state.stage;
  if (state.industryCode) filter.industryCode = state.industryCode;
  if (state.sourceChannel) filter.sourceChannel = state.sourceChannel;
  if (state.ownerId) filter.ownerId = state.ownerId;
  if (state.overdue) filter.hasOverdueActions = true;
  return filter;
}

export function activeFilterCount(state: ListState): number {
  return [state.search, state.stage, state.industryCode, state.sourceChannel, state.ownerId, state.overdue || null].filter(Boolean).length;
}

export type SortKey = 'name' | 'stage' | 'lastInteractionAt' | 'nextDueAt';
export interface Sortable {
  name: string;
  stageRank: number;
  lastInteractionAt: string | null;
  nextDueAt: string | null;
}

/**
 * Orders the rows shown by a column (the API pages newest first; this sorts the page in view). Empty
 * values go last whichever the direction.
 */
export function sortRows<T extends Sortable>(rows: readonly T[], key: SortKey | null, order: 'ascend' | 'descend' | null): T[] {
  if (!key || !order) return [...rows];
  const sign = order === 'ascend' ? 1 : -1;
  const value = (r: T): string | number | null => {
    if (key === 'name') return r.name;
    if (key === 'stage') return r.stageRank;
    if (key === 'lastInteractionAt') return r.lastInteractionAt ? Date.parse(r.lastInteractionAt) : null;
    return r.nextDueAt ? Date.parse(r.nextDueAt) : null;
  };
  return [...rows].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (va === null && vb === null) return 0;
    if (va === null) return 1;
    if (vb === null) return -1;
    if (typeof va === 'string' && typeof vb === 'string') return sign * va.localeCompare(vb, 'zh-CN');
    return sign * ((va as number) - (vb as number));
  });
}

/** The earliest-due open action of a customer, the one the list shows. */
export function nextDue<T extends { dueAt: string }>(actions: readonly T[]): T | null {
  let best: T | null = null;
  for (const a of actions) if (!best || Date.parse(a.dueAt) < Date.parse(best.dueAt)) best = a;
  return best;
}
