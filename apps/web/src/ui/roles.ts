/*
 * Which roles a manager's screen is for: navigation shows the screen only to them, and the screen itself
 * says so to anyone else who opens its address. The server still decides every request.
 */

/** 审核: the team's manager decides reviews; an ADMIN is the fallback reviewer of a team without one. */
export function canReview(role: string | null | undefined): boolean {
  return role === 'SALES_MANAGER' || role === 'ADMIN';
}

/** 团队: a manager's overview of their salespeople. */
export function canSeeTeam(role: string | null | undefined): boolean {
  return role === 'SALES_MANAGER';
}

/** 交接: a manager within their team, an ADMIN anyone. */
export function canHandOver(role: string | null | undefined): boolean {
  return role === 'SALES_MANAGER' || role === 'ADMIN';
}
