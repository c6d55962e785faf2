import type { CustomerFilter, CustomerOrder, CustomerOrderField, SalesStage, SourceChannel } from '../../gql/graphql';

/** The customer list's state, kept in the address (so a filtered list is a link that survives reload). */
export interface ListState {
  search: string;
  stage: SalesStage | null;
  industryCode: string | null;
  sourceChannel: SourceChannel | null;
  ownerId: string | null;
  overdue: boolean;
  /** The column the server orders by (newest first when none) and its direction. */
  sort: SortKey | null;
  descending: boolean;
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
    sort: SORT_KEYS.has(params.get('sort') ?? '') ? (params.get('sort') as SortKey) : null,
    descending: params.get('dir') === 'desc',
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
  if (state.sort) {
    params.set('sort', state.sort);
    if (state.descending) params.set('dir', 'desc');
  }
  if (state.after) params.set('after', state.after);
  return params;
}

/** A change of filter or order starts again at the first page (a cursor belongs to one order). */
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

export type SortKey = 'name' | 'stage' | 'lastInteractionAt' | 'nextDueAt' | 'updatedAt';
const SORT_KEYS = new Set<string>(['name', 'stage', 'lastInteractionAt', 'nextDueAt', 'updatedAt']);
const ORDER_FIELDS: Record<SortKey, CustomerOrderField> = {
  name: 'NAME' as CustomerOrderField,
  stage: 'STAGE' as CustomerOrderField,
  lastInteractionAt: 'LAST_INTERACTION' as CustomerOrderField,
  nextDueAt: 'NEXT_ACTION_DUE' as CustomerOrderField,
  updatedAt: 'UPDATED' as CustomerOrderField,
};

/**
 * The API's ordering for a state: the server sorts every customer that matches, not just the page in
 * view, and its cursors page on in that order (customers without the date come last either way).
 */
export function orderOf(state: ListState): CustomerOrder | null {
  if (!state.sort) return null;
  return { field: ORDER_FIELDS[state.sort], direction: (state.descending ? 'DESC' : 'ASC') as CustomerOrder['direction'] };
}

/** The earliest-due open action of a customer, the one the list shows. */
export function nextDue<T extends { dueAt: string }>(actions: readonly T[]): T | null {
  let best: T | null = null;
  for (const a of actions) if (!best || Date.parse(a.dueAt) < Date.parse(best.dueAt)) best = a;
  return best;
}
