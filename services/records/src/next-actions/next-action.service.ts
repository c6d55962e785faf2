import { In, type DataSource, type EntityManager } from 'typeorm';
import { BadInputError, ConflictError, ForbiddenError, NotFoundError, recordEvents } from '@salestrail/platform';
import type { Actor } from '@salestrail/contract';
import { canManageNextAction, canReadCustomer } from '../common/access';
import { bumpCustomerVersion, customerEnvelope, lockCustomerRow, requiredReason } from '../common/customer-write';
import { isUuid } from '../common/ids';
import type { NextActionStatus } from '../common/enums';
import type { CustomerEntity } from '../customers/customer.entity';
import { NEXT_ACTION_COLUMNS, NextActionEntity } from './next-action.entity';

/**
 * Next actions after their creation (which happens with the interaction): complete, reschedule (with
 * a reason, to a future deadline) and cancel (with a reason). Only OPEN actions change. Allowed for the
 * action's owner, the customer's owner, the team manager, after-sales on after-sales customers, ADMIN.
 */
export class NextActionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async complete(actor: Actor, id: string, note: string | null | undefined): Promise<NextActionEntity> {
    const cleanNote = note?.trim() || null;
    if (cleanNote && cleanNote.length > 1000) throw new BadInputError('note', 'TOO_LONG', 'A note holds at most 1000 characters');
    return this.change(actor, id, async (manager, action, customer, now) => {
      Object.assign(action, { status: 'DONE', completedAt: now, completionNote: cleanNote, updatedAt: now });
      await manager.save(NextActionEntity, action);
      await bumpCustomerVersion(manager, customer, now);
      await recordEvents(manager, [
        {
          type: 'next_action.completed',
          ...customerEnvelope(customer, actor, now),
          payload: { nextActionId: action.id, customerId: customer.id, ownerId: action.ownerId, completedAt: now.toISOString(), note: cleanNote },
        },
      ]);
    });
  }

  async reschedule(actor: Actor, id: string, dueAt: Date, reason: string): Promise<NextActionEntity> {
    const cleanReason = requiredReason(reason);
    if (dueAt.getTime() <= this.now().getTime()) {
      throw new BadInputError('dueAt', 'DUE_IN_PAST', 'A rescheduled deadline must be in the future');
    }
    return this.change(actor, id, async (manager, action, customer, now) => {
      const fromDueAt = action.dueAt;
      Object.assign(action, {
        dueAt,
        rescheduleCount: action.rescheduleCount + 1,
        lastRescheduleReason: cleanReason,
        updatedAt: now,
      });
      await manager.save(NextActionEntity, action);
      await bumpCustomerVersion(manager, customer, now);
      await recordEvents(manager, [
        {
          type: 'next_action.rescheduled',
          ...customerEnvelope(customer, actor, now),
          payload: {
            nextActionId: action.id,
            customerId: customer.id,
            ownerId: action.ownerId,
            fromDueAt: fromDueAt.toISOString(),
            dueAt: dueAt.toISOString(),
            reason: cleanReason,
          },
        },
      ]);
    });
  }

  async cancel(actor: Actor, id: string, reason: string): Promise<NextActionEntity> {
    const cleanReason = requiredReason(reason);
    return this.change(actor, id, async (manager, action, customer, now) => {
      Object.assign(action, { status: 'CANCELLED', cancelledAt: now, cancelReason: cleanReason, updatedAt: now });
      await manager.save(NextActionEntity, action);
      await bumpCustomerVersion(manager, customer, now);
      await recordEvents(manager, [
        {
          type: 'next_action.cancelled',
          ...customerEnvelope(customer, actor, now),
          payload: { nextActionId: action.id, customerId: customer.id, ownerId: action.ownerId, reason: cleanReason, cancelledAt: now.toISOString() },
        },
      ]);
    });
  }

  /**
   * Next actions of several customers, oldest first, all of them or those in one status (filtered in
   * SQL; the open ones come from the partial index on open actions). Read as plain rows shaped like the
   * entity: a page of customers reads hundreds of them, and TypeORM's entity hydration cost more than
   * the query.
   */
  async ofCustomers(customerIds: readonly string[], status?: NextActionStatus | null): Promise<NextActionEntity[]> {
    const ids = [...new Set(customerIds.filter(isUuid))];
    if (ids.length === 0) return [];
    return this.dataSource.query(
      `SELECT ${NEXT_ACTION_COLUMNS} FROM next_action a
       WHERE a.customer_id = ANY($1::uuid[]) ${status ? 'AND a.status = $2' : ''}
       ORDER BY a.created_at, a.id`,
      status ? [ids, status] : [ids],
    );
  }

  async byIds(ids: readonly string[]): Promise<NextActionEntity[]> {
    return this.dataSource.getRepository(NextActionEntity).find({ where: { id: In(ids.filter(isUuid)) } });
  }

  private async change(
    actor: Actor,
    id: string,
    apply: (manager: EntityManager, action: NextActionEntity, customer: CustomerEntity, now: Date) => Promise<void>,
  ): Promise<NextActionEntity> {
    return this.dataSource.transaction(async (manager) => {
      const found = isUuid(id) ? await manager.findOne(NextActionEntity, { where: { id } }) : null;
      if (!found) throw new NotFoundError('Next action', id);
      const customer = await lockCustomerRow(manager, found.customerId);
      if (!customer) throw new NotFoundError('Next action', id);
      // Re-read under the customer lock: a concurrent change to this action has committed by now.
      const action = await manager.findOneOrFail(NextActionEntity, { where: { id } });
      if (!canManageNextAction(actor, action, customer)) {
        if (action.ownerId !== actor.userId && !canReadCustomer(actor, customer)) throw new NotFoundError('Next action', id);
        throw new ForbiddenError('Only the action owner, the customer owner or the team manager may change this action');
      }
      if (action.status !== 'OPEN') {
        throw new ConflictError(`The next action is ${action.status}; only OPEN actions change`, 'NOT_OPEN');
      }
      await apply(manager, action, customer, this.now());
      return action;
    });
  }
}

/** OPEN and past its deadline. */
export function isOverdue(action: { status: string; dueAt: Date }, now: Date): boolean {
  return action.status === 'OPEN' && action.dueAt.getTime() < now.getTime();
}
