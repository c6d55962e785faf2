import { In, type DataSource } from 'typeorm';
import { BadInputError, NotFoundError, recordEvents } from '@salestrail/platform';
import { AccessLogService } from '../access-log/access-log.service';
import type { Actor } from '@salestrail/contract';
import { assertCanTransferTo, assertCanWriteCustomer, canReadCustomer } from '../common/access';
import { requiredReason } from '../common/customer-write';
import { assertIdReference } from '../common/ids';
import { CustomerEntity } from '../customers/customer.entity';
import { assertOwnerAllowed } from '../directory/owner-rules';
import { CustomerTransferEntity } from './customer-transfer.entity';
import { moveCustomers } from './move-customer';

export const MAX_TRANSFER = 50;

/**
 * Hand-over: customers move to another salesperson (and team) with their whole record; the old
 * owner's OPEN next actions move with them (workflow re-targets the reminders on customer.transferred).
 * All or nothing, at most MAX_TRANSFER at once (a person's whole book goes through workflow's
 * handOver, which records carries out in batches). The new owner must be someone the caller may name.
 */
export class TransferService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly now: () => Date = () => new Date(),
    private readonly accessLog = new AccessLogService(dataSource),
  ) {}

  async transfer(
    actor: Actor,
    customerIds: string[],
    toUserId: string,
    toTeamId: string | null | undefined,
    reason: string,
  ): Promise<CustomerEntity[]> {
    const ids = [...new Set(customerIds)];
    if (ids.length === 0) throw new BadInputError('customerIds', 'TOO_FEW', 'Name at least one customer');
    if (ids.length > MAX_TRANSFER) throw new BadInputError('customerIds', 'TOO_MANY', `At most ${MAX_TRANSFER} customers at once`);
    ids.forEach((id, i) => assertIdReference(id, `customerIds.${i}`));
    const toUser = toUserId.trim();
    if (!toUser || toUser.length > 128) throw new BadInputError('toUserId', 'INVALID_ID', 'A user id is required');
    const cleanReason = requiredReason(reason);
    const targetTeam = toTeamId?.trim() || null;
    if (targetTeam !== null) assertCanTransferTo(actor, targetTeam);

    return this.dataSource.transaction(async (manager) => {
      // Locked in id order, so two concurrent transfers of overlapping sets cannot deadlock.
      const customers = await manager
        .getRepository(CustomerEntity)
        .createQueryBuilder('c')
        .setLock('pessimistic_write')
        .where('c.id IN (:...ids)', { ids })
        .orderBy('c.id')
        .getMany();
      for (const id of ids) {
        const c = customers.find((x) => x.id === id);
        if (!c || !canReadCustomer(actor, c)) throw new NotFoundError('Customer', id);
        assertCanWriteCustomer(actor, c, 'TRANSFER');
        assertCanTransferTo(actor, targetTeam ?? c.teamId);
        if (c.ownerId === toUser && c.teamId === (targetTeam ?? c.teamId)) {
          throw new BadInputError('toUserId', 'SAME_OWNER', `Customer ${c.name} already belongs to ${toUser}`);
        }
      }
      for (const teamId of new Set(customers.map((c) => targetTeam ?? c.teamId))) {
        await assertOwnerAllowed(manager, actor, toUser, { field: 'toUserId', kind: 'CUSTOMER', teamId });
      }
      const byId = new Map(customers.map((c) => [c.id, c]));
      const ordered = ids.map((id) => byId.get(id)!);
      const move = { toOwnerId: toUser, toTeamId: targetTeam, reason: cleanReason, actor, now: this.now(), handOverId: null };
      const { events } = await moveCustomers(manager, ordered, move);
      await recordEvents(manager, events);
      await this.accessLog.record(actor, 'CUSTOMER_TRANSFERRED', ids, {
        manager,
        detail: { toUserId: toUser, toTeamId: targetTeam, reason: cleanReason },
      });
      return ordered;
    });
  }

  async historyOf(customerIds: readonly string[]): Promise<CustomerTransferEntity[]> {
    return this.dataSource.getRepository(CustomerTransferEntity).find({
      where: { customerId: In([...customerIds]) },
      order: { at: 'ASC', id: 'ASC' },
    });
  }
}
