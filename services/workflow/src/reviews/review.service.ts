import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { BadInputError, ConflictError, DEFAULT_TIME_ZONE, ForbiddenError, NotFoundError, recordEvents } from '@salestrail/platform';
import { DEFAULT_LOCALE, JOB_NAMES, RouteReviewJob, type Actor } from '@salestrail/contract';
import { canReadCustomer } from '../common/access';
import type { Clock } from '../common/clock';
import { KEEP_JOBS, type WorkflowQueues } from '../common/queues';
import { CustomerProjectionEntity } from '../customers/customer-projection.entity';
import { peopleNames } from '../directory/names';
import { wf, writeText } from '../i18n/texts';
import type { CreatedNotification, NotificationDispatcher, NotificationService } from '../notifications/notification.service';
import { TeamEntity } from '../teams/team.entity';
import { checkCompleteness, type CompletenessSnapshot, type Finding } from './completeness';
import { ReviewEntity } from './review.entity';
import { chooseReviewer } from './routing';
import { changedUncoveredSql, sentBackSql, weekStartSql } from './to-submit';

/** The most records `weeklySubmission` answers. */
export const MAX_WEEKLY_SUBMISSION = 200;

export interface WeeklySubmissionEntry {
  customerId: string;
  sentBack: boolean;
  changedAt: Date;
  findings: Finding[];
}

/** The most reviews `myReviews` answers. */
export const MAX_MY_REVIEWS = 500;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function routeJobId(reviewId: string, reviewVersion: number): string {
  return `route-review-${reviewId}-${reviewVersion}`;
}

export interface ReviewSettings {
  adminReviewerId: string;
}

/**
 * Submission, routing and decision of reviews. A customer has at most one PENDING review; submitting
 * again updates it. The reviewer is computed at submission (so the answer is complete) and confirmed
 * by the routing job, which also notifies the reviewer.
 */
export class ReviewService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly settings: ReviewSettings,
    private readonly notifications: NotificationService,
    private readonly dispatcher: NotificationDispatcher,
    private readonly queues: WorkflowQueues | null,
  ) {}

  async submit(actor: Actor, customerIds: string[], note: string | null | undefined): Promise<ReviewEntity[]> {
    const ids = [...new Set(customerIds)];
    if (ids.length === 0) throw new BadInputError('customerIds', 'REQUIRED', 'Submit at least one customer');
    if (ids.length > 100) throw new BadInputError('customerIds', 'TOO_MANY', 'At most 100 customers at once');
    const trimmedNote = note?.trim() || null;
    if (trimmedNote && trimmedNote.length > 2000) throw new BadInputError('note', 'TOO_LONG', 'note is too long');
    const now = this.clock.now();

    const reviews = await this.dataSource.transaction(async (manager) => {
      const result: ReviewEntity[] = [];
      for (const customerId of ids) {
        // Locking the customer row serialises submissions of one customer.
        const customer = await manager.findOne(CustomerProjectionEntity, {
          where: { id: customerId },
          lock: { mode: 'pessimistic_write' },
        });
        if (!customer || !canReadCustomer(actor, customer)) throw new NotFoundError('Customer', customerId);
        const team = await this.teamOf(manager, customer.teamId);
        const isOwner = customer.ownerId === actor.userId;
        const isManager =
          team?.managerId === actor.userId || (actor.role === 'SALES_MANAGER' && actor.teamId === customer.teamId);
        if (!(actor.role === 'ADMIN' || isOwner || isManager)) {
          throw new ForbiddenError('Only the owner, the team manager or an ADMIN submits a record for review');
        }
        // Each finding keeps its message and the team's time zone, to be written in its reader's language.
        const timeZone = team?.timezone ?? DEFAULT_TIME_ZONE;
        const findings: Finding[] = checkCompleteness(await this.snapshot(manager, customer), now).map((f) => ({
          ...f,
          timeZone,
          message: writeText(DEFAULT_LOCALE, f.text, { timeZone }),
        }));
        const reviewerId = chooseReviewer(team, actor.userId, customer.ownerId, this.settings.adminReviewerId);
        const existing = await manager.findOne(ReviewEntity, {
          where: { customerId, status: 'PENDING' },
          lock: { mode: 'pessimistic_write' },
        });
        const review =
          existing ??
          manager.create(ReviewEntity, {
            id: randomUUID(),
            customerId,
            status: 'PENDING',
            comments: null,
            decidedAt: null,
            routedVersion: null,
            version: 0,
            answersReviewId: await this.sentBackBy(manager, customerId),
          });
        Object.assign(review, {
          teamId: customer.teamId,
          submittedBy: actor.userId,
          reviewerId,
          findings,
          note: trimmedNote,
          customerVersion: customer.version,
          submittedAt: now,
          version: review.version + 1,
        });
        await manager.save(ReviewEntity, review);
        await recordEvents(manager, [
          {
            type: 'review.submitted',
            aggregateId: review.id,
            version: review.version,
            teamId: review.teamId,
            actor,
            occurredAt: now.toISOString(),
            payload: {
              reviewId: review.id,
              customerId,
              submittedBy: actor.userId,
              reviewerId,
              customerVersion: review.customerVersion,
              submittedAt: now.toISOString(),
            },
          },
        ]);
        result.push(review);
      }
      return result;
    });
    // After commit: a lost enqueue is repaired by reconciliation (routed_version lags version).
    await this.enqueueRouting(reviews.map((r) => ({ reviewId: r.id, reviewVersion: r.version, actor })));
    return reviews;
  }

  async enqueueRouting(jobs: RouteReviewJob[]): Promise<void> {
    if (!this.queues || jobs.length === 0) return;
    await this.queues.reviewRouting.addBulk(
      jobs.map((data) => ({
        name: JOB_NAMES.routeReview,
        data,
        opts: { ...KEEP_JOBS, jobId: routeJobId(data.reviewId, data.reviewVersion), attempts: 5, backoff: { type: 'exponential', delay: 1_000 } },
      })),
    );
  }

  /** The `route-review` job: confirms the reviewer and notifies them, once per (re)submission. */
  async route(job: RouteReviewJob): Promise<'routed' | 'skipped'> {
    const created: CreatedNotification[] = [];
    const outcome = await this.dataSource.transaction(async (manager) => {
      const review = await manager.findOne(ReviewEntity, { where: { id: job.reviewId }, lock: { mode: 'pessimistic_write' } });
      if (!review || review.status !== 'PENDING' || review.version !== job.reviewVersion) return 'skipped' as const;
      if (review.routedVersion !== null && review.routedVersion >= job.reviewVersion) return 'skipped' as const;
      const customer = await manager.findOneBy(CustomerProjectionEntity, { id: review.customerId });
      const team = await this.teamOf(manager, review.teamId);
      review.reviewerId = chooseReviewer(team, review.submittedBy, customer?.ownerId ?? review.submittedBy, this.settings.adminReviewerId);
      review.routedVersion = review.version;
      await manager.save(ReviewEntity, review);
      const name = customer?.name || review.customerId;
      const person = await peopleNames(manager, [review.submittedBy]);
      const n = await this.notifications.create(manager, {
        recipientId: review.reviewerId,
        teamId: review.teamId,
        kind: 'REVIEW_REQUESTED',
        title: wf('review.requested.title', { customer: name }),
        body: wf(review.note ? 'review.requested.bodyWithNote' : 'review.requested.body', {
          submitter: person(review.submittedBy),
          customer: name,
          count: review.findings.length,
          note: review.note,
        }),
        customerId: review.customerId,
        dedupeKey: routeJobId(review.id, review.version),
      });
      if (n) created.push(n);
      return 'routed' as const;
    });
    await this.dispatcher.dispatch(created);
    return outcome;
  }

  async decide(actor: Actor, id: string, decision: 'APPROVE' | 'REQUEST_CHANGES', comments: string): Promise<ReviewEntity> {
    if (!UUID.test(id)) throw new NotFoundError('Review', id);
    const text = comments.trim();
    if (text.length > 5000) throw new BadInputError('comments', 'TOO_LONG', 'comments are too long');
    const created: CreatedNotification[] = [];
    const review = await this.dataSource.transaction(async (manager) => {
      const review = await manager.findOne(ReviewEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!review) throw new NotFoundError('Review', id);
      const customer = await manager.findOneBy(CustomerProjectionEntity, { id: review.customerId });
      // A caller who may not read the customer learns nothing of the review, not even that it exists.
      const visible = review.reviewerId === actor.userId || (customer !== null && canReadCustomer(actor, customer));
      if (!visible) throw new NotFoundError('Review', id);
      // The assigned reviewer decides; an ADMIN may decide any review (e.g. while a manager is away).
      if (review.reviewerId !== actor.userId && actor.role !== 'ADMIN') {
        throw new ForbiddenError('Only the assigned reviewer decides this review');
      }
      if (review.status !== 'PENDING') throw new ConflictError(`Review ${id} is already ${review.status}`, 'ALREADY_DECIDED');
      if (decision === 'REQUEST_CHANGES' && text === '') {
        throw new BadInputError('comments', 'COMMENTS_REQUIRED', 'Say what needs to change');
      }
      const now = this.clock.now();
      review.status = decision === 'APPROVE' ? 'APPROVED' : 'CHANGES_REQUESTED';
      review.comments = text || null;
      review.decidedAt = now;
      review.version += 1;
      await manager.save(ReviewEntity, review);
      await recordEvents(manager, [
        {
          type: 'review.decided',
          aggregateId: review.id,
          version: review.version,
          teamId: review.teamId,
          actor,
          occurredAt: now.toISOString(),
          payload: {
            reviewId: review.id,
            customerId: review.customerId,
            reviewerId: actor.userId,
            status: review.status,
            comments: text,
            customerVersion: review.customerVersion,
            decidedAt: now.toISOString(),
            submittedBy: review.submittedBy,
            submittedAt: review.submittedAt.toISOString(),
          },
        },
      ]);
      const name = customer?.name || review.customerId;
      const verdict = review.status === 'APPROVED' ? 'review.approved' : 'review.changesRequested';
      const person = await peopleNames(manager, [actor.userId, review.submittedBy]);
      // The submitter hears of the decision, and the owner too when someone else submitted.
      for (const recipientId of new Set([review.submittedBy, customer?.ownerId ?? review.submittedBy])) {
        const n = await this.notifications.create(manager, {
          recipientId,
          teamId: review.teamId,
          kind: 'REVIEW_DECIDED',
          title: wf(`${verdict}.title`, { customer: name }),
          body: text
            ? wf('review.comments', { reviewer: person(actor.userId), comments: text })
            : wf(`${verdict}.body`, { reviewer: person(actor.userId) }),
          customerId: review.customerId,
          dedupeKey: `review-decided-${review.id}-${recipientId}`,
        });
        if (n) created.push(n);
      }
      // Form step 6: after approval the team assistant archives the record.
      const assistantId = review.status === 'APPROVED' ? (await manager.findOneBy(TeamEntity, { id: review.teamId }))?.assistantId : null;
      const left = assistantId
        ? ((await manager.query(`SELECT active FROM directory_user WHERE id = $1`, [assistantId])) as Array<{ active: boolean }>)[0]?.active === false
        : true;
      if (assistantId && !left) {
        const n = await this.notifications.create(manager, {
          recipientId: assistantId,
          teamId: review.teamId,
          kind: 'REVIEW_APPROVED_TO_ARCHIVE',
          title: wf('review.toArchive.title', { customer: name }),
          body: wf(text ? 'review.toArchive.bodyWithComments' : 'review.toArchive.body', {
            reviewer: person(actor.userId),
            customer: name,
            submitter: person(review.submittedBy),
            comments: text,
          }),
          customerId: review.customerId,
          dedupeKey: `review-approved-${review.id}-${assistantId}`,
        });
        if (n) created.push(n);
      }
      return review;
    });
    await this.dispatcher.dispatch(created);
    return review;
  }

  /** The caller's reviews to decide (PENDING unless another status is asked for), oldest first. */
  async queue(actor: Actor, status: string | null): Promise<ReviewEntity[]> {
    return this.dataSource.getRepository(ReviewEntity).find({
      where: { reviewerId: actor.userId, status: (status ?? 'PENDING') as ReviewEntity['status'] },
      order: { submittedAt: 'ASC', id: 'ASC' },
      take: 500,
    });
  }

  /**
   * The caller's own reviews, newest first: those they submitted and those of customers they own
   * (a sent-back record is theirs to resubmit whoever submitted it). At most MAX_MY_REVIEWS.
   */
  async mine(actor: Actor, status: string | null): Promise<ReviewEntity[]> {
    const ids: Array<{ id: string }> = await this.dataSource.query(
      `SELECT r.id FROM review r
        WHERE ($2::text IS NULL OR r.status = $2)
          AND (r.submitted_by = $1 OR EXISTS (SELECT 1 FROM wf_customer c WHERE c.id = r.customer_id AND c.owner_id = $1))
        ORDER BY r.submitted_at DESC, r.id LIMIT ${MAX_MY_REVIEWS}`,
      [actor.userId, status],
    );
    const rows = await this.byIds(ids.map((r) => r.id));
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((r) => byId.get(r.id)).filter((r): r is ReviewEntity => r !== undefined);
  }

  /**
   * The records the caller would submit this week (their own customers: sent back and not resubmitted,
   * or changed since Monday in the team's time zone and not covered by a pending or approved review),
   * each with what the completeness check finds in it now, sent back first, then the latest changed.
   */
  async weeklySubmission(actor: Actor): Promise<WeeklySubmissionEntry[]> {
    const now = this.clock.now();
    const rows: Array<{ id: string; sent_back: boolean; timezone: string | null }> = await this.dataSource.query(
      `SELECT c.id, c.sent_back, t.timezone
         FROM (SELECT c.*, ${sentBackSql()} AS sent_back FROM wf_customer c WHERE c.owner_id = $1) c
         LEFT JOIN team t ON t.id = c.team_id
        WHERE c.sent_back
           OR ${changedUncoveredSql(weekStartSql('$2::timestamptz', 't.timezone'))}
        ORDER BY c.sent_back DESC, c.last_changed_at DESC, c.id
        LIMIT ${MAX_WEEKLY_SUBMISSION}`,
      [actor.userId, now],
    );
    if (rows.length === 0) return [];
    const customers = await this.dataSource.getRepository(CustomerProjectionEntity).findBy(rows.map((r) => ({ id: r.id })));
    const byId = new Map(customers.map((c) => [c.id, c]));
    const out: WeeklySubmissionEntry[] = [];
    for (const row of rows) {
      const customer = byId.get(row.id);
      if (!customer || !canReadCustomer(actor, customer)) continue;
      const timeZone = row.timezone ?? DEFAULT_TIME_ZONE;
      const findings: Finding[] = checkCompleteness(await this.snapshot(this.dataSource.manager, customer), now).map((f) => ({
        ...f,
        timeZone,
        message: writeText(DEFAULT_LOCALE, f.text, { timeZone }),
      }));
      out.push({ customerId: customer.id, sentBack: row.sent_back, changedAt: customer.lastChangedAt, findings });
    }
    return out;
  }

  /** The customer's latest decided review when it sent the record back (a new submission answers it). */
  private async sentBackBy(manager: EntityManager, customerId: string): Promise<string | null> {
    const [latest] = await manager.find(ReviewEntity, {
      where: { customerId },
      order: { decidedAt: { direction: 'DESC', nulls: 'LAST' }, submittedAt: 'DESC' },
      take: 1,
    });
    return latest?.status === 'CHANGES_REQUESTED' ? latest.id : null;
  }

  /** Reviews of each customer the caller may read, newest first (for Customer.reviews / latestReview). */
  async reviewsOfCustomers(actor: Actor, customerIds: readonly string[]): Promise<ReviewEntity[][]> {
    const customers = await this.dataSource.getRepository(CustomerProjectionEntity).find({
      where: customerIds.map((id) => ({ id })),
    });
    const readable = new Set(customers.filter((c) => canReadCustomer(actor, c)).map((c) => c.id));
    const rows = readable.size
      ? await this.dataSource.getRepository(ReviewEntity).find({
          where: [...readable].map((customerId) => ({ customerId })),
          order: { submittedAt: 'DESC', id: 'ASC' },
        })
      : [];
    return customerIds.map((id) => rows.filter((r) => r.customerId === id));
  }

  /** Reviews by id, without an access check (callers decide access themselves). */
  async byIds(ids: readonly string[]): Promise<ReviewEntity[]> {
    const valid = ids.filter((id) => UUID.test(id));
    return valid.length ? this.dataSource.getRepository(ReviewEntity).findBy(valid.map((id) => ({ id }))) : [];
  }

  /** Reviews by id that the caller may see (as `byId`), in one query for the reviews and one for their customers. */
  async visibleByIds(actor: Actor, ids: readonly string[]): Promise<Array<ReviewEntity | null>> {
    const rows = await this.byIds(ids);
    const open = rows.filter((r) => r.reviewerId !== actor.userId && r.submittedBy !== actor.userId);
    const customers = open.length
      ? await this.dataSource.getRepository(CustomerProjectionEntity).findBy([...new Set(open.map((r) => r.customerId))].map((id) => ({ id })))
      : [];
    const readable = new Set(customers.filter((c) => canReadCustomer(actor, c)).map((c) => c.id));
    const visible = new Map(
      rows
        .filter((r) => r.reviewerId === actor.userId || r.submittedBy === actor.userId || readable.has(r.customerId))
        .map((r) => [r.id, r]),
    );
    return ids.map((id) => visible.get(id) ?? null);
  }

  /** One review, if the caller may see it (its customer is readable, or they submitted or review it). */
  async byId(actor: Actor, id: string): Promise<ReviewEntity | null> {
    if (!UUID.test(id)) return null;
    const review = await this.dataSource.getRepository(ReviewEntity).findOneBy({ id });
    if (!review) return null;
    if (review.reviewerId === actor.userId || review.submittedBy === actor.userId) return review;
    const customer = await this.dataSource.getRepository(CustomerProjectionEntity).findOneBy({ id: review.customerId });
    return customer && canReadCustomer(actor, customer) ? review : null;
  }

  /** The team as routing sees it: a manager the directory says has left is no manager (ADMIN reviews). */
  private async teamOf(manager: EntityManager, teamId: string): Promise<TeamEntity | null> {
    const team = await manager.findOneBy(TeamEntity, { id: teamId });
    if (!team?.managerId) return team;
    const rows: Array<{ active: boolean }> = await manager.query(`SELECT active FROM directory_user WHERE id = $1`, [team.managerId]);
    return rows[0]?.active === false ? { ...team, managerId: null } : team;
  }

  private async snapshot(manager: EntityManager, customer: CustomerProjectionEntity): Promise<CompletenessSnapshot> {
    const id = customer.id;
    const [interactions, actions, needs, painPoints, changes] = await Promise.all([
      manager.query(`SELECT id, occurred_at, next_action_id, speculative_terms FROM wf_interaction WHERE customer_id = $1 ORDER BY occurred_at`, [id]),
      manager.query(`SELECT id, status, due_at, content FROM wf_next_action WHERE customer_id = $1`, [id]),
      manager.query(`SELECT id FROM wf_need WHERE customer_id = $1 AND active`, [id]),
      manager.query(`SELECT id, need_ids FROM wf_pain_point WHERE customer_id = $1 AND active`, [id]),
      manager.query(`SELECT event_id, from_stage, to_stage, at FROM wf_stage_change WHERE customer_id = $1 ORDER BY at, event_id`, [id]),
    ]);
    return {
      customer: {
        name: customer.name,
        industryCode: customer.industryCode,
        sourceChannel: customer.sourceChannel,
        firstContactDate: customer.firstContactDate,
        contactCount: customer.contactCount,
        stage: customer.stage,
      },
      interactions: interactions.map((r: { id: string; occurred_at: Date; next_action_id: string | null; speculative_terms: string[] }) => ({
        id: r.id,
        occurredAt: r.occurred_at,
        nextActionId: r.next_action_id,
        speculativeTerms: r.speculative_terms,
      })),
      nextActions: actions.map((r: { id: string; status: string; due_at: Date; content: string }) => ({
        id: r.id,
        status: r.status,
        dueAt: r.due_at,
        content: r.content,
      })),
      needIds: needs.map((r: { id: string }) => r.id),
      painPoints: painPoints.map((r: { id: string; need_ids: string[] }) => ({ id: r.id, needIds: r.need_ids })),
      stageChanges: changes.map((r: { event_id: string; from_stage: string | null; to_stage: string; at: Date }) => ({
        id: r.event_id,
        from: r.from_stage,
        to: r.to_stage,
        at: r.at,
      })),
    };
  }
}

