/**
 * How many items each list of the public schema can hold, for the cost limit (`cost.ts`). Which fields
 * are lists comes from the schema (a field whose type is a list, or that takes a page argument); how
 * long each can be is decided here, once, by `Type.field`:
 *
 * - `page`: the field takes a page size; the request's value counts (a literal or a variable), capped
 *   at `max`, the service's own cap; `max` when the argument or its variable is absent.
 * - `lengthOf`: as many items as the list given in that argument (a mutation returning what it changed).
 * - `size`: a list without a page argument: the service's cap, a fixed set, or (per record) an estimate.
 *   These are not paged by the API, so the estimate is what the cost limit can know.
 * - `narrowedBy`: a fixed set whose arguments choose a part of it: the most that part can hold.
 *
 * `gateway/src/cost.spec.ts` keeps the page caps equal to the services' constants and names every paged
 * field of the supergraph here.
 */
export type ListSize =
  | { page: string; max: number }
  | { lengthOf: string }
  | { size: number }
  | { narrowedBy: (args: Record<string, unknown>) => number };

/** A list of a record's own items (contacts, needs, history…) that the API does not page. */
export const RECORD_LIST_SIZE = 10;
/** A list the table does not name (a new field): counted like a record's own list. */
export const DEFAULT_LIST_SIZE = RECORD_LIST_SIZE;
/** One page's items: the edges of a connection are counted by the connection's page argument. */
const ONE_PER_PAGE = { size: 1 };

/** GB/T 4754-2017: its entries at each level, and the most children one entry has (section C's 31 divisions). */
export const INDUSTRY_ENTRIES = { SECTION: 20, DIVISION: 97, GROUP: 473, CLASS: 1381 } as const;
export const INDUSTRY_MOST_CHILDREN = 31;
const INDUSTRY_TOTAL = Object.values(INDUSTRY_ENTRIES).reduce((a, b) => a + b, 0);

const given = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

/**
 * What `industries(level, parent, search)` can answer, as records chooses it (`listIndustries`): the
 * entries of `level` (under `parent`, matching `search`: fewer); else the children of `parent`; else,
 * with `search`, entries of every level; else the divisions. A cascader's questions cost what they answer.
 */
function industriesAnswer(args: Record<string, unknown>): number {
  if (typeof args.level === 'string' && args.level in INDUSTRY_ENTRIES) return INDUSTRY_ENTRIES[args.level as keyof typeof INDUSTRY_ENTRIES];
  if (given(args.parent)) return INDUSTRY_MOST_CHILDREN;
  if (given(args.search)) return INDUSTRY_TOTAL;
  return INDUSTRY_ENTRIES.DIVISION;
}

export const LIST_SIZES: Record<string, ListSize> = {
  // records: MAX_PAGE_SIZE, MAX_INTERACTION_PAGE, MAX_ACCESS_LOG_PAGE
  'Query.customers': { page: 'first', max: 100 },
  'CustomerConnection.edges': ONE_PER_PAGE,
  'Customer.interactions': { page: 'first', max: 100 },
  'InteractionConnection.edges': ONE_PER_PAGE,
  'Query.accessLog': { page: 'first', max: 500 },
  // records: MAX_SIMILAR names offered while one is typed; MAX_MATCHES duplicates in other teams per customer
  'Query.similarCustomers': { page: 'first', max: 20 },
  'SimilarCustomers.customers': ONE_PER_PAGE,
  'Customer.possibleDuplicates': { size: 20 },
  // records: MAX_OPEN_ACTIONS_PAGE open next actions of one person
  'Query.myNextActions': { page: 'first', max: 100 },
  'NextActionConnection.edges': ONE_PER_PAGE,
  // records: MAX_TO_ARCHIVE customers approved and not yet archived
  'Query.customersToArchive': { page: 'first', max: 100 },
  // records: the archive list, MAX_TO_ARCHIVE a page too; the people a snapshot names (owner, authors, reviewer…)
  'Query.archivedRecords': { page: 'first', max: 100 },
  'ArchivedRecord.people': { size: RECORD_LIST_SIZE },
  // analytics: MAX_EXPORT_LOG_PAGE, MAX_STAGE_CUSTOMERS
  'Query.exportLog': { page: 'first', max: 500 },
  'Query.funnelStageCustomers': { page: 'first', max: 200 },
  // workflow: MAX_USER_PAGE, MAX_HAND_OVER_LIST
  'Query.users': { page: 'first', max: 100 },
  'UserConnection.edges': ONE_PER_PAGE,
  'Query.handOvers': { page: 'first', max: 100 },
  // workflow: MAX_EMAIL_NOTIFICATION_PAGE notifications with their e-mail state
  'Query.emailNotifications': { page: 'first', max: 100 },
  // what a person holds: HOLDINGS_LISTED customers; their pending reviews are not capped by workflow,
  // counted like the review queue
  'UserHoldings.customers': { size: 100 },
  'UserHoldings.pendingReviewsSubmitted': { size: 500 },
  'UserHoldings.pendingReviewsToDecide': { size: 500 },
  // workflow answers at most 500 of each
  'Query.notifications': { size: 500 },
  'Query.reviewQueue': { size: 500 },
  'Query.myReviews': { size: 500 },
  // workflow: MAX_WEEKLY_SUBMISSION records owed this week
  'Query.weeklySubmission': { size: 200 },
  // workflow: a team's week lists its people (not capped: a team's size, counted like a page of `users`)
  // and TEAM_WEEK_RECORDS_LISTED changed records of each
  'TeamWeek.people': { size: 100 },
  'TeamWeekPerson.changedRecords': { size: 50 },
  // workflow: MAX_CALENDAR_DAYS (a year of a team calendar)
  'Query.teamCalendar': { size: 366 },
  'Query.webhookDeliveries': { size: 500 },
  'Query.teams': { size: 100 },
  // fixed sets: GB/T 4754-2017 (the part the arguments choose; an entry's path has at most its four
  // levels), labelled enum values, sales stages
  'Query.industries': { narrowedBy: industriesAnswer },
  'Industry.pathCodes': { size: 4 },
  'Industry.pathNames': { size: 4 },
  'Query.enumLabels': { size: 100 },
  'Query.pipeline': { size: 7 },
  'FunnelGroup.stages': { size: 7 },
  // report groups (owners, teams or industries of the scope)
  'Query.conversionFunnel': { size: 100 },
  'Query.followUpEfficiency': { size: 100 },
  // mutations answer with what they changed
  'Mutation.transferCustomers': { lengthOf: 'customerIds' },
  'Mutation.archiveCustomers': { lengthOf: 'customerIds' },
  'Mutation.submitForReview': { lengthOf: 'customerIds' },
  'Mutation.markNotificationsRead': { lengthOf: 'ids' },
  'Mutation.setTeamCalendarDays': { lengthOf: 'days' },
  // a record's own lists, not paged: Customer.contacts, stageHistory, needs, painPoints, nextActions,
  // transfers, ownerHistory, reviews; Need.history, PainPoint.history and needIds, Review.findings,
  // Interaction.speculativeTerms…
  // (RECORD_LIST_SIZE)
};
