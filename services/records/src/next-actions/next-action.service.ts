import { In, type DataSource, type EntityManager } from 'typeorm';
import { BadInputError, ConflictError, DEFAULT_TIME_ZONE, ForbiddenError, NotFoundError, recordEvents } from '@salestrail/platform';
import type { Actor } from '@salestrail/contract';
import { canManageNextAction, canReadCustomer, positionalReadScope } from '../common/access';
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

  /**
   * Open next actions of one owner (the caller unless `ownerId` names another), soonest deadline first:
   * the overdue ones (longest overdue first), then today's, this week's and later ones, by due time.
   * The caller sees an action on a customer they may read, and every action they own themselves (a
   * colleague may plan one for them on a customer that is not theirs). `counts` splits all the listed
   * actions by the calendar of `timeZone` (Monday-first weeks).
   */
  async openOf(
    actor: Actor,
    options: { ownerId?: string | null; first?: number | null; after?: string | null; timeZone?: string | null; withCount?: boolean },
  ): Promise<OpenActionsPage> {
    const first = options.first ?? 50;
    if (!Number.isInteger(first) || first < 0 || first > MAX_OPEN_ACTIONS_PAGE) {
      throw new BadInputError('first', 'OUT_OF_RANGE', `first must be between 0 and ${MAX_OPEN_ACTIONS_PAGE}`);
    }
    const timeZone = options.timeZone?.trim() || DEFAULT_TIME_ZONE;
    if (!isTimeZone(timeZone)) throw new BadInputError('timeZone', 'INVALID_TIME_ZONE', 'An IANA time zone such as Asia/Shanghai');
    const ownerId = options.ownerId?.trim() || actor.userId;
    const cursor = options.after ? decodeActionCursor(options.after) : null;
    if (ownerId.length > 128) throw new BadInputError('ownerId', 'TOO_LONG', 'ownerId holds at most 128 characters');
    const now = this.now();
    const scope = positionalReadScope(actor, 2);
    const visibleParams: unknown[] = [ownerId, actor.userId, ...scope.params];
    const visible = `a.status = 'OPEN' AND a.owner_id = $1 AND (a.owner_id = $2 OR EXISTS (SELECT 1 FROM customer c WHERE c.id = a.customer_id AND ${scope.sql}))`;
    const params = [...visibleParams];
    const at = `$${params.push(now)}::timestamptz`;
    const tz = `$${params.push(timeZone)}::text`;
    const tomorrow = `((date_trunc('day', ${at} AT TIME ZONE ${tz}) + interval '1 day') AT TIME ZONE ${tz})`;
    const nextMonday = `((date_trunc('week', ${at} AT TIME ZONE ${tz}) + interval '7 days') AT TIME ZONE ${tz})`;
    const countSql = `SELECT count(*)::int AS total,
        count(*) FILTER (WHERE a.due_at < ${at})::int AS overdue,
        count(*) FILTER (WHERE a.due_at >= ${at} AND a.due_at < ${tomorrow})::int AS today,
        count(*) FILTER (WHERE a.due_at >= ${tomorrow} AND a.due_at < ${nextMonday})::int AS "thisWeek",
        count(*) FILTER (WHERE a.due_at >= ${nextMonday})::int AS later
      FROM next_action a WHERE ${visible}`;
    const pageParams = [...visibleParams];
    const pageParam = (value: unknown) => `$${pageParams.push(value)}`;
    const page = cursor ? ` AND (a.due_at, a.id) > (${pageParam(cursor.dueAt)}, ${pageParam(cursor.id)}::uuid)` : '';
    const [rows, counted] = await Promise.all([
      this.dataSource.query(
        `SELECT ${NEXT_ACTION_COLUMNS} FROM next_action a WHERE ${visible}${page} ORDER BY a.due_at, a.id LIMIT ${pageParam(first + 1)}`,
        pageParams,
      ) as Promise<NextActionEntity[]>,
      options.withCount === false
        ? null
        : (this.dataSource.query(countSql, params) as Promise<Array<{ total: number; overdue: number; today: number; thisWeek: number; later: number }>>),
    ]);
    const c = counted?.[0];
    return {
      rows: rows.slice(0, first),
      hasNextPage: rows.length > first,
      totalCount: c?.total ?? 0,
      counts: { overdue: c?.overdue ?? 0, today: c?.today ?? 0, thisWeek: c?.thisWeek ?? 0, later: c?.later ?? 0 },
    };
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

export const MAX_OPEN_ACTIONS_PAGE = 100;

export interface OpenActionsPage {
  rows: NextActionEntity[];
  hasNextPage: boolean;
  totalCount: number;
  counts: { overdue: number; today: number; thisWeek: number; later: number };
}

function isTimeZone(zone: string): boolean {
  if (zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function encodeActionCursor(a: { dueAt: Date; id: string }): string {
  return Buffer.from(JSON.stringify(['due', a.dueAt.toISOString(), a.id])).toString('base64url');
}

function decodeActionCursor(cursor: string): { dueAt: Date; id: string } {
  try {
    const [kind, dueAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string, string];
    const date = new Date(dueAt);
    if (kind !== 'due' || typeof id !== 'string' || !isUuid(id) || Number.isNaN(date.getTime())) throw new Error('bad cursor');
    return { dueAt: date, id };
  } catch {
    throw new BadInputError('after', 'INVALID_CURSOR', 'Malformed cursor');
  }
}

/** OPEN and past its deadline. */
export function isOverdue(action: { status: string; dueAt: Date }, now: Date): boolean {
  return action.status === 'OPEN' && action.dueAt.getTime() < now.getTime();
}
