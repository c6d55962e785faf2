import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { BadInputError, ConflictError, ForbiddenError, recordEvents } from '@salestrail/platform';
import { CUSTOMER_OWNER_ROLES, type Actor, type EventOf } from '@salestrail/contract';
import { canHandOver } from '../common/access';
import type { Clock } from '../common/clock';
import { peopleNames } from '../directory/names';
import { wf } from '../i18n/texts';
import type { UserEntity } from '../directory/user.entity';
import { assertUserId } from '../directory/directory.service';
import type { UserRepository } from '../directory/user.repository';
import type { CreatedNotification, NotificationDispatcher, NotificationService } from '../notifications/notification.service';
import { HandOverEntity, type HandOverStatusValue } from './hand-over.entity';

export const MAX_HAND_OVER_LIST = 100;

export interface StartedHandOver {
  handOver: HandOverEntity;
  created: CreatedNotification[];
}

/**
 * Hand-over of everything a person holds to a successor, as one operation: the pending reviews they
 * submitted or must decide move here at once (kept in hand_over_review); the customers and open next
 * actions (and with them the reminders, which follow the action's owner) move in records, in batches,
 * when it applies hand_over.requested; records answers hand_over.completed with the counts. Asking again
 * while a hand-over of the same person to the same successor runs returns it: nothing happens twice.
 */
export class HandOverService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly people: UserRepository,
    private readonly notifications: NotificationService,
    private readonly dispatcher: NotificationDispatcher,
  ) {}

  /** `handOver(fromUserId, toUserId, reason)`: ADMIN anyone's, a manager within their team. */
  async request(actor: Actor, fromUserId: string, toUserId: string, reason: string): Promise<HandOverEntity> {
    if (actor.role !== 'ADMIN' && actor.role !== 'SALES_MANAGER') throw new ForbiddenError(`${actor.role} may not hand over`);
    const started = await this.dataSource.transaction(async (manager) => {
      const [from] = await this.people.byIds([fromUserId], manager);
      if (!from) throw new BadInputError('fromUserId', 'UNKNOWN_USER', `The directory does not hold ${fromUserId}`);
      return this.start(manager, actor, from, toUserId, reason, 'toUserId');
    });
    await this.afterStart(started);
    return started.handOver;
  }

  /**
   * Starts (or returns the running) hand-over of `from`'s holdings to `toUserId`, inside the caller's
   * transaction. `field` names the successor in errors (`toUserId` or `successorId`).
   */
  async start(
    manager: EntityManager,
    actor: Actor,
    from: UserEntity,
    toUserId: string,
    reason: string,
    field: string,
  ): Promise<StartedHandOver> {
    if (!canHandOver(actor, from)) {
      throw new ForbiddenError(actor.role === 'SALES_MANAGER' ? 'A manager hands over within their own team only' : `${actor.role} may not hand over`);
    }
    const cleanReason = reason.trim();
    if (!cleanReason) throw new BadInputError('reason', 'REASON_REQUIRED', 'A reason is required');
    if (cleanReason.length > 1000 || cleanReason.includes('\u0000')) {
      throw new BadInputError('reason', cleanReason.length > 1000 ? 'TOO_LONG' : 'INVALID_CHARACTER', 'Not a usable reason');
    }
    const [to] = await this.people.byIds([toUserId], manager);
    if (!to) throw new BadInputError(field, 'UNKNOWN_USER', `The directory does not hold ${toUserId}`);
    if (!to.active) throw new BadInputError(field, 'INACTIVE_USER', `${to.name} is no longer active`);
    if (to.id === from.id) throw new BadInputError(field, 'SAME_OWNER', 'A person cannot hand over to themself');
    if (!CUSTOMER_OWNER_ROLES.includes(to.role)) {
      throw new BadInputError(field, 'OWNER_NOT_ALLOWED', `A ${to.role} does not own customers`);
    }
    if (actor.role !== 'ADMIN' && to.teamId !== actor.teamId) {
      throw new BadInputError(field, 'OWNER_NOT_ALLOWED', 'A manager hands over to people of their own team only');
    }
    const running: HandOverEntity[] = await manager.query(
      `SELECT id FROM hand_over WHERE from_user_id = $1 AND status = 'RUNNING' FOR UPDATE`,
      [from.id],
    );
    if (running[0]) {
      const existing = await manager.findOneByOrFail(HandOverEntity, { id: running[0].id });
      if (existing.toUserId === to.id) return { handOver: existing, created: [] };
      throw new ConflictError(`${from.name}'s hand-over to someone else is still running`, 'HAND_OVER_RUNNING');
    }
    const now = this.clock.now();
    const handOver = manager.create(HandOverEntity, {
      id: randomUUID(),
      fromUserId: from.id,
      toUserId: to.id,
      teamId: from.teamId,
      scopeTeamId: actor.role === 'ADMIN' ? null : actor.teamId,
      reason: cleanReason,
      status: 'RUNNING',
      requestedBy: actor.userId,
      requestedAt: now,
      reviewsMoved: 0,
      customersMoved: null,
      nextActionsMoved: null,
      completedAt: null,
    });
    await manager.insert(HandOverEntity, handOver);
    handOver.reviewsMoved = await this.moveReviews(manager, handOver);
    await manager.update(HandOverEntity, { id: handOver.id }, { reviewsMoved: handOver.reviewsMoved });
    await recordEvents(manager, [
      {
        type: 'hand_over.requested',
        aggregateId: handOver.id,
        version: 1,
        teamId: handOver.teamId,
        actor,
        occurredAt: now.toISOString(),
        payload: {
          handOverId: handOver.id,
          fromUserId: from.id,
          toUserId: to.id,
          scopeTeamId: handOver.scopeTeamId,
          reason: cleanReason,
          requestedAt: now.toISOString(),
        },
      },
    ]);
    const name = await peopleNames(manager, [actor.userId]);
    const n = await this.notifications.create(manager, {
      recipientId: to.id,
      teamId: to.teamId,
      kind: 'HAND_OVER_RECEIVED',
      title: wf('handOver.title', { from: from.name }),
      body: wf('handOver.body', { actor: name(actor.userId), from: from.name, count: handOver.reviewsMoved, reason: cleanReason }),
      dedupeKey: `hand-over-${handOver.id}`,
    });
    return { handOver, created: n ? [n] : [] };
  }

  /** After the hand-over's transaction committed: its notification goes out. */
  async afterStart(started: StartedHandOver): Promise<void> {
    await this.dispatcher.dispatch(started.created);
  }

  /**
   * Pending reviews the person submitted become the successor's (the decision reaches them) and those
   * they must decide too; each move is kept in hand_over_review. Returns how many reviews moved.
   */
  private async moveReviews(manager: EntityManager, h: HandOverEntity): Promise<number> {
    const moved: Array<{ review_id: string }> = await manager.query(
      `WITH submitted AS (
         UPDATE review SET submitted_by = $3
         WHERE status = 'PENDING' AND submitted_by = $2 AND ($4::text IS NULL OR team_id = $4) RETURNING id
       ), deciding AS (
         UPDATE review SET reviewer_id = $3
         WHERE status = 'PENDING' AND reviewer_id = $2 AND ($4::text IS NULL OR team_id = $4) RETURNING id
       )
       INSERT INTO hand_over_review (hand_over_id, review_id, part, from_user_id, to_user_id)
       SELECT $1::uuid, id, 'SUBMITTER', $2, $3 FROM submitted
       UNION ALL SELECT $1::uuid, id, 'REVIEWER', $2, $3 FROM deciding
       RETURNING review_id`,
      [h.id, h.fromUserId, h.toUserId, h.scopeTeamId],
    );
    return new Set(moved.map((r) => r.review_id)).size;
  }

  /** records' hand_over.completed: the customers and open actions have moved. */
  async completed(event: EventOf<'hand_over.completed'>, manager: EntityManager): Promise<void> {
    const p = event.payload;
    await manager.query(
      `UPDATE hand_over SET status = 'COMPLETED', customers_moved = $2, next_actions_moved = $3, completed_at = $4
       WHERE id = $1 AND status = 'RUNNING'`,
      [p.handOverId, p.customersMoved, p.nextActionsMoved, p.completedAt],
    );
  }

  /** Hand-overs the caller may read: ADMIN all, a manager their team's, anyone those they give or receive. */
  async list(
    actor: Actor,
    filter: { userId?: string | null; status?: HandOverStatusValue | null; first?: number | null },
  ): Promise<HandOverEntity[]> {
    const first = filter.first ?? 50;
    if (!Number.isInteger(first) || first < 0 || first > MAX_HAND_OVER_LIST) {
      throw new BadInputError('first', 'OUT_OF_RANGE', `first must be between 0 and ${MAX_HAND_OVER_LIST}`);
    }
    const params: unknown[] = [];
    const param = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const conditions: string[] = [];
    if (actor.role === 'SALES_MANAGER' && actor.teamId) {
      const team = param(actor.teamId);
      const me = param(actor.userId);
      conditions.push(`(h.team_id = ${team} OR h.scope_team_id = ${team} OR h.from_user_id = ${me} OR h.to_user_id = ${me})`);
    } else if (actor.role !== 'ADMIN') {
      const me = param(actor.userId);
      conditions.push(`(h.from_user_id = ${me} OR h.to_user_id = ${me})`);
    }
    if (filter.userId) {
      const user = param(assertUserId(filter.userId, 'userId'));
      conditions.push(`(h.from_user_id = ${user} OR h.to_user_id = ${user})`);
    }
    if (filter.status) conditions.push(`h.status = ${param(filter.status)}`);
    const where = conditions.length ? conditions.join(' AND ') : 'TRUE';
    const ids: Array<{ id: string }> = await this.dataSource.query(
      `SELECT h.id FROM hand_over h WHERE ${where} ORDER BY h.requested_at DESC, h.id LIMIT ${param(first)}`,
      params,
    );
    if (ids.length === 0) return [];
    const rows = await this.dataSource.getRepository(HandOverEntity).findBy(ids.map((r) => ({ id: r.id })));
    return ids.map((r) => rows.find((x) => x.id === r.id)!);
  }
}
