/**
 * Who the analytics screens are for: managers and their assistants (their team's figures, as the API
 * scopes them), marketing and administrators (every team). A salesperson has the workbench instead, and
 * after-sales staff see no figures at all (the API refuses them FORBIDDEN).
 */
export function canSeeAnalytics(role: string | null | undefined): boolean {
  return role === 'SALES_MANAGER' || role === 'TEAM_ASSISTANT' || role === 'MARKETING' || role === 'ADMIN';
}

/** Roles that see every team and may narrow to one. */
export function seesEveryTeam(role: string | null | undefined): boolean {
  return role === 'MARKETING' || role === 'ADMIN';
}
