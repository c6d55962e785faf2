import type { DataSource, EntityManager } from 'typeorm';
import { ConflictError, NotFoundError, recordEvents } from '@salestrail/platform';
import { AccessLogService } from '../access-log/access-log.service';
import type { Actor } from '@salestrail/contract';
import { canReadCustomer } from '../common/access';
import { bumpCustomerVersion, customerEnvelope, lockCustomerForWrite } from '../common/customer-write';
import { isUuid } from '../common/ids';
import { ContactEntity, type CustomerEntity, StageChangeEntity } from '../customers/customer.entity';
import { InteractionEntity } from '../interactions/interaction.entity';
import { NeedEntity, PainPointEntity } from '../needs/need.entity';
import { NextActionEntity } from '../next-actions/next-action.entity';
import { CustomerTransferEntity } from '../transfers/customer-transfer.entity';
import { CustomerArchiveEntity, CustomerReviewEntity } from './archive.entity';

/**
 * Archiving (form step 6): only after an approved review of exactly the current version. The archive
 * code is `<name>_<YYYYMMDD of first contact>`, `-2`, `-3`… on a clash; a customer keeps its code when
 * archived again after a later approval. Each archiving freezes a snapshot of the whole form.
 */
export class ArchiveService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly now: () => Date = () => new Date(),
    private readonly accessLog = new AccessLogService(dataSource),
  ) {}

  async archive(actor: Actor, customerId: string): Promise<CustomerEntity> {
    return this.dataSource.transaction(async (manager) => {
      const customer = await lockCustomerForWrite(manager, actor, customerId, 'ARCHIVE');
      const review = await manager.findOne(CustomerReviewEntity, {
        where: { customerId: customer.id },
        order: { decidedAt: 'DESC', reviewId: 'DESC' },
      });
      if (!review || review.status !== 'APPROVED') {
        throw new ConflictError('The latest review of this customer is not an approval', 'REVIEW_NOT_APPROVED');
      }
      if (review.customerVersion !== customer.version) {
        throw new ConflictError(
          `The record changed since the approval (approved version ${review.customerVersion}, now ${customer.version}): submit it for review again`,
          'CHANGED_SINCE_APPROVAL',
        );
      }
      const now = this.now();
      const archiveCode = customer.archiveCode ?? (await this.freeArchiveCode(manager, customer));
      const snapshot = await buildSnapshot(manager, customer, archiveCode, review);
      await bumpCustomerVersion(manager, customer, now, { archiveCode });
      await manager.insert(CustomerArchiveEntity, {
        customerId: customer.id,
        archiveCode,
        customerVersion: customer.version,
        reviewId: review.reviewId,
        archivedAt: now,
        archivedBy: actor.userId,
        snapshot,
      });
      await recordEvents(manager, [
        {
          type: 'customer.archived',
          ...customerEnvelope(customer, actor, now),
          payload: { customerId: customer.id, archiveCode, reviewId: review.reviewId, archivedAt: now.toISOString() },
        },
      ]);
      return customer;
    });
  }

  /** The latest archived snapshot of a customer the caller may read (its JSON text exactly as stored). */
  async latestSnapshot(
    actor: Actor,
    customerId: string,
  ): Promise<{ archiveCode: string; archivedAt: Date; archivedBy: string; customerVersion: number; snapshot: string } | null> {
    if (!isUuid(customerId)) throw new NotFoundError('Customer', customerId);
    const customer = await this.dataSource.query(`SELECT owner_id, team_id, stage FROM customer WHERE id = $1`, [customerId]);
    const row = customer[0] as { owner_id: string; team_id: string; stage: string } | undefined;
    if (!row || !canReadCustomer(actor, { ownerId: row.owner_id, teamId: row.team_id, stage: row.stage })) {
      throw new NotFoundError('Customer', customerId);
    }
    const [archive] = (await this.dataSource.query(
      `SELECT archive_code, archived_at, archived_by, customer_version, snapshot::text AS snapshot
         FROM customer_archive WHERE customer_id = $1 ORDER BY archived_at DESC, customer_version DESC LIMIT 1`,
      [customerId],
    )) as Array<{ archive_code: string; archived_at: Date; archived_by: string; customer_version: number; snapshot: string }>;
    if (!archive) return null;
    await this.accessLog.record(actor, 'SNAPSHOT_READ', [customerId], { detail: { archiveCode: archive.archive_code } });
    return {
      archiveCode: archive.archive_code,
      archivedAt: archive.archived_at,
      archivedBy: archive.archived_by,
      customerVersion: archive.customer_version,
      snapshot: archive.snapshot,
    };
  }

  private async freeArchiveCode(manager: EntityManager, customer: CustomerEntity): Promise<string> {
    const base = `${customer.name}_${customer.firstContactDate.replace(/-/g, '')}`;
    const taken: Array<{ archive_code: string }> = await manager.query(
      `SELECT archive_code FROM customer WHERE archive_code = $1 OR archive_code LIKE $2`,
      [base, `${base.replace(/[\\%_]/g, '\\$&')}-%`],
    );
    const codes = new Set(taken.map((t) => t.archive_code));
    if (!codes.has(base)) return base;
    for (let n = 2; ; n += 1) if (!codes.has(`${base}-${n}`)) return `${base}-${n}`;
  }
}

/** The whole form as it stands, in the order of the paper form. */
async function buildSnapshot(
  manager: EntityManager,
  customer: CustomerEntity,
  archiveCode: string,
  review: CustomerReviewEntity,
) {
  const where = { customerId: customer.id };
  const [contacts, interactions, needs, painPoints, nextActions, stageHistory, transfers] = await Promise.all([
    manager.find(ContactEntity, { where, order: { position: 'ASC' } }),
    manager.find(InteractionEntity, { where, order: { occurredAt: 'ASC', id: 'ASC' } }),
    manager.find(NeedEntity, { where, order: { createdAt: 'ASC', position: 'ASC', id: 'ASC' } }),
    manager.find(PainPointEntity, { where, order: { createdAt: 'ASC', position: 'ASC', id: 'ASC' } }),
    manager.find(NextActionEntity, { where, order: { createdAt: 'ASC', id: 'ASC' } }),
    manager.find(StageChangeEntity, { where, order: { at: 'ASC', id: 'ASC' } }),
    manager.find(CustomerTransferEntity, { where, order: { at: 'ASC', id: 'ASC' } }),
  ]);
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    archiveCode,
    customerVersion: customer.version,
    basics: {
      id: customer.id,
      name: customer.name,
      kind: customer.kind,
      industryCode: customer.industryCode,
      sourceChannel: customer.sourceChannel,
      sourceDetail: customer.sourceDetail,
      firstContactDate: customer.firstContactDate,
      ownerId: customer.ownerId,
      teamId: customer.teamId,
      remarks: customer.remarks,
    },
    stage: customer.stage,
    terminationReason: customer.terminationReason,
    contacts: contacts.map((c) => ({ id: c.id, name: c.name, role: c.role, title: c.title, phone: c.phone, email: c.email })),
    interactions: interactions.map((i) => ({
      id: i.id,
      occurredAt: iso(i.occurredAt),
      method: i.method,
      summary: i.summary,
      isFirstContact: i.isFirstContact,
      loggedAt: iso(i.loggedAt),
      loggedLate: i.loggedLate,
      authorId: i.authorId,
      nextActionId: i.nextActionId,
    })),
    needs: needs.map((n) => ({ id: n.id, kind: n.kind, description: n.description, active: n.active, retiredReason: n.retiredReason })),
    painPoints: painPoints.map((p) => ({ id: p.id, description: p.description, needIds: p.needIds, active: p.active, retiredReason: p.retiredReason })),
    nextActions: nextActions.map((a) => ({
      id: a.id,
      content: a.content,
      ownerId: a.ownerId,
      dueAt: iso(a.dueAt),
      status: a.status,
      completedAt: iso(a.completedAt),
      cancelReason: a.cancelReason,
    })),
    stageHistory: stageHistory.map((s) => ({ from: s.fromStage, to: s.toStage, at: iso(s.at), byUserId: s.byUserId, reason: s.reason })),
    transfers: transfers.map((t) => ({
      fromOwnerId: t.fromOwnerId, toOwnerId: t.toOwnerId, fromTeamId: t.fromTeamId, toTeamId: t.toTeamId, reason: t.reason, at: iso(t.at),
    })),
    review: {
      reviewId: review.reviewId,
      status: review.status,
      reviewerId: review.reviewerId,
      comments: review.comments,
      customerVersion: review.customerVersion,
      decidedAt: iso(review.decidedAt),
    },
  };
}
