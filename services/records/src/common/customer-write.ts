import type { EntityManager } from 'typeorm';
import { BadInputError, ConflictError, NotFoundError } from '@salestrail/platform';
import type { Actor, NewEvent } from '@salestrail/contract';
import { CustomerEntity } from '../customers/customer.entity';
import { assertCanWriteCustomer, canReadCustomer, type CustomerWrite } from './access';
import { isUuid } from './ids';

/**
 * The start of every customer write: locks the customer row (so concurrent writes to one record run
 * one after another), hides customers the caller may not read (NOT_FOUND), refuses writes the caller
 * may not make (FORBIDDEN) and a stale `expectedVersion` (CONFLICT), in that order.
 */
export async function lockCustomerForWrite(
  manager: EntityManager,
  actor: Actor,
  customerId: string,
  write: CustomerWrite,
  expectedVersion?: number | null,
): Promise<CustomerEntity> {
  const customer = await lockCustomerRow(manager, customerId);
  if (!customer || !canReadCustomer(actor, customer)) throw new NotFoundError('Customer', customerId);
  assertCanWriteCustomer(actor, customer, write);
  assertVersion(customer, expectedVersion);
  return customer;
}

/** Locks a customer row with no access check (callers decide access themselves). */
export async function lockCustomerRow(manager: EntityManager, customerId: string): Promise<CustomerEntity | null> {
  if (!isUuid(customerId)) return null;
  return manager
    .getRepository(CustomerEntity)
    .createQueryBuilder('c')
    .setLock('pessimistic_write')
    .where('c.id = :id', { id: customerId })
    .getOne();
}

export function assertVersion(customer: CustomerEntity, expectedVersion?: number | null): void {
  if (expectedVersion !== undefined && expectedVersion !== null && expectedVersion !== customer.version) {
    throw new ConflictError(
      `Customer ${customer.id} is at version ${customer.version}, not ${expectedVersion}: reload and retry`,
      'STALE_VERSION',
    );
  }
}

/**
 * Every change to a record bumps the customer's version by one (and sets `updatedAt`), together with
 * the given column changes. Mutates and returns `customer`.
 */
export async function bumpCustomerVersion(
  manager: EntityManager,
  customer: CustomerEntity,
  now: Date,
  changes: Partial<CustomerEntity> = {},
): Promise<CustomerEntity> {
  Object.assign(customer, changes, { version: customer.version + 1, updatedAt: now });
  await manager.update(CustomerEntity, { id: customer.id }, { ...changes, version: customer.version, updatedAt: now });
  return customer;
}

/** The envelope of an event about a customer, carrying the customer's version after the change. */
export function customerEnvelope(customer: CustomerEntity, actor: Actor, now: Date) {
  return {
    aggregateId: customer.id,
    version: customer.version,
    teamId: customer.teamId,
    actor,
    occurredAt: now.toISOString(),
  } satisfies Partial<NewEvent>;
}

/** A reason the form requires: trimmed, non-empty. */
export function requiredReason(reason: string | null | undefined, field = 'reason'): string {
  const trimmed = reason?.trim() ?? '';
  if (!trimmed) throw new BadInputError(field, 'REASON_REQUIRED', 'A reason is required');
  if (trimmed.length > 1000) throw new BadInputError(field, 'TOO_LONG', 'A reason holds at most 1000 characters');
  return trimmed;
}
