import type { DataSource } from 'typeorm';
import { NextActionStatus } from '../common/enums';
import { recordsTestDataSource } from '../test/harness';
import { eventsOf, footprint, rejection, seedKit } from '../test/seed';

describe('changeStage (real Postgres)', () => {
  let ds: DataSource;
  let kit: ReturnType<typeof seedKit>;
  beforeAll(async () => {
    ds = await recordsTestDataSource();
    kit = seedKit(ds);
  });
  afterAll(() => ds.destroy());

  it('moves forwards, backwards, to LEAD_TERMINATED with a reason and back, recording every step', async () => {
    const team = await kit.team();
    const c = await team.customer();
    const stages = kit.services.stages;
    await stages.changeStage(team.rep, c.id, 'NEEDS_CONFIRMED', null, 1);
    await stages.changeStage(team.rep, c.id, 'NEGOTIATION', null, 2);
    await stages.changeStage(team.rep, c.id, 'PROPOSAL_PRESENTED', '客户要求重新报价', 3);
    const terminated = await stages.changeStage(team.manager, c.id, 'LEAD_TERMINATED', '客户明确拒绝', 4);
    expect(terminated).toMatchObject({ stage: 'LEAD_TERMINATED', terminationReason: '客户明确拒绝', version: 5 });
    const reopened = await stages.changeStage(team.rep, c.id, 'NEEDS_CONFIRMED', null, 5);
    expect(reopened).toMatchObject({ stage: 'NEEDS_CONFIRMED', terminationReason: null, version: 6 });
    const history = await kit.services.customers.stageHistoryOf([c.id]);
    expect(history.map((h) => [h.fromStage, h.toStage, h.reason])).toEqual([
      [null, 'LEAD_NURTURING', null],
      ['LEAD_NURTURING', 'NEEDS_CONFIRMED', null],
      ['NEEDS_CONFIRMED', 'NEGOTIATION', null],
      ['NEGOTIATION', 'PROPOSAL_PRESENTED', '客户要求重新报价'],
      ['PROPOSAL_PRESENTED', 'LEAD_TERMINATED', '客户明确拒绝'],
      ['LEAD_TERMINATED', 'NEEDS_CONFIRMED', null],
    ]);
    expect(history[4]!.byUserId).toBe(team.manager.userId);
    const events = (await eventsOf(ds, c.id)).filter((e) => e.type === 'customer.stage_changed');
    expect(events.map((e) => e.version)).toEqual([2, 3, 4, 5, 6]);
    expect(events[3]!.payload).toMatchObject({ from: 'PROPOSAL_PRESENTED', to: 'LEAD_TERMINATED', reason: '客户明确拒绝', ownerId: team.rep.userId, teamId: team.teamId });
  });

  it('cancels the open next actions of a terminated lead with the termination as reason, and reopening leaves them cancelled', async () => {
    const team = await kit.team();
    const c = await team.customer();
    const first = await team.interaction(c);
    const second = await team.interaction(c, team.rep, { needs: [], painPoints: [] });
    await kit.services.nextActions.complete(team.rep, first.nextAction.id, '已发送');
    const other = await team.customer('另一家公司');
    const untouched = await team.interaction(other);

    const terminated = await kit.services.stages.changeStage(team.rep, c.id, 'LEAD_TERMINATED', '客户明确拒绝', 4);
    expect(terminated.version).toBe(5);
    const actions = await kit.services.nextActions.ofCustomers([c.id]);
    expect(actions.map((a) => [a.id, a.status, a.cancelReason])).toEqual(
      expect.arrayContaining([
        [first.nextAction.id, 'DONE', null],
        [second.nextAction.id, 'CANCELLED', '线索终止 (lead terminated): 客户明确拒绝'],
      ]),
    );
    expect(actions.find((a) => a.id === second.nextAction.id)!.cancelledAt).toEqual(terminated.updatedAt);
    // The stage change and the cancellation are one change of the record: one version, their events together.
    const events = (await eventsOf(ds, c.id)).filter((e) => e.version === 5);
    expect(events.map((e) => [e.type, e.payload.nextActionId ?? null])).toEqual([
      ['customer.stage_changed', null],
      ['next_action.cancelled', second.nextAction.id],
    ]);
    expect(events[1]!.payload).toMatchObject({ ownerId: team.rep.userId, reason: '线索终止 (lead terminated): 客户明确拒绝' });
    expect((await kit.services.nextActions.ofCustomers([other.id]))[0]).toMatchObject({ id: untouched.nextAction.id, status: 'OPEN' });

    const reopened = await kit.services.stages.changeStage(team.rep, c.id, 'NEEDS_CONFIRMED', null, 5);
    expect(reopened.version).toBe(6);
    expect(await kit.services.nextActions.ofCustomers([c.id], NextActionStatus.OPEN)).toEqual([]);
    expect((await eventsOf(ds, c.id)).filter((e) => e.version === 6).map((e) => e.type)).toEqual(['customer.stage_changed']);
  });

  it('leaves next actions alone when a refused termination changes nothing', async () => {
    const team = await kit.team();
    const c = await team.customer();
    await team.interaction(c);
    const before = await footprint(ds, c.id);
    expect((await rejection(kit.services.stages.changeStage(team.rep, c.id, 'LEAD_TERMINATED', '客户明确拒绝', 1))).details.reason).toBe('STALE_VERSION');
    expect((await rejection(kit.services.stages.changeStage(team.otherRep, c.id, 'LEAD_TERMINATED', '客户明确拒绝', 2))).code).toBe('NOT_FOUND');
    expect((await rejection(kit.services.stages.changeStage(team.rep, c.id, 'LEAD_TERMINATED', ' ', 2))).details.reason).toBe('REASON_REQUIRED');
    expect(await footprint(ds, c.id)).toEqual(before);
  });

  it.each([
    ['the same stage', 'LEAD_NURTURING', null, 1, 'BAD_USER_INPUT', 'SAME_STAGE'],
    ['termination without a reason', 'LEAD_TERMINATED', '  ', 1, 'BAD_USER_INPUT', 'REASON_REQUIRED'],
    ['a stale version', 'NEEDS_CONFIRMED', null, 7, 'CONFLICT', 'STALE_VERSION'],
  ] as const)('refuses %s and changes nothing', async (_what, to, reason, version, code, why) => {
    const team = await kit.team();
    const c = await team.customer();
    const before = await footprint(ds, c.id);
    const error = await rejection(kit.services.stages.changeStage(team.rep, c.id, to, reason, version));
    expect(error.code).toBe(code);
    expect(error.details.reason).toBe(why);
    expect(await footprint(ds, c.id)).toEqual(before);
  });

  it('lets only those who write the customer change its stage', async () => {
    const team = await kit.team();
    const c = await team.customer();
    const before = await footprint(ds, c.id);
    expect((await rejection(kit.services.stages.changeStage(team.otherRep, c.id, 'NEEDS_CONFIRMED', null, 1))).code).toBe('NOT_FOUND');
    expect((await rejection(kit.services.stages.changeStage(team.assistant, c.id, 'NEEDS_CONFIRMED', null, 1))).code).toBe('FORBIDDEN');
    expect((await rejection(kit.services.stages.changeStage(team.marketing, c.id, 'NEEDS_CONFIRMED', null, 1))).code).toBe('FORBIDDEN');
    expect((await rejection(kit.services.stages.changeStage(team.rep, 'not-a-uuid', 'NEEDS_CONFIRMED', null, 1))).code).toBe('NOT_FOUND');
    expect(await footprint(ds, c.id)).toEqual(before);
    await kit.services.stages.changeStage(team.admin, c.id, 'NEEDS_CONFIRMED', null, 1);
  });

  it('lets exactly one of two racing changes with the same expected version win', async () => {
    const team = await kit.team();
    const c = await team.customer();
    const results = await Promise.allSettled([
      kit.services.stages.changeStage(team.rep, c.id, 'NEEDS_CONFIRMED', null, 1),
      kit.services.stages.changeStage(team.manager, c.id, 'LEAD_TERMINATED', '客户明确拒绝', 1),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(failed.reason.details.reason).toBe('STALE_VERSION');
    const history = await kit.services.customers.stageHistoryOf([c.id]);
    expect(history).toHaveLength(2);
    expect((await kit.services.customers.get(team.rep, c.id)).version).toBe(2);
  });
});
