import type { DataSource } from 'typeorm';
import { actorOf, recordsTestDataSource } from '../test/harness';
import { eventsOf, footprint, rejection, seedKit } from '../test/seed';

describe('transferCustomers (real Postgres)', () => {
  let ds: DataSource;
  let kit: ReturnType<typeof seedKit>;
  beforeAll(async () => {
    ds = await recordsTestDataSource();
    kit = seedKit(ds);
  });
  afterAll(() => ds.destroy());

  it("moves customers and the old owner's open next actions, keeping every record and history", async () => {
    const team = await kit.team();
    const a = await team.customer('ABC公司');
    const b = await team.customer('DEF公司');
    const first = await team.interaction(a);
    const done = await team.interaction(a, team.rep, { needs: [], painPoints: [] });
    await kit.services.nextActions.complete(team.rep, done.nextAction.id, null);
    const engineer = await kit.person('SALES_REP', `engineer-${team.teamId}`, team.teamId, { name: '技术支持刘工' });
    const colleagues = await team.interaction(a, team.rep, {
      needs: [],
      painPoints: [],
      nextAction: { content: '安排技术人员到现场调研ERP接口', ownerId: engineer.userId, dueAt: new Date('2024-03-28T10:00:00Z') },
    });

    const moved = await kit.services.transfers.transfer(team.manager, [a.id, b.id], team.otherRep.userId, null, '原负责人离职交接');
    expect(moved.map((c) => [c.ownerId, c.teamId])).toEqual([
      [team.otherRep.userId, team.teamId],
      [team.otherRep.userId, team.teamId],
    ]);
    const actions = await kit.services.nextActions.ofCustomers([a.id]);
    const owners = Object.fromEntries(actions.map((x) => [x.id, x.ownerId]));
    expect(owners[first.nextAction.id]).toBe(team.otherRep.userId);
    expect(owners[done.nextAction.id]).toBe(team.rep.userId);
    expect(owners[colleagues.nextAction.id]).toBe(engineer.userId);

    const [history] = await kit.services.transfers.historyOf([a.id]);
    expect(history).toMatchObject({ fromOwnerId: team.rep.userId, toOwnerId: team.otherRep.userId, reason: '原负责人离职交接', nextActionIds: [first.nextAction.id] });
    expect((await eventsOf(ds, a.id)).at(-1)).toMatchObject({
      type: 'customer.transferred',
      payload: { fromOwnerId: team.rep.userId, toOwnerId: team.otherRep.userId, nextActionIds: [first.nextAction.id] },
    });
    // The record stays whole and the new owner now sees it; the old one no longer does.
    expect((await kit.services.customers.get(team.otherRep, a.id)).id).toBe(a.id);
    expect((await rejection(kit.services.customers.get(team.rep, a.id))).code).toBe('NOT_FOUND');
    expect(await kit.services.customers.stageHistoryOf([a.id])).toHaveLength(1);
  });

  it('is all or nothing: one hidden customer refuses the whole hand-over', async () => {
    const team = await kit.team();
    const other = await kit.team();
    const mine = await team.customer();
    const theirs = await other.customer();
    const before = [await footprint(ds, mine.id), await footprint(ds, theirs.id)];
    const error = await rejection(kit.services.transfers.transfer(team.manager, [mine.id, theirs.id], team.otherRep.userId, null, '调整'));
    expect(error.code).toBe('NOT_FOUND');
    expect([await footprint(ds, mine.id), await footprint(ds, theirs.id)]).toEqual(before);
  });

  it('keeps managers inside their team and refuses reps, missing reasons and bad ids', async () => {
    const team = await kit.team();
    const c = await team.customer();
    const before = await footprint(ds, c.id);
    const t = kit.services.transfers;
    expect((await rejection(t.transfer(team.manager, [c.id], 'rep-x', 'team-other', '调整'))).code).toBe('FORBIDDEN');
    expect((await rejection(t.transfer(team.rep, [c.id], team.otherRep.userId, null, '调整'))).code).toBe('FORBIDDEN');
    expect((await rejection(t.transfer(team.manager, [c.id], team.otherRep.userId, null, ' '))).details.reason).toBe('REASON_REQUIRED');
    expect((await rejection(t.transfer(team.manager, ['bad'], team.otherRep.userId, null, '调整'))).details).toEqual({ field: 'customerIds.0', reason: 'INVALID_ID' });
    expect((await rejection(t.transfer(team.manager, [c.id], team.rep.userId, null, '调整'))).details.reason).toBe('SAME_OWNER');
    expect(await footprint(ds, c.id)).toEqual(before);
  });

  it('lets ADMIN move a customer to another team, refusing a name clash there', async () => {
    const team = await kit.team();
    const target = await kit.team();
    const c = await team.customer('ABC公司');
    const moved = await kit.services.transfers.transfer(team.admin, [c.id], target.rep.userId, target.teamId, '区域调整');
    expect(moved[0]).toMatchObject({ ownerId: target.rep.userId, teamId: target.teamId });
    const d = await team.customer('ABC有限公司');
    const before = await footprint(ds, d.id);
    const clash = await rejection(kit.services.transfers.transfer(actorOf('ADMIN', 'admin', null), [d.id], target.rep.userId, target.teamId, '区域调整'));
    expect(clash).toMatchObject({ code: 'CONFLICT', details: { reason: 'DUPLICATE_CUSTOMER' } });
    expect(await footprint(ds, d.id)).toEqual(before);
  });
});
