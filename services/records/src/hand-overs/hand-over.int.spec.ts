import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { applyEventOnce, createLogger } from '@salestrail/platform';
import { parseDomainEvent, type Actor } from '@salestrail/contract';
import { handleRecordsEvent } from '../events/records-event.handler';
import { recordsTestDataSource } from '../test/harness';
import { seedKit } from '../test/seed';
import { HandOverRunner } from './hand-over.runner';

const logger = createLogger('hand-over-test', 'silent');

describe('hand-overs carried out in batches (real Postgres)', () => {
  let ds: DataSource;
  let kit: ReturnType<typeof seedKit>;
  beforeAll(async () => {
    ds = await recordsTestDataSource();
    kit = seedKit(ds);
  });
  afterAll(() => ds.destroy());

  let seq = 2_000_000;
  /** workflow's hand_over.requested, as the consumer applies it. */
  async function requested(from: string, to: string, scopeTeamId: string | null, actor: Actor) {
    seq += 1;
    const handOverId = randomUUID();
    const event = parseDomainEvent({
      id: randomUUID(),
      producer: 'workflow',
      seq,
      type: 'hand_over.requested',
      version: 1,
      occurredAt: new Date().toISOString(),
      actor,
      teamId: scopeTeamId,
      aggregateId: handOverId,
      payload: { handOverId, fromUserId: from, toUserId: to, scopeTeamId, reason: '李明离职交接', requestedAt: new Date().toISOString() },
    });
    expect(await applyEventOnce(ds, event, handleRecordsEvent)).toBe(true);
    // Delivered again: nothing more.
    expect(await applyEventOnce(ds, event, handleRecordsEvent)).toBe(false);
    return handOverId;
  }

  /** `count` customers of `ownerId` in `teamId`, each with one open next action of theirs (plain SQL: thousands). */
  async function customersOf(ownerId: string, teamId: string, count: number, prefix: string): Promise<string[]> {
    const rows: Array<{ id: string }> = await ds.query(
      `INSERT INTO customer (name, normalized_name, kind, industry_code, source_channel, first_contact_date, stage, owner_id, team_id)
       SELECT $3 || g, $3 || g, 'ENTERPRISE', 'C34', 'TRADE_SHOW', '2024-03-15', 'LEAD_NURTURING', $1, $2 FROM generate_series(1, $4) g
       RETURNING id`,
      [ownerId, teamId, prefix, count],
    );
    await ds.query(
      `INSERT INTO next_action (customer_id, content, owner_id, due_at, status, created_at, updated_at)
       SELECT id, '发送产品详细参数表至客户邮箱', $2, now() + interval '3 days', 'OPEN', now(), now() FROM unnest($1::uuid[]) AS id`,
      [rows.map((r) => r.id), ownerId],
    );
    return rows.map((r) => r.id);
  }

  const ownersOf = async (ids: string[]) =>
    Object.fromEntries(
      ((await ds.query(`SELECT owner_id, count(*)::int AS n FROM customer WHERE id = ANY($1) GROUP BY owner_id`, [ids])) as Array<{ owner_id: string; n: number }>).map(
        (r) => [r.owner_id, r.n],
      ),
    );
  const handOver = async (id: string) => (await ds.query(`SELECT status, customers_moved, next_actions_moved FROM hand_over WHERE id = $1`, [id]))[0];
  const eventsOf = async (handOverId: string) =>
    (await ds.query(`SELECT type, count(*)::int AS n FROM outbox_event WHERE payload->>'handOverId' = $1 GROUP BY type ORDER BY type`, [handOverId])) as Array<{
      type: string;
      n: number;
    }>;

  it('hands 5 000 customers, their open actions and the actions on colleagues’ customers to the successor, in batches', async () => {
    const team = await kit.team();
    const from = team.rep.userId;
    const to = team.otherRep.userId;
    const mine = await customersOf(from, team.teamId, 5_000, `交接客户-${team.teamId}-`);
    // An action of the leaving rep on a colleague's customer moves alone; the colleague keeps the customer.
    const colleagues = await team.customer('同事的客户', team.manager);
    await team.interaction(colleagues, team.manager, {
      needs: [],
      painPoints: [],
      nextAction: { content: '安排技术人员到现场调研ERP接口', ownerId: from, dueAt: new Date('2024-03-28T10:00:00Z') },
    });
    const versionBefore = (await ds.query(`SELECT version FROM customer WHERE id = $1`, [colleagues.id]))[0].version as number;

    const id = await requested(from, to, team.teamId, team.manager);
    const runner = new HandOverRunner(ds, logger);
    await runner.kick();

    expect(await ownersOf(mine)).toEqual({ [to]: 5_000 });
    expect(await handOver(id)).toEqual({ status: 'COMPLETED', customers_moved: 5_000, next_actions_moved: 5_001 });
    const open = await ds.query(`SELECT owner_id, count(*)::int AS n FROM next_action WHERE customer_id = ANY($1) AND status = 'OPEN' GROUP BY owner_id`, [
      [...mine, colleagues.id],
    ]);
    expect(open).toEqual([{ owner_id: to, n: 5_001 }]);
    expect((await ds.query(`SELECT owner_id, version FROM customer WHERE id = $1`, [colleagues.id]))[0]).toEqual({
      owner_id: team.manager.userId,
      version: versionBefore + 1,
    });
    // Who held each customer when: one transfer per customer, naming the hand-over.
    const history = await ds.query(
      `SELECT count(*)::int AS n, count(DISTINCT customer_id)::int AS customers FROM customer_transfer WHERE hand_over_id = $1 AND from_owner_id = $2 AND to_owner_id = $3`,
      [id, from, to],
    );
    expect(history).toEqual([{ n: 5_000, customers: 5_000 }]);
    const [period] = (await kit.services.transfers.historyOf([mine[0]!])).map((t) => t.handOverId);
    expect(period).toBe(id);
    expect(await ds.query(`SELECT from_owner_id, to_owner_id FROM next_action_reassignment WHERE hand_over_id = $1`, [id])).toEqual([
      { from_owner_id: from, to_owner_id: to },
    ]);
    expect(await eventsOf(id)).toEqual([
      { type: 'customer.transferred', n: 5_000 },
      { type: 'hand_over.completed', n: 1 },
      { type: 'next_action.reassigned', n: 1 },
    ]);
    const [done] = await ds.query(`SELECT payload, actor FROM outbox_event WHERE type = 'hand_over.completed' AND aggregate_id = $1`, [id]);
    expect(done.payload).toMatchObject({ customersMoved: 5_000, nextActionsMoved: 5_001, fromUserId: from, toUserId: to });
    expect(done.actor).toMatchObject({ userId: team.manager.userId });
    expect(await ds.query(`SELECT count(*)::int AS n FROM access_log WHERE detail->>'handOverId' = $1`, [id])).toEqual([{ n: 5_000 }]);

    // Kicked again: nothing left to do, nothing written.
    const outbox = await ds.query(`SELECT count(*)::int AS n FROM outbox_event`);
    await runner.kick();
    expect(await ds.query(`SELECT count(*)::int AS n FROM outbox_event`)).toEqual(outbox);
  }, 120_000);

  it('resumes after a stop mid-way and moves nothing twice, also with two runners at once', async () => {
    const team = await kit.team();
    const from = team.rep.userId;
    const to = team.otherRep.userId;
    const mine = await customersOf(from, team.teamId, 60, `续传客户-${team.teamId}-`);
    const id = await requested(from, to, null, team.admin);

    // A process that dies after two batches of 7 (the batches committed, the rest untouched).
    const crashed = new HandOverRunner(ds, logger, undefined, 7);
    expect(await crashed.batch(id, 'customers')).toBe('customers');
    expect(await crashed.batch(id, 'customers')).toBe('customers');
    expect(await ownersOf(mine)).toEqual({ [from]: 46, [to]: 14 });
    expect(await handOver(id)).toEqual({ status: 'RUNNING', customers_moved: 14, next_actions_moved: 14 });

    // Two replicas resume it at once: each customer still moves exactly once.
    await Promise.all([new HandOverRunner(ds, logger, undefined, 5).kick(), new HandOverRunner(ds, logger, undefined, 9).kick()]);
    expect(await ownersOf(mine)).toEqual({ [to]: 60 });
    expect(await handOver(id)).toEqual({ status: 'COMPLETED', customers_moved: 60, next_actions_moved: 60 });
    const transfers = await ds.query(`SELECT count(*)::int AS n, count(DISTINCT customer_id)::int AS d FROM customer_transfer WHERE hand_over_id = $1`, [id]);
    expect(transfers).toEqual([{ n: 60, d: 60 }]);
    // Every customer's version went up by exactly one.
    expect(await ds.query(`SELECT DISTINCT version FROM customer WHERE id = ANY($1)`, [mine])).toEqual([{ version: 2 }]);
    expect(await eventsOf(id)).toEqual([
      { type: 'customer.transferred', n: 60 },
      { type: 'hand_over.completed', n: 1 },
    ]);
  });

  it("a manager's hand-over moves only their team's records", async () => {
    const team = await kit.team();
    const other = await kit.team();
    const from = team.rep.userId;
    const inTeam = await customersOf(from, team.teamId, 3, `本组客户-${team.teamId}-`);
    // The rep also owns a customer an ADMIN moved to another team: not the manager's to hand over.
    const elsewhere = await customersOf(from, other.teamId, 1, `外组客户-${team.teamId}-`);
    const id = await requested(from, team.otherRep.userId, team.teamId, team.manager);
    await new HandOverRunner(ds, logger).kick();
    expect(await ownersOf(inTeam)).toEqual({ [team.otherRep.userId]: 3 });
    expect(await ownersOf(elsewhere)).toEqual({ [from]: 1 });
    expect(await handOver(id)).toMatchObject({ status: 'COMPLETED', customers_moved: 3 });
  });
});
