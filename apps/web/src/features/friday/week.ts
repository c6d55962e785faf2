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
