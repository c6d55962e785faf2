import type { DataSource } from 'typeorm';
import { BadInputError, recordEvents } from '@salestrail/platform';
import type { Actor } from '@salestrail/contract';
import { bumpCustomerVersion, customerEnvelope, lockCustomerForWrite, requiredReason } from '../common/customer-write';
import type { SalesStage } from '../common/enums';
import { StageChangeEntity, type CustomerEntity } from '../customers/customer.entity';

/**
 * Stage changes. Any move between two different stages is allowed (backwards and reopening a
 * terminated lead too); each lands in the append-only stage history, the single source of the
 * conversion figures. LEAD_TERMINATED needs a reason; reopening clears the termination reason.
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
      await recordEvents(manager, [
        {
          type: 'customer.stage_changed',
          ...customerEnvelope(customer, actor, now),
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
      ]);
      return customer;
    });
  }
}
