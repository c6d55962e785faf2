import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { applyEventOnce } from '@salestrail/platform';
import type { DomainEvent } from '@salestrail/contract';
import { tamperWith, testDatabaseUrl } from '@salestrail/testkit';
import { handleRecordsEvent } from '../events/records-event.handler';
import { recordsTestDataSource } from '../test/harness';
import { seedKit } from '../test/seed';

/** What the database answers (access_log's own UPDATE/DELETE trigger predates the shared one: no operation named). */
const refused = (table: string) => ({
  update: expect.stringMatching(new RegExp(`^${table} is append-only`)),
  delete: expect.stringMatching(new RegExp(`^${table} is append-only`)),
  truncate: `${table} is append-only (TRUNCATE refused)`,
  unchanged: true,
});

describe('the record histories are append-only in the database (real Postgres)', () => {
  let ds: DataSource;
  let kit: ReturnType<typeof seedKit>;
  beforeAll(async () => {
    ds = await recordsTestDataSource();
    kit = seedKit(ds);
  });
  afterAll(() => ds.destroy());

  const decision = (customerId: string, reviewId: string, status: string, comments: string) =>
    ({
      id: randomUUID(), producer: 'workflow', seq: 3_000_000_000 + Math.floor(Math.random() * 1e9), type: 'review.decided', version: 1,
      occurredAt: new Date().toISOString(), actor: { userId: 'mgr', role: 'SALES_MANAGER', teamId: 't' }, teamId: 't', aggregateId: reviewId,
      payload: { reviewId, customerId, reviewerId: 'mgr', status, comments, customerVersion: 1, decidedAt: new Date().toISOString() },
    }) as DomainEvent;

  it('refuses UPDATE, DELETE and TRUNCATE on every history, whoever asks', async () => {
    const team = await kit.team();
    const customer = await team.customer();
    await team.interaction(customer); // needs and a pain point, with their first revisions
    await kit.services.stages.changeStage(team.rep, customer.id, 'NEEDS_CONFIRMED', null, 2);
    await kit.services.customers.read(team.manager, customer.id);
    await kit.services.transfers.transfer(team.manager, [customer.id], team.otherRep.userId, null, '离职交接');
    await applyEventOnce(ds, decision(customer.id, randomUUID(), 'APPROVED', '完整'), handleRecordsEvent);
    // A hand-over's reassignment of an open action (hand-over.int.spec.ts makes them through the runner).
    await ds.query(
      `INSERT INTO next_action_reassignment (next_action_id, customer_id, from_owner_id, to_owner_id, reason, at, by_user_id)
       VALUES ($1, $2, $3, $4, '离职交接', now(), $5)`,
      [randomUUID(), customer.id, team.rep.userId, team.otherRep.userId, team.manager.userId],
    );

    const url = testDatabaseUrl('records');
    const byCustomer = ['customer_id = $1', [customer.id]] as const;
    const cases: Array<[string, string, string, readonly unknown[]]> = [
      ['stage_change', 'reason', ...byCustomer],
      ['need_revision', 'description', 'need_id IN (SELECT id FROM need WHERE customer_id = $1)', [customer.id]],
      ['pain_point_revision', 'description', 'pain_point_id IN (SELECT id FROM pain_point WHERE customer_id = $1)', [customer.id]],
      ['customer_transfer', 'reason', ...byCustomer],
      ['next_action_reassignment', 'to_owner_id', ...byCustomer],
      ['customer_review', 'comments', ...byCustomer],
      ['access_log', 'action', ...byCustomer],
    ];
    for (const [table, column, where, params] of cases) {
      const outcome = await tamperWith(url, table, column, where, [...params]);
      expect({ table, ...outcome }).toEqual({ table, rows: expect.any(Number), ...refused(table) });
      expect(outcome.rows).toBeGreaterThan(0);
    }
    // The frozen archive keeps its own message for UPDATE and DELETE; TRUNCATE is refused as well now.
    expect((await tamperWith(url, 'customer_archive', 'archive_code', 'FALSE', [])).truncate).toBe(
      'customer_archive is append-only (TRUNCATE refused)',
    );
  });

  it('keeps the first decision when a review decision arrives again', async () => {
    const team = await kit.team();
    const customer = await team.customer();
    const reviewId = randomUUID();
    await applyEventOnce(ds, decision(customer.id, reviewId, 'APPROVED', '完整'), handleRecordsEvent);
    await applyEventOnce(ds, decision(customer.id, reviewId, 'CHANGES_REQUESTED', '重放'), handleRecordsEvent);
    expect(await ds.query(`SELECT status, comments FROM customer_review WHERE review_id = $1`, [reviewId])).toEqual([
      { status: 'APPROVED', comments: '完整' },
    ]);
  });
});
