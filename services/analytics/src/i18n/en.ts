import type { Catalogue } from '@salestrail/platform';

/** Analytics' texts in English: the same keys as `zh-CN.ts`. */
export const analytics = {
  csv: {
    owner_id: 'Owner ID',
    team_id: 'Team ID',
    industry_code: 'Industry code',
    source_channel: 'Source channel',
    stage: 'Stage',
    entered: 'Entered',
    advanced: 'Advanced',
    terminated: 'Terminated',
    conversion_rate: 'Conversion rate',
    median_days_in_stage: 'Median days in stage',
    win_rate: 'Win rate',
    interactions_logged: 'Interactions logged',
    logged_within_24h_rate: 'Logged within 24 h rate',
    actions_due: 'Actions due',
    actions_completed_on_time: 'Actions completed on time',
    on_time_rate: 'On-time rate',
    median_hours_to_complete: 'Median hours to complete',
    open_overdue: 'Open overdue actions',
    first_contacts: 'First contacts',
    count: 'Customers',
  },
} satisfies Catalogue;
