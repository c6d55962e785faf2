import { In, type DataSource, type EntityManager } from 'typeorm';
import { BadInputError, ConflictError, NotFoundError, recordEvents } from '@salestrail/platform';
import type { Actor } from '@salestrail/contract';
import { bumpCustomerVersion, customerEnvelope, lockCustomerForWrite } from '../common/customer-write';
import { assertIdReference, isUuid } from '../common/ids';
import type { NeedKind } from '../common/enums';
import type { CustomerEntity } from '../customers/customer.entity';
import { NeedEntity, NeedRevisionEntity, PainPointEntity, PainPointRevisionEntity } from './need.entity';

/**
 * Editing and retiring needs and pain points. Nothing is overwritten without trace: every state lands
 * in need_revision / pain_point_revision. A need that is the last active link of an active pain point
 * cannot be retired (every pain point corresponds to a need).
 */
export const MAX_DESCRIPTION = 1000;

export class NeedService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async updateNeed(
    actor: Actor,
    id: string,
    description: string | null | undefined,
    kind: NeedKind | null | undefined,
    expectedVersion?: number | null,
  ): Promise<NeedEntity> {
    const text = description?.trim();
    if (description !== undefined && description !== null && !text) {
      throw new BadInputError('description', 'REQUIRED', 'A need needs a description');
    }
    if (text && text.length > MAX_DESCRIPTION) throw new BadInputError('description', 'TOO_LONG', `At most ${MAX_DESCRIPTION} characters`);
    return this.dataSource.transaction(async (manager) => {
      const { need, customer } = await this.lockNeed(manager, actor, id, expectedVersion);
      const changes = { description: text ?? need.description, kind: kind ?? need.kind };
      if (changes.description === need.description && changes.kind === need.kind) return need;
      const now = this.now();
      Object.assign(need, changes, { updatedAt: now });
      await manager.save(NeedEntity, need);
      await manager.insert(NeedRevisionEntity, {
        needId: need.id, change: 'UPDATED', kind: need.kind, description: need.description, reason: null, at: now, byUserId: actor.userId,
      });
      await bumpCustomerVersion(manager, customer, now);
      await recordEvents(manager, [
        {
          type: 'need.updated',
          ...customerEnvelope(customer, actor, now),
          payload: { needId: need.id, customerId: customer.id, kind: need.kind, description: need.description },
        },
      ]);
      return need;
    });
  }

  async retireNeed(actor: Actor, id: string, reason: string | null | undefined, expectedVersion?: number | null): Promise<NeedEntity> {
    const cleanReason = cleanOptionalReason(reason);
    return this.dataSource.transaction(async (manager) => {
      const { need, customer } = await this.lockNeed(manager, actor, id, expectedVersion);
      const orphaned: Array<{ id: string }> = await manager.query(
        `SELECT p.id FROM pain_point p
          WHERE p.customer_id = $1 AND p.active AND $2 = ANY(p.need_ids)
            AND NOT EXISTS (SELECT 1 FROM need n WHERE n.id = ANY(p.need_ids) AND n.id <> $2 AND n.active)`,
        [customer.id, need.id],
      );
      if (orphaned.length > 0) {
        throw new ConflictError(
          'This need is the last need of an active pain point: link the pain point to another need or retire it first',
          'NEED_IN_USE',
        );
      }
      const now = this.now();
      Object.assign(need, { active: false, retiredAt: now, retiredReason: cleanReason, updatedAt: now });
      await manager.save(NeedEntity, need);
      await manager.insert(NeedRevisionEntity, {
        needId: need.id, change: 'RETIRED', kind: need.kind, description: need.description, reason: cleanReason, at: now, byUserId: actor.userId,
      });
      await bumpCustomerVersion(manager, customer, now);
      await recordEvents(manager, [
        {
          type: 'need.retired',
          ...customerEnvelope(customer, actor, now),
          payload: { needId: need.id, customerId: customer.id, reason: cleanReason },
        },
      ]);
      return need;
    });
  }

  async updatePainPoint(
    actor: Actor,
    id: string,
    description: string | null | undefined,
    needIds: string[] | null | undefined,
    expectedVersion?: number | null,
  ): Promise<PainPointEntity> {
    const text = description?.trim();
    if (description !== undefined && description !== null && !text) {
      throw new BadInputError('description', 'REQUIRED', 'A pain point needs a description');
    }
    if (text && text.length > MAX_DESCRIPTION) throw new BadInputError('description', 'TOO_LONG', `At most ${MAX_DESCRIPTION} characters`);
    if (needIds && needIds.length > 50) throw new BadInputError('needIds', 'TOO_MANY', 'At most 50 needs');
    const ids = needIds ? [...new Set(needIds)] : null;
    if (ids) {
      ids.forEach((needId, i) => assertIdReference(needId, `needIds.${i}`));
      if (ids.length === 0) throw new BadInputError('needIds', 'PAIN_POINT_WITHOUT_NEED', 'Every pain point must correspond to a need');
    }
    return this.dataSource.transaction(async (manager) => {
      const { painPoint, customer } = await this.lockPainPoint(manager, actor, id, expectedVersion);
      if (ids) {
        const active = await manager.find(NeedEntity, { where: { id: In(ids), customerId: customer.id, active: true } });
        const known = new Set(active.map((n) => n.id));
        ids.forEach((needId, i) => {
          if (!known.has(needId)) throw new BadInputError(`needIds.${i}`, 'UNKNOWN_NEED', `No active need ${needId} on this customer`);
        });
      }
      const next = { description: text ?? painPoint.description, needIds: ids ?? painPoint.needIds };
      if (next.description === painPoint.description && sameSet(next.needIds, painPoint.needIds)) return painPoint;
      const now = this.now();
      Object.assign(painPoint, next, { updatedAt: now });
      await manager.save(PainPointEntity, painPoint);
      await manager.insert(PainPointRevisionEntity, {
        painPointId: painPoint.id, change: 'UPDATED', description: painPoint.description, needIds: painPoint.needIds, reason: null, at: now, byUserId: actor.userId,
      });
      await bumpCustomerVersion(manager, customer, now);
      await recordEvents(manager, [
        {
          type: 'pain_point.updated',
          ...customerEnvelope(customer, actor, now),
          payload: { painPointId: painPoint.id, customerId: customer.id, description: painPoint.description, needIds: painPoint.needIds },
        },
      ]);
      return painPoint;
    });
  }

  async retirePainPoint(actor: Actor, id: string, reason: string | null | undefined, expectedVersion?: number | null): Promise<PainPointEntity> {
    const cleanReason = cleanOptionalReason(reason);
    return this.dataSource.transaction(async (manager) => {
      const { painPoint, customer } = await this.lockPainPoint(manager, actor, id, expectedVersion);
      const now = this.now();
      Object.assign(painPoint, { active: false, retiredAt: now, retiredReason: cleanReason, updatedAt: now });
      await manager.save(PainPointEntity, painPoint);
      await manager.insert(PainPointRevisionEntity, {
        painPointId: painPoint.id, change: 'RETIRED', description: painPoint.description, needIds: painPoint.needIds, reason: cleanReason, at: now, byUserId: actor.userId,
      });
      await bumpCustomerVersion(manager, customer, now);
      await recordEvents(manager, [
        {
          type: 'pain_point.retired',
          ...customerEnvelope(customer, actor, now),
          payload: { painPointId: painPoint.id, customerId: customer.id, reason: cleanReason },
        },
      ]);
      return painPoint;
    });
  }

  async activeNeedsOf(customerIds: readonly string[]): Promise<NeedEntity[]> {
    return this.dataSource.getRepository(NeedEntity).find({
      where: { customerId: In([...customerIds]), active: true },
      order: { createdAt: 'ASC', position: 'ASC', id: 'ASC' },
    });
  }

  async activePainPointsOf(customerIds: readonly string[]): Promise<PainPointEntity[]> {
    return this.dataSource.getRepository(PainPointEntity).find({
      where: { customerId: In([...customerIds]), active: true },
      order: { createdAt: 'ASC', position: 'ASC', id: 'ASC' },
    });
  }

  async needHistoryOf(needIds: readonly string[]): Promise<NeedRevisionEntity[]> {
    return this.dataSource.getRepository(NeedRevisionEntity).find({
      where: { needId: In([...needIds]) },
      order: { at: 'ASC', id: 'ASC' },
    });
  }

  async painPointHistoryOf(ids: readonly string[]): Promise<PainPointRevisionEntity[]> {
    return this.dataSource.getRepository(PainPointRevisionEntity).find({
      where: { painPointId: In([...ids]) },
      order: { at: 'ASC', id: 'ASC' },
    });
  }

  private async lockNeed(manager: EntityManager, actor: Actor, id: string, expectedVersion?: number | null) {
    const found = isUuid(id) ? await manager.findOne(NeedEntity, { where: { id } }) : null;
    if (!found) throw new NotFoundError('Need', id);
    const customer = await lockCustomerForWrite(manager, actor, found.customerId, 'NEEDS', expectedVersion);
    const need = await manager.findOneOrFail(NeedEntity, { where: { id } });
    if (!need.active) throw new ConflictError('This need is retired', 'RETIRED');
    return { need, customer: customer as CustomerEntity };
  }

  private async lockPainPoint(manager: EntityManager, actor: Actor, id: string, expectedVersion?: number | null) {
    const found = isUuid(id) ? await manager.findOne(PainPointEntity, { where: { id } }) : null;
    if (!found) throw new NotFoundError('Pain point', id);
    const customer = await lockCustomerForWrite(manager, actor, found.customerId, 'NEEDS', expectedVersion);
    const painPoint = await manager.findOneOrFail(PainPointEntity, { where: { id } });
    if (!painPoint.active) throw new ConflictError('This pain point is retired', 'RETIRED');
    return { painPoint, customer };
  }
}

function cleanOptionalReason(reason: string | null | undefined): string | null {
  const clean = reason?.trim() || null;
  if (clean && clean.length > 1000) throw new BadInputError('reason', 'TOO_LONG', 'A reason holds at most 1000 characters');
  return clean;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
