import { dayOf, zonedIso } from '../../ui/format';
import { addDays } from '../log-interaction/quickDue';

/** Monday 00:00 of the week `now` is in, in the team's zone (Monday-first weeks, as in China), as an instant. */
export function weekStart(now: Date, timeZone: string): Date {
  const today = dayOf(now, timeZone);
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay(); // 0 Sunday … 6 Saturday
  const monday = addDays(today, weekday === 0 ? -6 : 1 - weekday);
  return new Date(zonedIso(monday, '00:00', timeZone));
}

export type ReviewState = 'PENDING' | 'APPROVED' | 'CHANGES_REQUESTED';

export interface FridayCustomer {
  version: number;
  latestReview?: { status: ReviewState; customerVersion: number } | null;
}

export type FridayStatus = 'sentBack' | 'toSubmit' | 'submitted' | 'approved';

/**
 * Where a record stands this Friday: sent back for correction (red: act), changed since its last
 * submission (to submit), submitted and unchanged (waiting for the manager), approved and unchanged.
 */
export function fridayStatus(c: FridayCustomer): FridayStatus {
  const review = c.latestReview;
  if (review?.status === 'CHANGES_REQUESTED') return 'sentBack';
  if (review && review.customerVersion === c.version) return review.status === 'APPROVED' ? 'approved' : 'submitted';
  return 'toSubmit';
}

/** The customer page's section a finding is fixed in. */
export const FINDING_SECTION: Record<string, string> = {
  MISSING_BASICS: 'basics',
  INTERACTION_WITHOUT_NEXT_ACTION: 'interactions',
  SPECULATIVE_SUMMARY: 'interactions',
  NO_OPEN_NEXT_ACTION: 'nextActions',
  OVERDUE_ACTION: 'nextActions',
  NEEDS_WITHOUT_PAIN_POINTS: 'painPoints',
  PAIN_POINT_WITHOUT_NEED: 'painPoints',
  STAGE_DISAGREES_WITH_RECORD: 'stage',
  STAGE_CHANGE_WITHOUT_INTERACTION: 'stage',
};

/** Findings that logging an interaction (with its next action, needs and pain points) fixes: the drawer opens from the finding. */
export const LOGGED_FIXES: ReadonlySet<string> = new Set([
  'NO_OPEN_NEXT_ACTION',
  'INTERACTION_WITHOUT_NEXT_ACTION',
  'NEEDS_WITHOUT_PAIN_POINTS',
  'STAGE_DISAGREES_WITH_RECORD',
  'STAGE_CHANGE_WITHOUT_INTERACTION',
]);
