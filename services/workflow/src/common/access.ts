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

/** What a person of the directory needs to be judged by the rules below. */
export interface PersonScope {
  id: string;
  teamId: string | null;
}

/**
 * Who may list whom in the directory: ADMIN, MARKETING and AFTER_SALES (who work across teams) everyone;
 * the team roles the people of their own team; anyone themself. A person's name, role, team and whether
 * they are active are readable by every caller who meets them on a record (`user(id)`, `Customer.owner`),
 * since a record names its people; their e-mail and phone only by those who may list them.
 */
export type DirectoryScope = { kind: 'ALL' } | { kind: 'TEAM'; teamId: string } | { kind: 'SELF' };

export function directoryScope(actor: Actor): DirectoryScope {
  if (actor.role === 'ADMIN' || actor.role === 'MARKETING' || actor.role === 'AFTER_SALES') return { kind: 'ALL' };
  return actor.teamId ? { kind: 'TEAM', teamId: actor.teamId } : { kind: 'SELF' };
}

export function canListPerson(actor: Actor, person: PersonScope): boolean {
  if (person.id === actor.userId) return true;
  const scope = directoryScope(actor);
  return scope.kind === 'ALL' || (scope.kind === 'TEAM' && person.teamId === scope.teamId);
}

/** What a person still holds (customers, open actions, pending reviews): themself, ADMIN, their team's manager. */
export function canSeeHoldings(actor: Actor, person: PersonScope): boolean {
  if (person.id === actor.userId || actor.role === 'ADMIN') return true;
  return actor.role === 'SALES_MANAGER' && actor.teamId !== null && person.teamId === actor.teamId;
}

/** Handing over what a person holds: ADMIN anyone's, a manager that of people of their own team. */
export function canHandOver(actor: Actor, from: PersonScope): boolean {
  if (actor.role === 'ADMIN') return true;
  return actor.role === 'SALES_MANAGER' && actor.teamId !== null && from.teamId === actor.teamId;
}
