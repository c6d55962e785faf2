import type { Actor } from '@salestrail/contract';

/** What the read rules need to know of a customer (from the workflow's projection). */
export interface CustomerScope {
  ownerId: string;
  teamId: string;
  stage: string;
}

/**
 * The one place that says which customers' reviews a caller may read, following records' rules:
 * ADMIN and MARKETING all, SALES_REP own customers, manager and assistant their team, AFTER_SALES none.
 */
export function canReadCustomer(actor: Actor, customer: CustomerScope): boolean {
  switch (actor.role) {
    case 'ADMIN':
    case 'MARKETING':
      return true;
    case 'SALES_REP':
      return customer.ownerId === actor.userId;
    case 'SALES_MANAGER':
    case 'TEAM_ASSISTANT':
      return actor.teamId !== null && customer.teamId === actor.teamId;
    case 'AFTER_SALES':
      return false;
  }
}
