import { ForbiddenError } from '@salestrail/platform';
import type { Actor } from '@salestrail/contract';

/**
 * Access control for records: the one place that says who may read and write which customers.
 * Every service method asks here; nothing else decides.
 *
 * Reads: SALES_REP own customers; SALES_MANAGER and TEAM_ASSISTANT their team's; MARKETING all (but
 * not contact phone/email nor remarks); AFTER_SALES customers in DEAL_SIGNING or AFTER_SALES; ADMIN all.
 * A customer the caller may not read does not exist for them (NOT_FOUND).
 *
 * Writes: see `WRITES` below.
 */

/** What a write does to a customer's record. */
export type CustomerWrite =
  | 'UPDATE' // basics and remarks
  | 'CONTACTS'
  | 'NEEDS' // editing and retiring needs and pain points
  | 'LOG_INTERACTION'
  | 'STAGE'
  | 'NEXT_ACTION'
  | 'TRANSFER'
  | 'ARCHIVE';

export interface CustomerScopeFacts {
  ownerId: string;
  teamId: string;
  stage: string;
}

const AFTER_SALES_READABLE = ['DEAL_SIGNING', 'AFTER_SALES'];

/** The read rule as SQL: a condition on the `customer` table aliased `c`, with named parameters. */
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

/** `customerReadScope` with positional parameters numbered after `offset` (for plain SQL). */
export function positionalReadScope(actor: Actor, offset: number): { sql: string; params: unknown[] } {
  const scope = customerReadScope(actor);
  const params: unknown[] = [];
  const sql = scope.where.replace(/(?<!:):([A-Za-z]\w*)/g, (_, name: string) => {
    params.push(scope.params[name]);
    return `$${offset + params.length}`;
  });
  return { sql, params };
}

/** The read rule for one loaded customer (the same rule as `customerReadScope`). */
export function canReadCustomer(actor: Actor, c: CustomerScopeFacts): boolean {
  switch (actor.role) {
    case 'ADMIN':
    case 'MARKETING':
      return true;
    case 'SALES_REP':
      return c.ownerId === actor.userId;
    case 'SALES_MANAGER':
    case 'TEAM_ASSISTANT':
      return actor.teamId !== null && c.teamId === actor.teamId;
    case 'AFTER_SALES':
      return AFTER_SALES_READABLE.includes(c.stage);
  }
}

const REP_WRITES: readonly CustomerWrite[] = ['UPDATE', 'CONTACTS', 'NEEDS', 'LOG_INTERACTION', 'STAGE', 'NEXT_ACTION'];

/** Whether the caller may make this kind of change to a customer they can read. */
export function canWriteCustomer(actor: Actor, c: CustomerScopeFacts, write: CustomerWrite): boolean {
  switch (actor.role) {
    case 'ADMIN':
      return true;
    case 'SALES_REP':
      return c.ownerId === actor.userId && REP_WRITES.includes(write);
    case 'SALES_MANAGER':
      return actor.teamId !== null && c.teamId === actor.teamId;
    case 'TEAM_ASSISTANT':
      return write === 'ARCHIVE' && actor.teamId !== null && c.teamId === actor.teamId;
    case 'AFTER_SALES':
      return (write === 'LOG_INTERACTION' || write === 'NEXT_ACTION') && c.stage === 'AFTER_SALES';
    case 'MARKETING':
      return false;
  }
}

export function assertCanWriteCustomer(actor: Actor, c: CustomerScopeFacts, write: CustomerWrite): void {
  if (!canWriteCustomer(actor, c, write)) {
    throw new ForbiddenError(`${actor.role} may not make this change (${write}) to this customer`);
  }
}

/**
 * Completing, rescheduling or cancelling a next action: its owner, or whoever may manage the
 * customer's next actions (the customer's owner, the team manager, after-sales on after-sales
 * customers, ADMIN).
 */
export function canManageNextAction(actor: Actor, action: { ownerId: string }, c: CustomerScopeFacts): boolean {
  if (actor.role === 'MARKETING' || actor.role === 'TEAM_ASSISTANT') return false;
  return action.ownerId === actor.userId || canWriteCustomer(actor, c, 'NEXT_ACTION');
}

/** Creating a customer: anyone who writes customers, in their own team; a rep only for themself. */
export function assertCanCreateCustomer(actor: Actor, ownerId: string): void {
  if (actor.role === 'MARKETING' || actor.role === 'TEAM_ASSISTANT' || actor.role === 'AFTER_SALES') {
    throw new ForbiddenError(`${actor.role} may not create customers`);
  }
  if (actor.role === 'SALES_REP' && ownerId !== actor.userId) {
    throw new ForbiddenError('A sales rep creates customers for themself only');
  }
}

/** Transfers: managers within their own team, ADMIN anywhere. */
export function assertCanTransferTo(actor: Actor, toTeamId: string): void {
  if (actor.role === 'ADMIN') return;
  if (actor.role !== 'SALES_MANAGER') throw new ForbiddenError(`${actor.role} may not transfer customers`);
  if (toTeamId !== actor.teamId) throw new ForbiddenError('A manager transfers customers within their own team only');
}

/**
 * Possible duplicates in other teams (撞单): which team holds the other customer is for those who settle
 * such conflicts or see every team (managers, assistants, marketing, ADMIN); sales reps and after-sales
 * learn only that there is one. The other customer itself only as far as the caller may read it.
 */
export function canSeeDuplicateTeams(actor: Actor): boolean {
  return actor.role !== 'SALES_REP' && actor.role !== 'AFTER_SALES';
}

/** Contact phone/email and remarks are for the sales team's internal work only (SOURCE-FORM §4). */
export function canSeeConfidentialFields(actor: Actor): boolean {
  return actor.role !== 'MARKETING';
}
