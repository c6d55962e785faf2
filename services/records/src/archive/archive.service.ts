import type { DataSource, EntityManager } from 'typeorm';
import { BadInputError, ConflictError, DomainError, NotFoundError, recordEvents } from '@salestrail/platform';
import { AccessLogService } from '../access-log/access-log.service';
import type { Actor } from '@salestrail/contract';
import { canReadCustomer, positionalReadScope } from '../common/access';
import { bumpCustomerVersion, customerEnvelope, lockCustomerForWrite } from '../common/customer-write';
import { isUuid } from '../common/ids';
import { ContactEntity, CustomerEntity, StageChangeEntity } from '../customers/customer.entity';
import { InteractionEntity } from '../interactions/interaction.entity';
import { NeedEntity, PainPointEntity } from '../needs/need.entity';
import { NextActionEntity } from '../next-actions/next-action.entity';
import { CustomerTransferEntity } from '../transfers/customer-transfer.entity';
import { CustomerArchiveEntity, CustomerReviewEntity } from './archive.entity';

/** The most customers `customersToArchive` answers at once. */
export const MAX_TO_ARCHIVE = 100;

/** The archive list's page size when none is asked for. */
export const DEFAULT_ARCHIVE_PAGE = 50;
/** The longest archive search. */
export const MAX_ARCHIVE_SEARCH = 200;

/** An archived snapshot as listed: its code, when and by whom (no form content). */
export interface ArchiveEntryRow {
  id: string;
  customerId: string;
  archiveCode: string;
  archivedAt: Date;
  archivedBy: string;
  customerVersion: number;
  reviewId: string;
}

export interface StoredArchive extends ArchiveEntryRow {
  snapshot: string;
}

/**
 * Archiving (form step 6): only after an approved review of exactly the current version. The archive
 * code is `<name>_<YYYYMMDD of first contact>`, `-2`, `-3`… on a clash; a customer keeps its code when
 * archived again after a later approval. Each archiving freezes a snapshot of the whole form.
 *
 * Safe to repeat and to race: archiving again a record archived under its latest approval and unchanged
 * since answers with the record as it is (same code, no new snapshot, no event); codes are chosen under a
 * transaction lock on the code's base, so customers sharing a name and first-contact date archived at the
 * same moment get `-2`, `-3`… one after another.
 */
export class ArchiveService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly now: () => Date = () => new Date(),
    private readonly accessLog = new AccessLogService(dataSource),
  ) {}

  async archive(actor: Actor, customerId: string): Promise<CustomerEntity> {
    return this.dataSource.transaction((manager) => this.archiveIn(manager, actor, customerId));
  }

  /**
   * Archives several customers in one step, all or none: the first refusal (its code and reason, with the
   * `customerId` it concerns and `field` = `customerIds.<i>`) undoes the others. Rows are locked in id
   * order so that two overlapping batches cannot deadlock; the answer is in the order asked.
   */
  async archiveMany(actor: Actor, customerIds: readonly string[]): Promise<CustomerEntity[]> {
    const ids = [...new Set(customerIds)];
    if (ids.length === 0) throw new BadInputError('customerIds', 'TOO_FEW', 'Name at least one customer');
    if (ids.length > MAX_TO_ARCHIVE) throw new BadInputError('customerIds', 'TOO_MANY', `At most ${MAX_TO_ARCHIVE} customers at once`);
    return this.dataSource.transaction(async (manager) => {
      const done = new Map<string, CustomerEntity>();
      for (const id of [...ids].sort()) {
        try {
          done.set(id, await this.archiveIn(manager, actor, id));
        } catch (e) {
          if (!(e instanceof DomainError)) throw e;
          const { field: _field, ...details } = e.details;
          throw new DomainError(e.code, e.message, { ...details, field: `customerIds.${customerIds.indexOf(id)}`, customerId: id });
        }
      }
      return ids.map((id) => done.get(id)!);
    });
  }

  private async archiveIn(manager: EntityManager, actor: Actor, customerId: string): Promise<CustomerEntity> {
    {
      const customer = await lockCustomerForWrite(manager, actor, customerId, 'ARCHIVE');
      const review = await manager.findOne(CustomerReviewEntity, {
        where: { customerId: customer.id },
        order: { decidedAt: 'DESC', reviewId: 'DESC' },
      });
      if (!review || review.status !== 'APPROVED') {
        throw new ConflictError('The latest review of this customer is not an approval', 'REVIEW_NOT_APPROVED');
      }
      // A repeat (double click, retry after a time-out): already archived under this approval, unchanged since.
      const [done] = (await manager.query(
        `SELECT customer_version FROM customer_archive WHERE customer_id = $1 AND review_id = $2
         ORDER BY archived_at DESC, customer_version DESC LIMIT 1`,
        [customer.id, review.reviewId],
      )) as Array<{ customer_version: number }>;
      if (done && done.customer_version === customer.version && customer.archiveCode) return customer;
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
    }
  }

  /**
   * Customers the caller may read whose latest review approved their current version and that are not
   * archived under that approval: the assistant's list of what to archive, oldest approval first.
   */
  async toArchive(actor: Actor, teamId: string | null | undefined, first: number | null | undefined): Promise<CustomerEntity[]> {
    const limit = first ?? MAX_TO_ARCHIVE;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_TO_ARCHIVE) {
      throw new BadInputError('first', 'OUT_OF_RANGE', `first is between 1 and ${MAX_TO_ARCHIVE}`);
    }
    const scope = positionalReadScope(actor, 2);
    const rows = (await this.dataSource.query(
      `SELECT c.id FROM customer_review r JOIN customer c ON c.id = r.customer_id
        WHERE r.status = 'APPROVED' AND r.customer_version = c.version
          AND ($1::text IS NULL OR c.team_id = $1)
          AND NOT EXISTS (SELECT 1 FROM customer_review n WHERE n.customer_id = r.customer_id
                          AND (n.decided_at, n.review_id) > (r.decided_at, r.review_id))
          AND NOT EXISTS (SELECT 1 FROM customer_archive a WHERE a.customer_id = c.id AND a.review_id = r.review_id)
          AND ${scope.sql}
        ORDER BY r.decided_at, c.id LIMIT $2`,
      [teamId ?? null, limit, ...scope.params],
    )) as Array<{ id: string }>;
    if (rows.length === 0) return [];
    const customers = await this.dataSource.getRepository(CustomerEntity).findBy(rows.map((r) => ({ id: r.id })));
    const byId = new Map(customers.map((c) => [c.id, c]));
    return rows.map((r) => byId.get(r.id)).filter((c): c is CustomerEntity => c !== undefined);
  }

  /** Every archived snapshot of a customer the caller may read, newest first (JSON text exactly as stored). */
  async snapshots(actor: Actor, customerId: string): Promise<StoredArchive[]> {
    await this.assertReadable(actor, customerId);
    const rows = await this.readArchives(customerId, null);
    if (rows.length) await this.accessLog.record(actor, 'SNAPSHOT_READ', [customerId], { detail: { archiveCodes: [...new Set(rows.map((r) => r.archiveCode))], count: rows.length } });
    return rows;
  }

  /** The latest archived snapshot of a customer the caller may read (its JSON text exactly as stored). */
  async latestSnapshot(actor: Actor, customerId: string): Promise<StoredArchive | null> {
    await this.assertReadable(actor, customerId);
    const [archive] = await this.readArchives(customerId, 1);
    if (!archive) return null;
    await this.accessLog.record(actor, 'SNAPSHOT_READ', [customerId], { detail: { archiveCode: archive.archiveCode } });
    return archive;
  }

  /**
   * The archive list: snapshots of customers the caller may read, newest first, optionally those whose
   * code contains `search` (case- and width-insensitive; `2024-03-15` finds `…_20240315`) and of one team. Codes and
   * dates only: the form itself is read one snapshot at a time (`archivedRecord`), which is logged.
   */
  async list(
    actor: Actor,
    args: { search?: string | null; teamId?: string | null; first?: number | null; after?: string | null },
  ): Promise<ArchiveEntryRow[]> {
    const limit = args.first ?? DEFAULT_ARCHIVE_PAGE;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_TO_ARCHIVE) {
      throw new BadInputError('first', 'OUT_OF_RANGE', `first is between 1 and ${MAX_TO_ARCHIVE}`);
    }
    const search = args.search?.trim() ?? '';
    if (search.length > MAX_ARCHIVE_SEARCH) {
      throw new BadInputError('search', 'TOO_LONG', `Search with at most ${MAX_ARCHIVE_SEARCH} characters`);
    }
    // Full-width letters, digits and ＿ (a Chinese input method's) match their ASCII forms (NFKC on both
    // sides), and a date typed as people write it matches the code's YYYYMMDD.
    const term = search.normalize('NFKC').replace(/(\d{4})-(\d{2})-(\d{2})/g, '$1$2$3');
    const like = term ? `%${term.replace(/[\\%_]/g, '\\$&')}%` : null;
    // The next page starts after the entry given (keyset on archive time and id, newest first).
    const after = args.after ?? null;
    if (after !== null) {
      if (!isUuid(after)) throw new BadInputError('after', 'INVALID_ID', 'Malformed archive entry id');
      const [known] = await this.dataSource.query(`SELECT 1 FROM customer_archive WHERE id = $1`, [after]);
      if (!known) throw new BadInputError('after', 'NOT_FOUND', 'No archive entry with this id');
    }
    const scope = positionalReadScope(actor, 4);
    const rows = (await this.dataSource.query(
      `SELECT a.id, a.customer_id, a.archive_code, a.archived_at, a.archived_by, a.customer_version, a.review_id
         FROM customer_archive a JOIN customer c ON c.id = a.customer_id
        WHERE ($1::text IS NULL OR normalize(a.archive_code, NFKC) ILIKE $1)
          AND ($2::text IS NULL OR c.team_id = $2)
          AND ($4::uuid IS NULL OR (a.archived_at, a.id) < (SELECT x.archived_at, x.id FROM customer_archive x WHERE x.id = $4))
          AND ${scope.sql}
        ORDER BY a.archived_at DESC, a.id DESC LIMIT $3`,
      [like, args.teamId ?? null, limit, after, ...scope.params],
    )) as Array<{ id: string; customer_id: string; archive_code: string; archived_at: Date; archived_by: string; customer_version: number; review_id: string }>;
    return rows.map((a) => ({
      id: a.id,
      customerId: a.customer_id,
      archiveCode: a.archive_code,
      archivedAt: a.archived_at,
      archivedBy: a.archived_by,
      customerVersion: a.customer_version,
      reviewId: a.review_id,
    }));
  }

  /** One archived snapshot by its id, when the caller may read its customer (the read is logged). */
  async byId(actor: Actor, id: string): Promise<StoredArchive | null> {
    if (!isUuid(id)) return null;
    const [a] = (await this.dataSource.query(
      `SELECT a.id, a.customer_id, a.archive_code, a.archived_at, a.archived_by, a.customer_version, a.review_id,
              a.snapshot::text AS snapshot, c.owner_id, c.team_id, c.stage
         FROM customer_archive a JOIN customer c ON c.id = a.customer_id WHERE a.id = $1`,
      [id],
    )) as Array<{
      id: string; customer_id: string; archive_code: string; archived_at: Date; archived_by: string; customer_version: number;
      review_id: string; snapshot: string; owner_id: string; team_id: string; stage: string;
    }>;
    if (!a || !canReadCustomer(actor, { ownerId: a.owner_id, teamId: a.team_id, stage: a.stage })) return null;
    await this.accessLog.record(actor, 'SNAPSHOT_READ', [a.customer_id], { detail: { archiveCode: a.archive_code, archiveId: a.id } });
    return {
      id: a.id,
      customerId: a.customer_id,
      archiveCode: a.archive_code,
      archivedAt: a.archived_at,
      archivedBy: a.archived_by,
      customerVersion: a.customer_version,
      reviewId: a.review_id,
      snapshot: a.snapshot,
    };
  }

  private async assertReadable(actor: Actor, customerId: string): Promise<void> {
    if (!isUuid(customerId)) throw new NotFoundError('Customer', customerId);
    const customer = await this.dataSource.query(`SELECT owner_id, team_id, stage FROM customer WHERE id = $1`, [customerId]);
    const row = customer[0] as { owner_id: string; team_id: string; stage: string } | undefined;
    if (!row || !canReadCustomer(actor, { ownerId: row.owner_id, teamId: row.team_id, stage: row.stage })) {
      throw new NotFoundError('Customer', customerId);
    }
  }

  private async readArchives(customerId: string, limit: number | null): Promise<StoredArchive[]> {
    const rows = (await this.dataSource.query(
      `SELECT id, customer_id, archive_code, archived_at, archived_by, customer_version, review_id, snapshot::text AS snapshot
         FROM customer_archive WHERE customer_id = $1 ORDER BY archived_at DESC, customer_version DESC LIMIT $2`,
      [customerId, limit],
    )) as Array<{
      id: string; customer_id: string; archive_code: string; archived_at: Date; archived_by: string; customer_version: number; review_id: string; snapshot: string;
    }>;
    return rows.map((a) => ({
      id: a.id,
      customerId: a.customer_id,
      archiveCode: a.archive_code,
      archivedAt: a.archived_at,
      archivedBy: a.archived_by,
      customerVersion: a.customer_version,
      reviewId: a.review_id,
      snapshot: a.snapshot,
    }));
  }

  private async freeArchiveCode(manager: EntityManager, customer: CustomerEntity): Promise<string> {
    const base = `${customer.name}_${customer.firstContactDate.replace(/-/g, '')}`;
    // Held until commit: a concurrent archive of a customer with the same base waits here and then
    // sees this one's code (each statement of a READ COMMITTED transaction reads what has committed).
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('archive-code:' || $1, 0))`, [base]);
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
  const people = [review.reviewerId, ...(review.submittedBy ? [review.submittedBy] : [])];
  const names = new Map(
    ((await manager.query(`SELECT id, name FROM directory_user WHERE id = ANY($1)`, [people])) as Array<{ id: string; name: string }>).map(
      (u) => [u.id, u.name],
    ),
  );
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
    // 销售人员签字 / 日期: who submitted the record for the review that approved it, and when.
    signature: {
      salespersonId: review.submittedBy,
      salespersonName: review.submittedBy ? (names.get(review.submittedBy) ?? null) : null,
      submittedAt: iso(review.submittedAt),
    },
    // 经理审核意见 / 审核人 / 日期: the reviewer's decision and comments.
    review: {
      reviewId: review.reviewId,
      status: review.status,
      decision: review.status === 'APPROVED' ? 'APPROVE' : 'REQUEST_CHANGES',
      reviewerId: review.reviewerId,
      reviewerName: names.get(review.reviewerId) ?? null,
      comments: review.comments,
      customerVersion: review.customerVersion,
      decidedAt: iso(review.decidedAt),
    },
  };
}
