import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { applyEventOnce } from '@salestrail/platform';
import type { Actor, DomainEvent } from '@salestrail/contract';
import { waitFor } from '@salestrail/testkit';
import { handleRecordsEvent } from '../events/records-event.handler';
import { recordsTestDataSource } from '../test/harness';
import { eventsOf, footprint, rejection, seedKit } from '../test/seed';

let seq = 1_000_000 + Math.floor(Math.random() * 1_000_000_000);

function reviewDecided(
  customerId: string,
  status: 'APPROVED' | 'CHANGES_REQUESTED',
  customerVersion: number,
  decidedAt = new Date(),
  more: { reviewerId?: string; submittedBy?: string; submittedAt?: string; comments?: string } = {},
): DomainEvent {
  seq += 1;
  return {
    id: randomUUID(),
    producer: 'workflow',
    seq,
    type: 'review.decided',
    version: 1,
    occurredAt: decidedAt.toISOString(),
    actor: { userId: 'mgr', role: 'SALES_MANAGER', teamId: null },
    teamId: null,
    aggregateId: randomUUID(),
    payload: {
      reviewId: randomUUID(),
      customerId,
      reviewerId: more.reviewerId ?? 'mgr',
      status,
      comments: more.comments ?? (status === 'APPROVED' ? '信息完整' : '补充联系人电话'),
      customerVersion,
      decidedAt: decidedAt.toISOString(),
      ...(more.submittedBy ? { submittedBy: more.submittedBy, submittedAt: more.submittedAt } : {}),
    },
  } as DomainEvent;
}

describe('archiveCustomer (real Postgres)', () => {
  let ds: DataSource;
  let kit: ReturnType<typeof seedKit>;
  beforeAll(async () => {
    ds = await recordsTestDataSource();
    kit = seedKit(ds);
  });
  afterAll(() => ds.destroy());

  const decide = (event: DomainEvent) => applyEventOnce(ds, event, handleRecordsEvent);

  it('archives after an approval of the current version, with the code and a frozen snapshot', async () => {
    const team = await kit.team();
    const name = `ABC公司${team.teamId.slice(-6)}`;
    const c = await team.customer(name);
    await team.interaction(c);
    await decide(reviewDecided(c.id, 'APPROVED', 2));
    const archived = await kit.services.archive.archive(team.assistant, c.id);
    expect(archived).toMatchObject({ archiveCode: `${name}_20240315`, version: 3 });
    expect((await eventsOf(ds, c.id)).at(-1)).toMatchObject({ type: 'customer.archived', version: 3, payload: { archiveCode: `${name}_20240315` } });

    const stored = await kit.services.archive.latestSnapshot(team.rep, c.id);
    const snapshot = JSON.parse(stored!.snapshot);
    expect(snapshot.basics.name).toBe(name);
    expect(snapshot.contacts).toHaveLength(2);
    expect(snapshot.interactions).toHaveLength(1);
    expect(snapshot.needs.map((n: { description: string }) => n.description)).toEqual(['预算50万以内', '要求3年质保']);
    expect(snapshot.painPoints).toHaveLength(1);
    expect(snapshot.nextActions[0].content).toBe('发送产品详细参数表至客户邮箱');
    expect(snapshot.stageHistory).toHaveLength(1);
    expect(snapshot.review).toMatchObject({ status: 'APPROVED', customerVersion: 2 });
    const reads = await ds.query(`SELECT user_id, action, detail FROM access_log WHERE customer_id = $1`, [c.id]);
    expect(reads).toEqual([{ user_id: team.rep.userId, action: 'SNAPSHOT_READ', detail: { archiveCode: `${name}_20240315` } }]);

    // Frozen: later changes do not touch it, and the database refuses to edit it.
    await kit.services.stages.changeStage(team.rep, c.id, 'NEEDS_CONFIRMED', null, 3);
    expect((await kit.services.archive.latestSnapshot(team.rep, c.id))!.snapshot).toBe(stored!.snapshot);
    await expect(ds.query(`UPDATE customer_archive SET archive_code = 'x' WHERE customer_id = $1`, [c.id])).rejects.toThrow(/immutable/);
  });

  it('refuses without an approval, after a request for changes, and when the record changed since', async () => {
    const team = await kit.team();
    const c = await team.customer();
    const before = await footprint(ds, c.id);
    expect(await rejection(kit.services.archive.archive(team.assistant, c.id))).toMatchObject({ code: 'CONFLICT', details: { reason: 'REVIEW_NOT_APPROVED' } });
    await decide(reviewDecided(c.id, 'APPROVED', 1, new Date(Date.now() - 60_000)));
    await decide(reviewDecided(c.id, 'CHANGES_REQUESTED', 1));
    expect(await rejection(kit.services.archive.archive(team.assistant, c.id))).toMatchObject({ details: { reason: 'REVIEW_NOT_APPROVED' } });
    expect(await footprint(ds, c.id)).toEqual(before);

    await decide(reviewDecided(c.id, 'APPROVED', 1, new Date(Date.now() + 1000)));
    await kit.services.stages.changeStage(team.rep, c.id, 'NEEDS_CONFIRMED', null, 1);
    const changed = await footprint(ds, c.id);
    expect(await rejection(kit.services.archive.archive(team.assistant, c.id))).toMatchObject({ details: { reason: 'CHANGED_SINCE_APPROVAL' } });
    expect(await footprint(ds, c.id)).toEqual(changed);
  });

  it('gives a clashing code -2 and keeps a customer\'s code when it is archived again after a new approval', async () => {
    const team = await kit.team();
    const other = await kit.team();
    const name = `同名公司${team.teamId.slice(-6)}`;
    const a = await team.customer(name);
    const b = await other.customer(name);
    await decide(reviewDecided(a.id, 'APPROVED', 1));
    await decide(reviewDecided(b.id, 'APPROVED', 1));
    expect((await kit.services.archive.archive(team.assistant, a.id)).archiveCode).toBe(`${name}_20240315`);
    expect((await kit.services.archive.archive(other.manager, b.id)).archiveCode).toBe(`${name}_20240315-2`);

    await kit.services.stages.changeStage(team.rep, a.id, 'NEEDS_CONFIRMED', null, 2);
    await decide(reviewDecided(a.id, 'APPROVED', 3, new Date(Date.now() + 1000)));
    const again = await kit.services.archive.archive(team.assistant, a.id);
    expect(again).toMatchObject({ archiveCode: `${name}_20240315`, version: 4 });
    const snapshot = JSON.parse((await kit.services.archive.latestSnapshot(team.manager, a.id))!.snapshot);
    expect(snapshot.stage).toBe('NEEDS_CONFIRMED');
    const [{ count }] = await ds.query(`SELECT count(*)::int AS count FROM customer_archive WHERE customer_id = $1`, [a.id]);
    expect(count).toBe(2);
  });

  it('lets only team assistants, managers and ADMIN archive, and applies a review event once', async () => {
    const team = await kit.team();
    const c = await team.customer();
    const event = reviewDecided(c.id, 'APPROVED', 1);
    expect(await decide(event)).toBe(true);
    expect(await decide(event)).toBe(false);
    const before = await footprint(ds, c.id);
    expect((await rejection(kit.services.archive.archive(team.rep, c.id))).code).toBe('FORBIDDEN');
    expect((await rejection(kit.services.archive.archive(team.marketing, c.id))).code).toBe('FORBIDDEN');
    expect((await rejection(kit.services.archive.latestSnapshot(team.otherRep, c.id))).code).toBe('NOT_FOUND');
    expect(await footprint(ds, c.id)).toEqual(before);
    expect(await kit.services.archive.latestSnapshot(team.rep, c.id)).toBeNull();
  });
});

describe('the Friday cycle closed: archiving safe to repeat and to race, every snapshot signed (real Postgres)', () => {
  let ds: DataSource;
  let kit: ReturnType<typeof seedKit>;
  beforeAll(async () => {
    ds = await recordsTestDataSource();
    kit = seedKit(ds);
  });
  afterAll(() => ds.destroy());

  const decide = (event: DomainEvent) => applyEventOnce(ds, event, handleRecordsEvent);

  it('answers a second archive of an archived, unchanged record with its code, writing nothing', async () => {
    const team = await kit.team();
    const name = `重复归档${team.teamId.slice(-6)}`;
    const c = await team.customer(name);
    await decide(reviewDecided(c.id, 'APPROVED', 1));
    const first = await kit.services.archive.archive(team.assistant, c.id);
    expect(first).toMatchObject({ archiveCode: `${name}_20240315`, version: 2 });
    const after = await footprint(ds, c.id);

    // A double click, or a retry after a time-out: the same answer, no second snapshot, no event.
    const again = await kit.services.archive.archive(team.assistant, c.id);
    expect(again).toMatchObject({ id: c.id, archiveCode: `${name}_20240315`, version: 2 });
    expect(await Promise.all([kit.services.archive.archive(team.assistant, c.id), kit.services.archive.archive(team.manager, c.id)])).toMatchObject([
      { archiveCode: `${name}_20240315`, version: 2 },
      { archiveCode: `${name}_20240315`, version: 2 },
    ]);
    expect(await footprint(ds, c.id)).toEqual(after);

    // Changed after the archive: that approval no longer covers it.
    await kit.services.stages.changeStage(team.rep, c.id, 'NEEDS_CONFIRMED', null, 2);
    const changed = await footprint(ds, c.id);
    expect(await rejection(kit.services.archive.archive(team.assistant, c.id))).toMatchObject({ details: { reason: 'CHANGED_SINCE_APPROVAL' } });
    expect(await footprint(ds, c.id)).toEqual(changed);
  });

  it('gives two customers with the same name and first-contact date archived at the same moment each a code', async () => {
    const one = await kit.team();
    const two = await kit.team();
    const name = `同时归档${one.teamId.slice(-6)}`;
    const a = await one.customer(name);
    const b = await two.customer(name);
    await decide(reviewDecided(a.id, 'APPROVED', 1));
    await decide(reviewDecided(b.id, 'APPROVED', 1));

    // Hold both archives inside their transactions (the outbox insert waits on this lock) until each has
    // chosen its code: then let them commit.
    const holder = ds.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    await holder.query('LOCK TABLE outbox_event IN EXCLUSIVE MODE');
    const [{ pid: holderPid }] = (await holder.query('SELECT pg_backend_pid() AS pid')) as [{ pid: number }];
    const archives = [kit.services.archive.archive(one.assistant, a.id), kit.services.archive.archive(two.assistant, b.id)].map((p) =>
      p.then(
        (c) => ({ code: c.archiveCode }),
        (e: unknown) => ({ error: String(e) }),
      ),
    );
    try {
      // One archive waits on the outbox (behind this lock), the other behind the first (for the code).
      await waitFor(
        async () => {
          const [{ waiting }] = (await ds.query(
            `SELECT count(*)::int AS waiting FROM pg_stat_activity w
              WHERE w.datname = current_database() AND w.wait_event_type = 'Lock'
                AND (w.query LIKE '%outbox_event%' AND $1 = ANY(pg_blocking_pids(w.pid))
                     OR w.query LIKE '%archive-code%' OR w.query LIKE 'UPDATE "customer"%')`,
            [holderPid],
          )) as [{ waiting: number }];
          return waiting >= 2 || undefined;
        },
        { timeoutMs: 10_000, what: 'both archives to wait' },
      );
    } finally {
      await holder.commitTransaction();
      await holder.release();
    }
    const results = await Promise.all(archives);
    expect(results.map((r) => ('code' in r ? r.code : r.error)).sort()).toEqual([`${name}_20240315`, `${name}_20240315-2`]);
  });

  it("signs every snapshot with the salesperson's name and submission date and the reviewer's decision, and keeps them all readable", async () => {
    const team = await kit.team();
    await ds.query(`UPDATE directory_user SET name = '李明' WHERE id = $1`, [team.rep.userId]);
    await ds.query(`UPDATE directory_user SET name = '陈经理' WHERE id = $1`, [team.manager.userId]);
    const name = `签字公司${team.teamId.slice(-6)}`;
    const c = await team.customer(name);
    const submittedAt = new Date(Date.now() - 3600_000).toISOString();
    await decide(
      reviewDecided(c.id, 'APPROVED', 1, new Date(Date.now() - 60_000), {
        reviewerId: team.manager.userId,
        submittedBy: team.rep.userId,
        submittedAt,
        comments: '记录完整，同意归档',
      }),
    );
    await kit.services.archive.archive(team.assistant, c.id);
    await kit.services.stages.changeStage(team.rep, c.id, 'NEEDS_CONFIRMED', null, 2);
    await decide(reviewDecided(c.id, 'APPROVED', 3, new Date(), { reviewerId: team.manager.userId, comments: '阶段已更新' }));
    await kit.services.archive.archive(team.assistant, c.id);

    const all = await kit.services.archive.snapshots(team.rep, c.id);
    expect(all.map((a) => [a.archiveCode, a.customerVersion])).toEqual([
      [`${name}_20240315`, 4],
      [`${name}_20240315`, 2],
    ]);
    const [latest, first] = all.map((a) => JSON.parse(a.snapshot));
    expect(first.stage).toBe('LEAD_NURTURING');
    expect(first.signature).toEqual({ salespersonId: team.rep.userId, salespersonName: '李明', submittedAt });
    expect(first.review).toMatchObject({ status: 'APPROVED', decision: 'APPROVE', reviewerId: team.manager.userId, reviewerName: '陈经理', comments: '记录完整，同意归档' });
    expect(latest.stage).toBe('NEEDS_CONFIRMED');
    // A decision learnt before workflow sent the submitter: the signature is there, empty.
    expect(latest.signature).toEqual({ salespersonId: null, salespersonName: null, submittedAt: null });
    expect(latest.review).toMatchObject({ reviewerName: '陈经理', comments: '阶段已更新' });
    expect(all[0]!.reviewId).not.toBe(all[1]!.reviewId);
    expect((await kit.services.archive.latestSnapshot(team.rep, c.id))!.snapshot).toBe(all[0]!.snapshot);

    expect((await rejection(kit.services.archive.snapshots(team.otherRep, c.id))).code).toBe('NOT_FOUND');
    const reads = await ds.query(`SELECT detail FROM access_log WHERE customer_id = $1 AND user_id = $2 ORDER BY at`, [c.id, team.rep.userId]);
    expect(reads[0]).toEqual({ detail: { archiveCodes: [`${name}_20240315`], count: 2 } });
  });

  it('lists for the assistant the customers approved and not yet archived, and only those', async () => {
    const team = await kit.team();
    const other = await kit.team();
    const approved = await team.customer(`待归档甲${team.teamId.slice(-6)}`);
    const sentBack = await team.customer(`待归档乙${team.teamId.slice(-6)}`);
    const changed = await team.customer(`待归档丙${team.teamId.slice(-6)}`);
    const archived = await team.customer(`待归档丁${team.teamId.slice(-6)}`);
    const elsewhere = await other.customer(`待归档戊${team.teamId.slice(-6)}`);
    await decide(reviewDecided(approved.id, 'APPROVED', 1));
    await decide(reviewDecided(sentBack.id, 'CHANGES_REQUESTED', 1));
    await decide(reviewDecided(changed.id, 'APPROVED', 1));
    await kit.services.stages.changeStage(team.rep, changed.id, 'NEEDS_CONFIRMED', null, 1);
    await decide(reviewDecided(archived.id, 'APPROVED', 1));
    await decide(reviewDecided(elsewhere.id, 'APPROVED', 1));

    const ids = async (actor: Actor, teamId?: string) => (await kit.services.archive.toArchive(actor, teamId, null)).map((c) => c.id);
    expect(await ids(team.assistant)).toEqual([approved.id, archived.id]);
    await kit.services.archive.archive(team.assistant, archived.id);
    expect(await ids(team.assistant)).toEqual([approved.id]);
    expect(await ids(team.manager)).toEqual([approved.id]);
    expect(await ids(team.rep)).toEqual([approved.id]);
    expect(await ids(team.otherRep)).toEqual([]);
    expect(await ids(other.assistant)).toEqual([elsewhere.id]);
    expect(await ids(team.admin, team.teamId)).toEqual([approved.id]);
    expect(await rejection(kit.services.archive.toArchive(team.assistant, null, 101))).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'first', reason: 'OUT_OF_RANGE' } });
  });
});
