/**
 * Which records a salesperson owes this week, as SQL on `wf_customer c` (with `$since`, Monday 00:00 of
 * the team's week): those sent back (the latest review asks for changes) and not resubmitted, whenever
 * that was, and those changed this week that no pending or approved review covers at their current
 * version (an archived record counts only when changed after its archiving). The Friday reminder and
 * `weeklySubmission` read the same rule.
 */
export function sentBackSql(): string {
  return `coalesce((SELECT r.status FROM review r WHERE r.customer_id = c.id
                    ORDER BY r.submitted_at DESC, r.id DESC LIMIT 1) = 'CHANGES_REQUESTED', false)`;
}

export function changedUncoveredSql(since: string): string {
  return `(c.last_changed_at >= ${since}
           AND (c.archived_at IS NULL OR c.last_changed_at > c.archived_at)
           AND NOT EXISTS (SELECT 1 FROM review r WHERE r.customer_id = c.id AND r.status IN ('PENDING', 'APPROVED')
                           AND r.customer_version >= c.version))`;
}
