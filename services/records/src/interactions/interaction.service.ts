import { randomUUID } from 'node:crypto';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { BadInputError, recordEvents } from '@salestrail/platform';
import type { Actor, NewEvent } from '@salestrail/contract';
import { customerEnvelope, lockCustomerForWrite } from '../common/customer-write';
import { assertIdReference, isUuid } from '../common/ids';
import { assertDefaultOwnerActive, assertOwnerAllowed } from '../directory/owner-rules';
import { decodeCursor } from '../customers/customer.service';
import type { CustomerEntity } from '../customers/customer.entity';
import { NeedEntity, PainPointEntity } from '../needs/need.entity';
import { NextActionEntity } from '../next-actions/next-action.entity';
import { isVagueNextAction } from '../next-actions/vague-actions';
import { speculativeTerms } from './speculative-wording';
import { INTERACTION_COLUMNS, InteractionEntity } from './interaction.entity';
import type { LogInteractionInput } from './interaction.inputs';

/** Clock skew tolerated before an occurredAt counts as future. */
export const CLOCK_SKEW_MS = 5 * 60_000;
/** The form asks for a record within 24 hours of every contact. */
export const LATE_AFTER_MS = 24 * 3600_000;
export const MAX_INTERACTION_PAGE = 100;

export interface LoggedInteraction {
  interaction: InteractionEntity;
  nextAction: NextActionEntity;
  needs: NeedEntity[];
  painPoints: PainPointEntity[];
}

/**
 * Logging a communication: the interaction, the needs and pain points it adds and its mandatory
 * next action, in one transaction with their events.
 */
export class InteractionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async log(actor: Actor, input: LogInteractionInput): Promise<LoggedInteraction> {
    assertIdReference(input.customerId, 'customerId');
    const loggedAt = this.now();
    if (input.occurredAt.getTime() > loggedAt.getTime() + CLOCK_SKEW_MS) {
      throw new BadInputError('occurredAt', 'FUTURE_DATE', 'An interaction cannot have happened in the future');
    }
    const occurredAt = new Date(Math.floor(input.occurredAt.getTime() / 60_000) * 60_000);
    const summary = input.summary.trim();
    if (!summary) throw new BadInputError('summary', 'REQUIRED', 'The summary is required');
    const content = input.nextAction.content.trim();
    if (isVagueNextAction(content)) {
      throw new BadInputError(
        'nextAction.content',
        'VAGUE_NEXT_ACTION',
        'The next action must be concrete: say what will be done (e.g. "发送产品详细参数表至客户邮箱", not "跟进客户")',
      );
    }
    if (input.nextAction.dueAt.getTime() <= occurredAt.getTime()) {
      throw new BadInputError('nextAction.dueAt', 'DUE_BEFORE_OCCURRED', 'The deadline must be after the interaction');
    }
    const needInputs = (input.needs ?? []).map((n, i) => {
      const description = n.description.trim();
      if (!description) throw new BadInputError(`needs.${i}.description`, 'REQUIRED', 'A need needs a description');
      return { kind: n.kind, description };
    });
    const painInputs = (input.painPoints ?? []).map((p, i) => {
      const description = p.description.trim();
      if (!description) throw new BadInputError(`painPoints.${i}.description`, 'REQUIRED', 'A pain point needs a description');
      const indexes = [...new Set(p.needIndexes ?? [])];
      for (const index of indexes) {
        if (!Number.isInteger(index) || index < 0 || index >= needInputs.length) {
          throw new BadInputError(`painPoints.${i}.needIndexes`, 'OUT_OF_RANGE', `No need at index ${index} in this input`);
        }
      }
      const ids = [...new Set(p.needIds ?? [])];
      ids.forEach((id, j) => assertIdReference(id, `painPoints.${i}.needIds.${j}`));
      if (indexes.length === 0 && ids.length === 0) {
        throw new BadInputError(`painPoints.${i}`, 'PAIN_POINT_WITHOUT_NEED', 'Every pain point must correspond to a need');
      }
      return { description, indexes, ids };
    });
    const ownerInput = input.nextAction.ownerId?.trim();

    return this.dataSource.transaction(async (manager) => {
      const customer = await lockCustomerForWrite(manager, actor, input.customerId, 'LOG_INTERACTION');
      if (ownerInput) {
        await assertOwnerAllowed(manager, actor, ownerInput, { field: 'nextAction.ownerId', kind: 'NEXT_ACTION', teamId: customer.teamId });
      } else {
        await assertDefaultOwnerActive(manager, customer.ownerId, 'nextAction.ownerId');
      }
      const referenced = [...new Set(painInputs.flatMap((p) => p.ids))];
      if (referenced.length > 0) {
        const active = await manager.find(NeedEntity, {
          where: { id: In(referenced), customerId: customer.id, active: true },
        });
        const known = new Set(active.map((n) => n.id));
        painInputs.forEach((p, i) =>
          p.ids.forEach((id, j) => {
            if (!known.has(id)) {
              throw new BadInputError(`painPoints.${i}.needIds.${j}`, 'UNKNOWN_NEED', `No active need ${id} on this customer`);
            }
          }),
        );
      }
      const interactionId = randomUUID();
      const nextActionId = randomUUID();
      const interaction = manager.create(InteractionEntity, {
        id: interactionId,
        customerId: customer.id,
        occurredAt,
        method: input.method,
        summary,
        // Set by the insert: no earlier (or simultaneous) interaction of this customer exists.
        isFirstContact: false,
        loggedAt,
        loggedLate: loggedAt.getTime() - occurredAt.getTime() > LATE_AFTER_MS,
        authorId: actor.userId,
        nextActionId,
      });
      const nextAction = manager.create(NextActionEntity, {
        id: nextActionId,
        customerId: customer.id,
        interactionId,
        content,
        ownerId: ownerInput || customer.ownerId,
        dueAt: input.nextAction.dueAt,
        status: 'OPEN',
        completedAt: null,
        completionNote: null,
        cancelledAt: null,
        cancelReason: null,
        rescheduleCount: 0,
        lastRescheduleReason: null,
        createdAt: loggedAt,
        updatedAt: loggedAt,
      });

      const needs = needInputs.map((n, position) =>
        manager.create(NeedEntity, {
          position,
          id: randomUUID(),
          customerId: customer.id,
          interactionId,
          kind: n.kind,
          description: n.description,
          active: true,
          retiredAt: null,
          retiredReason: null,
          createdAt: loggedAt,
          updatedAt: loggedAt,
        }),
      );
      const painPoints = painInputs.map((p, position) =>
        manager.create(PainPointEntity, {
          position,
          id: randomUUID(),
          customerId: customer.id,
          interactionId,
          description: p.description,
          needIds: [...new Set([...p.indexes.map((i) => needs[i]!.id), ...p.ids])],
          active: true,
          retiredAt: null,
          retiredReason: null,
          createdAt: loggedAt,
          updatedAt: loggedAt,
        }),
      );
      // The rows and the version bump in one statement, the events in a second one.
      Object.assign(customer, { version: customer.version + 1, updatedAt: loggedAt });
      const firstContact = await insertLoggedRows(manager, actor, { customer, interaction, nextAction, needs, painPoints, at: loggedAt });
      interaction.isFirstContact = firstContact.isFirstContact;
      const envelope = customerEnvelope(customer, actor, loggedAt);
      const events: NewEvent[] = [
        {
          type: 'interaction.logged',
          ...envelope,
          payload: {
            interactionId,
            customerId: customer.id,
            occurredAt: occurredAt.toISOString(),
            loggedAt: loggedAt.toISOString(),
            method: interaction.method,
            isFirstContact: interaction.isFirstContact,
            ...(firstContact.supersededId ? { supersededFirstContactId: firstContact.supersededId } : {}),
            loggedLate: interaction.loggedLate,
            speculativeTerms: speculativeTerms(summary),
            authorId: actor.userId,
            ownerId: customer.ownerId,
            teamId: customer.teamId,
            nextActionId,
            needIds: needs.map((n) => n.id),
            painPointIds: painPoints.map((p) => p.id),
          },
        },
        ...needs.map(
          (n): NewEvent => ({
            type: 'need.recorded',
            ...envelope,
            payload: { needId: n.id, customerId: customer.id, kind: n.kind, description: n.description, interactionId },
          }),
        ),
        ...painPoints.map(
          (p): NewEvent => ({
            type: 'pain_point.recorded',
            ...envelope,
            payload: { painPointId: p.id, customerId: customer.id, description: p.description, needIds: p.needIds, interactionId },
          }),
        ),
        {
          type: 'next_action.created',
          ...envelope,
          payload: {
            nextActionId,
            customerId: customer.id,
            interactionId,
            content,
            ownerId: nextAction.ownerId,
            teamId: customer.teamId,
            dueAt: nextAction.dueAt.toISOString(),
            createdAt: loggedAt.toISOString(),
          },
        },
      ];
      await recordEvents(manager, events);
      return { interaction, nextAction, needs, painPoints };
    });
  }

  /**
   * Interactions of several customers, newest first (by occurredAt, then id), one page each, in one
   * query (each customer's page read from the (customer, occurred_at, id) index); `after` is a cursor
   * from a previous page. `withCount` adds each customer's total in a second query; without it the
   * totals read 0.
   */
  async pageOf(
    customerIds: readonly string[],
    first: number,
    after: string | null,
    withCount = true,
  ): Promise<Map<string, { rows: InteractionEntity[]; hasNextPage: boolean; totalCount: number }>> {
    if (!Number.isInteger(first) || first < 0 || first > MAX_INTERACTION_PAGE) {
      throw new BadInputError('first', 'OUT_OF_RANGE', `first must be between 0 and ${MAX_INTERACTION_PAGE}`);
    }
    const cursor = after ? decodeCursor(after) : null;
    const ids = [...new Set(customerIds.filter(isUuid))];
    const params: unknown[] = [ids, first + 1];
    let cursorSql = '';
    if (cursor) {
      params.push(cursor.createdAt, cursor.id);
      cursorSql = 'AND (i.occurred_at, i.id) < ($3, $4)';
    }
    const [rows, totals] = await Promise.all([
      ids.length === 0
        ? ([] as InteractionEntity[])
        : (this.dataSource.query(
            `SELECT p.* FROM unnest($1::uuid[]) AS c(id)
             CROSS JOIN LATERAL (
               SELECT ${INTERACTION_COLUMNS} FROM interaction i
               WHERE i.customer_id = c.id ${cursorSql}
               ORDER BY i.occurred_at DESC, i.id DESC LIMIT $2
             ) p`,
            params,
          ) as Promise<InteractionEntity[]>),
      withCount && ids.length > 0
        ? (this.dataSource.query(
            `SELECT customer_id AS "customerId", count(*)::int AS total FROM interaction WHERE customer_id = ANY($1::uuid[]) GROUP BY customer_id`,
            [ids],
          ) as Promise<Array<{ customerId: string; total: number }>>)
        : [],
    ]);
    const byCustomer = new Map<string, InteractionEntity[]>();
    for (const row of rows) {
      const list = byCustomer.get(row.customerId);
      if (list) list.push(row);
      else byCustomer.set(row.customerId, [row]);
    }
    const totalOf = new Map(totals.map((t) => [t.customerId, t.total]));
    const result = new Map<string, { rows: InteractionEntity[]; hasNextPage: boolean; totalCount: number }>();
    for (const id of customerIds) {
      const mine = byCustomer.get(id) ?? [];
      result.set(id, { rows: mine.slice(0, first), hasNextPage: mine.length > first, totalCount: totalOf.get(id) ?? 0 });
    }
    return result;
  }
}

/**
 * Writes everything a logged interaction adds — the interaction, its next action, the needs and pain
 * points with their first revision (RECORDED) — and the customer's version bump in one statement of
 * data-modifying CTEs (multi-row inserts; the foreign keys between these rows are checked at the end of
 * the statement). The customer row is locked by the caller and already carries its new version.
 *
 * Exactly one interaction of a customer is its first contact: the earliest (by `occurredAt`; of two at
 * the same minute, the one logged first). It is decided in the same statement: its snapshot is taken
 * after the customer lock, so it sees every interaction committed for this customer, and not the one
 * this statement inserts. An interaction that happened before the current first contact takes the flag
 * from it in the same statement. Returns the flag and the interaction that lost it, if any.
 */
async function insertLoggedRows(
  manager: EntityManager,
  actor: Actor,
  rows: {
    customer: CustomerEntity;
    interaction: InteractionEntity;
    nextAction: NextActionEntity;
    needs: NeedEntity[];
    painPoints: PainPointEntity[];
    at: Date;
  },
): Promise<{ isFirstContact: boolean; supersededId: string | null }> {
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const values = (list: unknown[][]) => list.map((row) => `(${row.map(param).join(', ')})`).join(', ');
  const { customer, interaction: i, nextAction: a, needs, painPoints, at } = rows;
  const [customerId, occurredAt] = [param(i.customerId), param(i.occurredAt)];
  const ctes = [
    `i AS (INSERT INTO interaction (id, customer_id, occurred_at, method, summary, is_first_contact, logged_at, logged_late, author_id, next_action_id)
       SELECT ${param(i.id)}, ${customerId}::uuid, ${occurredAt}::timestamptz, ${param(i.method)}, ${param(i.summary)},
         NOT EXISTS (SELECT 1 FROM interaction e WHERE e.customer_id = ${customerId}::uuid AND e.occurred_at <= ${occurredAt}::timestamptz),
         ${param(i.loggedAt)}::timestamptz, ${param(i.loggedLate)}::boolean, ${param(i.authorId)}, ${param(i.nextActionId)}::uuid
       RETURNING is_first_contact)`,
    // The previous first contact happened after this one (an earlier communication logged late).
    `f AS (UPDATE interaction SET is_first_contact = false
       WHERE customer_id = ${customerId}::uuid AND is_first_contact AND occurred_at > ${occurredAt}::timestamptz
       RETURNING id)`,
    `a AS (INSERT INTO next_action (id, customer_id, interaction_id, content, owner_id, due_at, status, completed_at, completion_note,
         cancelled_at, cancel_reason, reschedule_count, last_reschedule_reason, created_at, updated_at)
       VALUES ${values([[a.id, a.customerId, a.interactionId, a.content, a.ownerId, a.dueAt, a.status, a.completedAt, a.completionNote, a.cancelledAt, a.cancelReason, a.rescheduleCount, a.lastRescheduleReason, a.createdAt, a.updatedAt]])})`,
  ];
  if (needs.length > 0) {
    ctes.push(
      `n AS (INSERT INTO need (id, customer_id, interaction_id, kind, description, active, retired_at, retired_reason, position, created_at, updated_at)
         VALUES ${values(needs.map((n) => [n.id, n.customerId, n.interactionId, n.kind, n.description, n.active, n.retiredAt, n.retiredReason, n.position, n.createdAt, n.updatedAt]))})`,
      `nr AS (INSERT INTO need_revision (need_id, change, kind, description, reason, at, by_user_id)
         VALUES ${values(needs.map((n) => [n.id, 'RECORDED', n.kind, n.description, null, at, actor.userId]))})`,
    );
  }
  if (painPoints.length > 0) {
    ctes.push(
      `p AS (INSERT INTO pain_point (id, customer_id, interaction_id, description, need_ids, active, retired_at, retired_reason, position, created_at, updated_at)
         VALUES ${values(painPoints.map((p) => [p.id, p.customerId, p.interactionId, p.description, p.needIds, p.active, p.retiredAt, p.retiredReason, p.position, p.createdAt, p.updatedAt]))})`,
      `pr AS (INSERT INTO pain_point_revision (pain_point_id, change, description, need_ids, reason, at, by_user_id)
         VALUES ${values(painPoints.map((p) => [p.id, 'RECORDED', p.description, p.needIds, null, at, actor.userId]))})`,
    );
  }
  ctes.push(`u AS (UPDATE customer SET version = ${param(customer.version)}, updated_at = ${param(customer.updatedAt)} WHERE id = ${param(customer.id)})`);
  const [row] = (await manager.query(
    `WITH ${ctes.join(',\n')}\nSELECT is_first_contact AS "isFirstContact", (SELECT id FROM f) AS "supersededId" FROM i`,
    params,
  )) as [{ isFirstContact: boolean; supersededId: string | null }];
  return row;
}
