import type { DataSource } from 'typeorm';
import { BadInputError, recordEvents } from '@salestrail/platform';
import type { Actor, NewEvent } from '@salestrail/contract';
import { bumpCustomerVersion, customerEnvelope, lockCustomerForWrite, requiredReason } from '../common/customer-write';
import type { SalesStage } from '../common/enums';
import { StageChangeEntity, type CustomerEntity } from '../customers/customer.entity';

/** The cancellation reason of the open next actions of a lead that is terminated. */
export function terminationCancelReason(reason: string): string {
  return `线索终止 (lead terminated): ${reason}`;
}

/**
 * Stage changes. Any move between two different stages is allowed (backwards and reopening a
 * terminated lead too); each lands in the append-only stage history, the single source of the
 * conversion figures. LEAD_TERMINATED needs a reason; reopening clears the termination reason.
 *
 * Terminating a lead cancels its open next actions in the same transaction, with the termination as
 * their reason (their `next_action.cancelled` events remove the reminders): nobody is reminded to follow
 * up a customer who said no. Reopening the lead does not revive them; the next interaction plans anew.
 */
export class StageService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async changeStage(
    actor: Actor,
    customerId: string,
    to: SalesStage,
    reason: string | null | undefined,
    expectedVersion: number,
  ): Promise<CustomerEntity> {
    const cleanReason =
      to === 'LEAD_TERMINATED' ? requiredReason(reason) : reason?.trim() ? requiredReason(reason) : null;
    return this.dataSource.transaction(async (manager) => {
      const customer = await lockCustomerForWrite(manager, actor, customerId, 'STAGE', expectedVersion);
      const from = customer.stage as SalesStage;
      if (from === to) throw new BadInputError('to', 'SAME_STAGE', `The customer is already at ${to}`);
      const now = this.now();
      await bumpCustomerVersion(manager, customer, now, {
        stage: to,
        terminationReason: to === 'LEAD_TERMINATED' ? cleanReason : null,
      });
      await manager.insert(StageChangeEntity, {
        customerId: customer.id,
        fromStage: from,
        toStage: to,
        at: now,
        byUserId: actor.userId,
        reason: cleanReason,
        ownerId: customer.ownerId,
        teamId: customer.teamId,
      });
      const envelope = customerEnvelope(customer, actor, now);
      const events: NewEvent[] = [
        {
          type: 'customer.stage_changed',
          ...envelope,
          payload: {
            customerId: customer.id,
            from,
            to,
            at: now.toISOString(),
            reason: cleanReason,
            ownerId: customer.ownerId,
            teamId: customer.teamId,
          },
        },
      ];
      if (to === 'LEAD_TERMINATED') {
        const cancelReason = terminationCancelReason(cleanReason!);
        // An UPDATE answers [rows, count].
        const [cancelled] = (await manager.query(
          `UPDATE next_action SET status = 'CANCELLED', cancelled_at = $2, cancel_reason = $3, updated_at = $2
           WHERE customer_id = $1 AND status = 'OPEN' RETURNING id, owner_id AS "ownerId"`,
          [customer.id, now, cancelReason],
        )) as [Array<{ id: string; ownerId: string }>, number];
        for (const action of cancelled.sort((a, b) => a.id.localeCompare(b.id))) {
          events.push({
            type: 'next_action.cancelled',
            ...envelope,
            payload: { nextActionId: action.id, customerId: customer.id, ownerId: action.ownerId, reason: cancelReason, cancelledAt: now.toISOString() },
          });
        }
      }
      await recordEvents(manager, events);
      return customer;
    });
  }
}
