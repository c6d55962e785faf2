import type { DataSource } from 'typeorm';
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
