import type { DataSource, EntityManager } from 'typeorm';
import { recordEvents, type Logger } from '@salestrail/platform';
import type { EventOf, NewEvent } from '@salestrail/contract';
import { AccessLogService } from '../access-log/access-log.service';
import { customerEnvelope } from '../common/customer-write';
import { CUSTOMER_COLUMNS, type CustomerEntity } from '../customers/customer.entity';
import { moveCustomers } from '../transfers/move-customer';
import { HandOverEntity } from './hand-over.entity';

/** Customers (or customers whose open actions move) per transaction. */
export const HAND_OVER_BATCH = 200;

/** records' part of hand_over.requested, inside the consumer's transaction: the hand-over to carry out. */
export async function acceptHandOver(event: EventOf<'hand_over.requested'>, manager: EntityManager): Promise<void> {
  const p = event.payload;
  await manager.query(
    `INSERT INTO hand_over (id, from_user_id, to_user_id, scope_team_id, reason, actor, status, requested_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'RUNNING', $7) ON CONFLICT (id) DO NOTHING`,
    [p.handOverId, p.fromUserId, p.toUserId, p.scopeTeamId, p.reason, JSON.stringify(event.actor), p.requestedAt],
  );
}

type Step = 'customers' | 'actions' | 'done';

/**
 * Carries out hand-overs in batches, each batch one transaction: first the customers the person owns
 * (each with their open actions, a customer.transferred event and a transfer-history row carrying the
 * hand-over id), then the open actions they own on colleagues' customers (next_action.reassigned, kept in
 * next_action_reassignment). Every batch picks what is still the person's, so a pass stopped anywhere (a
 * crash, a shutdown, a failed batch) is resumed by the next one and nothing moves twice; the hand-over row
 * is locked per batch, so two passes (two replicas) never move the same rows. When nothing is left the
 * hand-over is COMPLETED and hand_over.completed tells workflow the counts.
 */
export class HandOverRunner {
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
    private readonly batchSize = HAND_OVER_BATCH,
    private readonly accessLog = new AccessLogService(dataSource),
  ) {}

  /** Runs every RUNNING hand-over (again, if a pass is under way). Resolves when the pass ends. */
  kick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.pass();
      } while (this.again && !this.stopped);
    })()
      .catch((err: unknown) => {
        this.logger.warn({ err }, 'hand-over pass failed; retrying soon');
        this.retry ??= setTimeout(() => {
          this.retry = null;
          void this.kick();
        }, 5_000).unref();
      })
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  /** Stops between batches; resolves once the batch under way has committed. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    await this.running;
  }

  private async pass(): Promise<void> {
    const pending: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM hand_over WHERE status = 'RUNNING' ORDER BY requested_at, id`,
    );
    for (const { id } of pending) {
      let step: Step = 'customers';
      while (step !== 'done' && !this.stopped) step = await this.batch(id, step);
    }
  }

  /** One batch of one hand-over, in one transaction; answers what to do next. */
  async batch(id: string, step: Step): Promise<Step> {
    return this.dataSource.transaction(async (manager) => {
      const h = await manager.findOne(HandOverEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!h || h.status !== 'RUNNING') return 'done';
      if (step === 'customers') return (await this.moveCustomers(manager, h)) > 0 ? 'customers' : 'actions';
      if ((await this.moveActions(manager, h)) > 0) return 'actions';
      await this.complete(manager, h);
      return 'done';
    });
  }

  private scope(h: HandOverEntity, alias: string, params: unknown[]): string {
    if (h.scopeTeamId === null) return 'TRUE';
    params.push(h.scopeTeamId);
    return `${alias}.team_id = $${params.length}`;
  }

  private async moveCustomers(manager: EntityManager, h: HandOverEntity): Promise<number> {
    const params: unknown[] = [h.fromUserId, this.batchSize];
    // Locked in id order, like transferCustomers, so the two never deadlock.
    const customers: CustomerEntity[] = await manager.query(
      `SELECT ${CUSTOMER_COLUMNS} FROM customer c WHERE c.owner_id = $1 AND ${this.scope(h, 'c', params)}
       ORDER BY c.id LIMIT $2 FOR UPDATE`,
      params,
    );
    if (customers.length === 0) return 0;
    const move = { toOwnerId: h.toUserId, toTeamId: null, reason: h.reason, actor: h.actor, now: this.now(), handOverId: h.id };
    const { events, nextActionsMoved } = await moveCustomers(manager, customers, move);
    await recordEvents(manager, events);
    await this.accessLog.record(h.actor, 'CUSTOMER_TRANSFERRED', customers.map((c) => c.id), {
      manager,
      detail: { toUserId: h.toUserId, toTeamId: null, reason: h.reason, handOverId: h.id },
    });
    await manager.query(
      `UPDATE hand_over SET customers_moved = customers_moved + $2, next_actions_moved = next_actions_moved + $3 WHERE id = $1`,
      [h.id, customers.length, nextActionsMoved],
    );
    return customers.length;
  }

  /** Open actions the person owns on customers that are not theirs, a batch of customers at a time. */
  private async moveActions(manager: EntityManager, h: HandOverEntity): Promise<number> {
    const params: unknown[] = [h.fromUserId, this.batchSize];
    const customers: CustomerEntity[] = await manager.query(
      `SELECT ${CUSTOMER_COLUMNS} FROM customer c
       WHERE c.id IN (SELECT a.customer_id FROM next_action a WHERE a.owner_id = $1 AND a.status = 'OPEN')
         AND ${this.scope(h, 'c', params)}
       ORDER BY c.id LIMIT $2 FOR UPDATE`,
      params,
    );
    if (customers.length === 0) return 0;
    const now = this.now();
    const actions: Array<{ id: string; customer_id: string }> = await manager.query(
      `WITH moved AS (
         UPDATE next_action SET owner_id = $3, updated_at = $4 WHERE customer_id = ANY($1::uuid[]) AND owner_id = $2 AND status = 'OPEN'
         RETURNING id, customer_id
       ) SELECT id, customer_id FROM moved ORDER BY customer_id, id`,
      [customers.map((c) => c.id), h.fromUserId, h.toUserId, now],
    );
    const touched = customers.filter((c) => actions.some((a) => a.customer_id === c.id));
    if (touched.length > 0) {
      // One version per customer for all its actions, as one mutation of the record.
      await manager.query(`UPDATE customer SET version = version + 1, updated_at = $2 WHERE id = ANY($1::uuid[])`, [touched.map((c) => c.id), now]);
      for (const c of touched) Object.assign(c, { version: c.version + 1, updatedAt: now });
      await manager.query(
        `INSERT INTO next_action_reassignment (next_action_id, customer_id, from_owner_id, to_owner_id, reason, hand_over_id, at, by_user_id)
         SELECT v.id, v.customer_id, $3, $4, $5, $6, $7, $8 FROM unnest($1::uuid[], $2::uuid[]) AS v(id, customer_id)`,
        [actions.map((a) => a.id), actions.map((a) => a.customer_id), h.fromUserId, h.toUserId, h.reason, h.id, now, h.actor.userId],
      );
      const byId = new Map(touched.map((c) => [c.id, c]));
      await recordEvents(
        manager,
        actions.map((a): NewEvent => {
          const customer = byId.get(a.customer_id)!;
          return {
            type: 'next_action.reassigned',
            ...customerEnvelope(customer, h.actor, now),
            payload: {
              nextActionId: a.id,
              customerId: customer.id,
              fromOwnerId: h.fromUserId,
              toOwnerId: h.toUserId,
              teamId: customer.teamId,
              reason: h.reason,
              handOverId: h.id,
              at: now.toISOString(),
            },
          };
        }),
      );
      await manager.query(`UPDATE hand_over SET next_actions_moved = next_actions_moved + $2 WHERE id = $1`, [h.id, actions.length]);
    }
    return customers.length;
  }

  private async complete(manager: EntityManager, h: HandOverEntity): Promise<void> {
    const now = this.now();
    await manager.update(HandOverEntity, { id: h.id }, { status: 'COMPLETED', completedAt: now });
    await recordEvents(manager, [
      {
        type: 'hand_over.completed',
        aggregateId: h.id,
        version: 2,
        teamId: h.scopeTeamId,
        actor: h.actor,
        occurredAt: now.toISOString(),
        payload: {
          handOverId: h.id,
          fromUserId: h.fromUserId,
          toUserId: h.toUserId,
          customersMoved: h.customersMoved,
          nextActionsMoved: h.nextActionsMoved,
          completedAt: now.toISOString(),
        },
      },
    ]);
    this.logger.info({ handOverId: h.id, customers: h.customersMoved, nextActions: h.nextActionsMoved }, 'hand-over completed');
  }
}
