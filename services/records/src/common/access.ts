import type { Actor } from '@salestrail/contract';

/**
 * The one place that says which customers a caller may read: a condition on the `customer` table
 * aliased `c`, with named parameters, that every customer query appends.
 */
export function customerReadScope(actor: Actor): { where: string; params: Record<string, unknown> } {
  switch (actor.role) {
    case 'ADMIN':
    case 'MARKETING':
      return { where: 'TRUE', params: {} };
    case 'SALES_REP':
      return { where: 'c.owner_id = :scopeUserId', params: { scopeUserId: actor.userId } };
    case 'SALES_MANAGER':
    case 'TEAM_ASSISTANT':
      return { where: 'c.team_id = :scopeTeamId', params: { scopeTeamId: actor.teamId } };
    case 'AFTER_SALES':
      return { where: `c.stage IN ('DEAL_SIGNING', 'AFTER_SALES')`, params: {} };
  }
}
