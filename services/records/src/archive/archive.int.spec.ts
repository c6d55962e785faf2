import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { applyEventOnce } from '@salestrail/platform';
import type { DomainEvent } from '@salestrail/contract';
import { handleRecordsEvent } from '../events/records-event.handler';
import { recordsTestDataSource } from '../test/harness';
import { eventsOf, footprint, rejection, seedKit } from '../test/seed';

let seq = 1_000_000 + Math.floor(Math.random() * 1_000_000_000);

function reviewDecided(customerId: string, status: 'APPROVED' | 'CHANGES_REQUESTED', customerVersion: number, decidedAt = new Date()): DomainEvent {
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
      reviewerId: 'mgr',
      status,
      comments: status === 'APPROVED' ? '信息完整' : '补充联系人电话',
      customerVersion,
      decidedAt: decidedAt.toISOString(),
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
