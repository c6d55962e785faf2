import { ForbiddenError } from '@salestrail/platform';
import type { Actor } from '@salestrail/contract';

/**
 * The one place that says whose figures a caller may see: a condition on a read-model table aliased
 * `t` with `owner_id` and `team_id` columns, as SQL with positional parameters starting after `offset`.
 */
export function figuresScope(actor: Actor, offset: number): { sql: string; params: unknown[] } {
  switch (actor.role) {
    case 'ADMIN':
    case 'MARKETING':
      return { sql: 'TRUE', params: [] };
    case 'SALES_REP':
      return { sql: `t.owner_id = $${offset + 1}`, params: [actor.userId] };
    case 'SALES_MANAGER':
    case 'TEAM_ASSISTANT':
      return { sql: `t.team_id = $${offset + 1}`, params: [actor.teamId] };
    case 'AFTER_SALES':
      throw new ForbiddenError('After-sales staff have no access to analytics');
  }
}

/** Whether the caller may see any figure (the same rule: AFTER_SALES sees none, not even on a customer). */
export function maySeeFigures(actor: Actor): boolean {
  return actor.role !== 'AFTER_SALES';
}
