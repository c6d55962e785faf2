import type { EntityManager } from 'typeorm';
import { BadInputError } from '@salestrail/platform';
import { CUSTOMER_OWNER_ROLES, NEXT_ACTION_OWNER_ROLES, type Actor } from '@salestrail/contract';
import { DirectoryUserEntity } from './directory-user.entity';

/** What is being owned: a customer (createCustomer, a transfer) or a next action. */
export type Ownership = 'CUSTOMER' | 'NEXT_ACTION';

export interface OwnerChoice {
  /** The input path the owner came from (`ownerId`, `nextAction.ownerId`, `toUserId`). */
  field: string;
  kind: Ownership;
  /** The team the customer belongs to (after a transfer: the target team). */
  teamId: string;
}

/**
 * Whom a caller may name as the owner of a customer or next action, from records' copy of the directory:
 * - themself always (their verified identity, so a first request works before the copy holds them), unless
 *   the directory says they are inactive;
 * - an ADMIN: any active person;
 * - anyone else: an active person of the customer's team whose role may own it (customers: sales reps and
 *   managers; next actions: also the team's assistant and after-sales).
 * Refusals are BAD_USER_INPUT on `field` with UNKNOWN_USER, INACTIVE_USER or OWNER_NOT_ALLOWED. Callers
 * check this inside their transaction, after their access checks, so a refused write changes nothing.
 */
export async function assertOwnerAllowed(manager: EntityManager, actor: Actor, ownerId: string, choice: OwnerChoice): Promise<void> {
  const person = await manager.findOneBy(DirectoryUserEntity, { id: ownerId });
  if (ownerId === actor.userId) {
    if (person && !person.active) throw inactive(choice.field, person);
    return;
  }
  if (!person) throw new BadInputError(choice.field, 'UNKNOWN_USER', `The directory does not hold ${ownerId}`);
  if (!person.active) throw inactive(choice.field, person);
  if (actor.role === 'ADMIN') return;
  const roles = choice.kind === 'CUSTOMER' ? CUSTOMER_OWNER_ROLES : NEXT_ACTION_OWNER_ROLES;
  if (!roles.includes(person.role)) {
    throw new BadInputError(choice.field, 'OWNER_NOT_ALLOWED', `A ${person.role} cannot own ${choice.kind === 'CUSTOMER' ? 'customers' : 'next actions'}`);
  }
  if (person.teamId !== choice.teamId) {
    throw new BadInputError(choice.field, 'OWNER_NOT_ALLOWED', `${person.name} is not a member of the customer's team`);
  }
}

/** The customer's owner as the default owner of a new next action: refused only when known to have left. */
export async function assertDefaultOwnerActive(manager: EntityManager, ownerId: string, field: string): Promise<void> {
  const person = await manager.findOneBy(DirectoryUserEntity, { id: ownerId });
  if (person && !person.active) throw inactive(field, person);
}

function inactive(field: string, person: DirectoryUserEntity): BadInputError {
  return new BadInputError(field, 'INACTIVE_USER', `${person.name} is no longer active: name another owner`);
}
