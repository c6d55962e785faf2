import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { applyEventOnce } from '@salestrail/platform';
import type { DomainEvent } from '@salestrail/contract';
import { handleRecordsEvent } from '../events/records-event.handler';
import { recordsTestDataSource } from '../test/harness';
import { footprint, rejection, seedKit } from '../test/seed';
import { peopleOf } from './archive.resolver';

let seq = 3_000_000_000 + Math.floor(Math.random() * 1_000_000_000);

function approved(customerId: string, customerVersion: number, reviewerId: string): DomainEvent {
  seq += 1;
  const decidedAt = new Date().toISOString();
  return {
    id: randomUUID(),
    producer: 'workflow',
    seq,
    type: 'review.decided',
    version: 1,
    occurredAt: decidedAt,
    actor: { userId: reviewerId, role: 'SALES_MANAGER', teamId: null },
    teamId: null,
    aggregateId: randomUUID(),
    payload: { reviewId: randomUUID(), customerId, reviewerId, status: 'APPROVED', comments: '记录完整，同意归档', customerVersion, decidedAt },
  } as DomainEvent;
}

describe('archiving in one step, the archive list searched by code, one snapshot by id (real Postgres)', () => {
  let ds: DataSource;
  let kit: ReturnType<typeof seedKit>;
  beforeAll(async () => {
    ds = await recordsTestDataSource();
    kit = seedKit(ds);
  });
  afterAll(() => ds.destroy());

  const decide = (event: DomainEvent) => applyEventOnce(ds, event, handleRecordsEvent);

  it('archives every selected customer at once, answering in the order asked', async () => {
    const team = await kit.team();
    const tag = team.teamId.slice(-6);
    const a = await team.customer(`批量甲${tag}`);
    const b = await team.customer(`批量乙${tag}`);
    await decide(approved(a.id, 1, team.manager.userId));
    await decide(approved(b.id, 1, team.manager.userId));
    const done = await kit.services.archive.archiveMany(team.assistant, [b.id, a.id, b.id]);
    expect(done.map((c) => [c.id, c.archiveCode])).toEqual([
      [b.id, `批量乙${tag}_20240315`],
      [a.id, `批量甲${tag}_20240315`],
    ]);
    expect((await kit.services.archive.toArchive(team.assistant, null, null)).map((c) => c.id)).toEqual([]);
  });

  it('archives none when one of them may not be archived, naming that one', async () => {
    const team = await kit.team();
    const tag = team.teamId.slice(-6);
    const ok = await team.customer(`全或无甲${tag}`);
    const notApproved = await team.customer(`全或无乙${tag}`);
    await decide(approved(ok.id, 1, team.manager.userId));
    const before = [await footprint(ds, ok.id), await footprint(ds, notApproved.id)];
    const refused = await rejection(kit.services.archive.archiveMany(team.assistant, [ok.id, notApproved.id]));
    expect(refused).toMatchObject({ code: 'CONFLICT', details: { reason: 'REVIEW_NOT_APPROVED', field: 'customerIds.1', customerId: notApproved.id } });
    expect([await footprint(ds, ok.id), await footprint(ds, notApproved.id)]).toEqual(before);

    // A salesperson may not archive, even their own approved record; nothing changes.
    expect(await rejection(kit.services.archive.archiveMany(team.rep, [ok.id]))).toMatchObject({ code: 'FORBIDDEN', details: { field: 'customerIds.0', customerId: ok.id } });
    expect(await rejection(kit.services.archive.archiveMany(team.assistant, []))).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'customerIds', reason: 'TOO_FEW' } });
    const tooMany = Array.from({ length: 101 }, () => randomUUID());
    expect(await rejection(kit.services.archive.archiveMany(team.assistant, tooMany))).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'customerIds', reason: 'TOO_MANY' } });
    expect(await footprint(ds, ok.id)).toEqual(before[0]);
  });

  it('finds snapshots by code (any part, any case, the date as people write it) within what the caller may read', async () => {
    const team = await kit.team();
    const other = await kit.team();
    const tag = team.teamId.slice(-6);
    const abc = await team.customer(`ABC公司${tag}`);
    const xyz = await team.customer(`XYZ物流${tag}`);
    const foreign = await other.customer(`ABC公司${tag}`);
    for (const [c, t] of [[abc, team], [xyz, team], [foreign, other]] as const) {
      await decide(approved(c.id, 1, t.manager.userId));
      await kit.services.archive.archive(t.assistant, c.id);
    }
    const codes = async (actor: typeof team.assistant, search: string | null, teamId: string | null = null) =>
      (await kit.services.archive.list(actor, { search, teamId })).map((e) => e.archiveCode);

    expect(await codes(team.assistant, `ABC公司${tag}_20240315`)).toEqual([`ABC公司${tag}_20240315`]);
    expect(await codes(team.assistant, `abc公司${tag}`)).toEqual([`ABC公司${tag}_20240315`]);
    expect(await codes(team.manager, `  xyz物流${tag}  `)).toEqual([`XYZ物流${tag}_20240315`]);
    // As a Chinese input method types it: full-width letters and ＿.
    const wide = [...`abc公司${tag}_20240315`].map((ch) => (/[!-~]/.test(ch) ? String.fromCharCode(ch.charCodeAt(0) + 0xfee0) : ch)).join('');
    expect(await codes(team.assistant, wide)).toEqual([`ABC公司${tag}_20240315`]);
    expect((await codes(team.assistant, '2024-03-15')).sort()).toEqual([`ABC公司${tag}_20240315`, `XYZ物流${tag}_20240315`]);
    // `_` and `%` are letters here, not wildcards.
    expect(await codes(team.assistant, `公司${tag}%`)).toEqual([]);
    expect(await codes(team.assistant, `物流${tag}_2024`)).toEqual([`XYZ物流${tag}_20240315`]);
    // The other team's ABC公司 (its code is -2) is theirs only; ADMIN sees both and may narrow by team.
    expect(await codes(other.assistant, `ABC公司${tag}`)).toEqual([`ABC公司${tag}_20240315-2`]);
    expect((await codes(team.admin, `ABC公司${tag}`)).sort()).toEqual([`ABC公司${tag}_20240315`, `ABC公司${tag}_20240315-2`]);
    expect(await codes(team.admin, `ABC公司${tag}`, other.teamId)).toEqual([`ABC公司${tag}_20240315-2`]);
    expect(await codes(team.otherRep, tag)).toEqual([]);

    const [entry] = await kit.services.archive.list(team.assistant, { search: `ABC公司${tag}` });
    expect(entry).toMatchObject({ customerId: abc.id, archivedBy: team.assistant.userId, customerVersion: 2 });
    expect(entry).not.toHaveProperty('snapshot');

    expect(await rejection(kit.services.archive.list(team.assistant, { first: 0 }))).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'first', reason: 'OUT_OF_RANGE' } });
    expect(await rejection(kit.services.archive.list(team.assistant, { search: 'x'.repeat(201) }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { field: 'search', reason: 'TOO_LONG' },
    });
  });

  it('pages the archive list newest first, each page starting after the last entry of the one before', async () => {
    const team = await kit.team();
    const tag = team.teamId.slice(-6);
    const customers = [];
    for (let i = 0; i < 5; i += 1) customers.push(await team.customer(`翻页客户${i}${tag}`));
    for (const c of customers) {
      await decide(approved(c.id, 1, team.manager.userId));
      await kit.services.archive.archive(team.assistant, c.id);
    }
    const page = async (after: string | null) => kit.services.archive.list(team.assistant, { teamId: team.teamId, first: 2, after });
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const entries = await page(after);
      seen.push(...entries.map((e) => e.archiveCode));
      if (entries.length < 2) break;
      after = entries[entries.length - 1]!.id;
    }
    // Every snapshot once, newest first (archived in order, so the last archived comes first).
    expect(seen).toEqual(customers.map((_, i) => `翻页客户${i}${tag}_20240315`).reverse());
    // The whole list at once is the pages one after the other.
    expect((await kit.services.archive.list(team.assistant, { teamId: team.teamId })).map((e) => e.archiveCode)).toEqual(seen);

    expect(await rejection(page('not-an-id'))).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'after', reason: 'INVALID_ID' } });
    expect(await rejection(page(randomUUID()))).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'after', reason: 'NOT_FOUND' } });
  });

  it('opens one snapshot by id for those who may read it, logging the read, and names its people', async () => {
    const team = await kit.team();
    const c = await team.customer(`单份${team.teamId.slice(-6)}`);
    await team.interaction(c);
    await decide(approved(c.id, 2, team.manager.userId));
    await kit.services.archive.archive(team.assistant, c.id);
    const [entry] = await kit.services.archive.list(team.assistant, { search: `单份${team.teamId.slice(-6)}` });

    const opened = await kit.services.archive.byId(team.manager, entry!.id);
    expect(opened).toMatchObject({ id: entry!.id, customerId: c.id, archiveCode: entry!.archiveCode });
    expect(JSON.parse(opened!.snapshot).basics.name).toBe(`单份${team.teamId.slice(-6)}`);
    expect(peopleOf(opened!.snapshot)).toEqual(expect.arrayContaining([team.rep.userId, team.manager.userId]));

    expect(await kit.services.archive.byId(team.otherRep, entry!.id)).toBeNull();
    expect(await kit.services.archive.byId(team.manager, randomUUID())).toBeNull();
    expect(await kit.services.archive.byId(team.manager, 'not-an-id')).toBeNull();
    const reads = await ds.query(`SELECT user_id, action, detail FROM access_log WHERE customer_id = $1`, [c.id]);
    expect(reads).toEqual([{ user_id: team.manager.userId, action: 'SNAPSHOT_READ', detail: { archiveCode: entry!.archiveCode, archiveId: entry!.id } }]);
  });
});
