import { DEFAULT_TIME_ZONE } from '@salestrail/platform';

/**
 * Which records a salesperson owes this week, as SQL on `wf_customer c` (with `$since`, Monday 00:00 of
 * the team's week): those sent back (the latest review asks for changes) and not resubmitted, whenever
 * that was, and those changed this week that no pending or approved review covers at their current
 * version (an archived record counts only when changed after its archiving). The Friday reminder,
 * `weeklySubmission` and `teamWeek` read the same rule.
 */
export function sentBackSql(): string {
  return `coalesce((SELECT r.status FROM review r WHERE r.customer_id = c.id
                    ORDER BY r.submitted_at DESC, r.id DESC LIMIT 1) = 'CHANGES_REQUESTED', false)`;
}

/** Changed since `since` (an archived record only when changed after its archiving). */
export function changedSinceSql(since: string): string {
  return `(c.last_changed_at >= ${since} AND (c.archived_at IS NULL OR c.last_changed_at > c.archived_at))`;
}

/** A review with one of `statuses` covers the record's current version (pending or approved: submitted). */
export function coveredSql(statuses: ReadonlyArray<'PENDING' | 'APPROVED'> = ['PENDING', 'APPROVED']): string {
  return `EXISTS (SELECT 1 FROM review r WHERE r.customer_id = c.id AND r.status IN (${statuses.map((s) => `'${s}'`).join(', ')})
                  AND r.customer_version >= c.version)`;
}

export function changedUncoveredSql(since: string): string {
  return `(${changedSinceSql(since)} AND NOT ${coveredSql()})`;
}

/**
 * Monday 00:00 of the week holding `at` in the time zone `zone` (SQL expressions; a null zone is the
 * default one), as a timestamptz: the start of "this week" for a team.
 */
export function weekStartSql(at: string, zone: string): string {
  const tz = `coalesce(${zone}, '${DEFAULT_TIME_ZONE}')`;
  return `(date_trunc('week', ${at} AT TIME ZONE ${tz}) AT TIME ZONE ${tz})`;
}
