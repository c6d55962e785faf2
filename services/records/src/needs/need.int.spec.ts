import type { DataSource } from 'typeorm';
import { recordsTestDataSource } from '../test/harness';
import { eventsOf, footprint, rejection, seedKit } from '../test/seed';
import { NeedKind } from '../common/enums';

describe('needs and pain points (real Postgres)', () => {
  let ds: DataSource;
  let kit: ReturnType<typeof seedKit>;
  beforeAll(async () => {
    ds = await recordsTestDataSource();
    kit = seedKit(ds);
  });
  afterAll(() => ds.destroy());

  it('edits a need and keeps every earlier state in its history', async () => {
    const team = await kit.team();
    const customer = await team.customer();
    const { needs } = await team.interaction(customer);
    const need = needs[0]!;
    const updated = await kit.services.needs.updateNeed(team.rep, need.id, '预算60万以内', NeedKind.EXPLICIT, 2);
    expect(updated.description).toBe('预算60万以内');
    const history = await kit.services.needs.needHistoryOf([need.id]);
    expect(history.map((h) => [h.change, h.description])).toEqual([
      ['RECORDED', '预算50万以内'],
      ['UPDATED', '预算60万以内'],
    ]);
    expect((await eventsOf(ds, customer.id)).at(-1)).toMatchObject({ type: 'need.updated', version: 3 });
    const before = await footprint(ds, customer.id);
    expect((await rejection(kit.services.needs.updateNeed(team.rep, need.id, '预算70万', null, 2))).details.reason).toBe('STALE_VERSION');
    expect((await rejection(kit.services.needs.updateNeed(team.rep, need.id, '', null))).details.reason).toBe('REQUIRED');
    expect(await footprint(ds, customer.id)).toEqual(before);
  });

  it('refuses to retire the last need of an active pain point, and retires it once the pain point has another', async () => {
    const team = await kit.team();
    const customer = await team.customer();
    const { needs, painPoints } = await team.interaction(customer);
    const [budget, warranty] = [needs[0]!, needs[1]!];
    const before = await footprint(ds, customer.id);
    const refused = await rejection(kit.services.needs.retireNeed(team.rep, budget.id, '客户追加预算'));
    expect(refused).toMatchObject({ code: 'CONFLICT', details: { reason: 'NEED_IN_USE' } });
    expect(await footprint(ds, customer.id)).toEqual(before);

    const relinked = await kit.services.needs.updatePainPoint(team.rep, painPoints[0]!.id, null, [budget.id, warranty.id]);
    expect(relinked.needIds).toEqual([budget.id, warranty.id]);
    const retired = await kit.services.needs.retireNeed(team.rep, budget.id, '客户追加预算');
    expect(retired).toMatchObject({ active: false, retiredReason: '客户追加预算' });
    expect((await kit.services.needs.activeNeedsOf([customer.id])).map((n) => n.id)).toEqual([warranty.id]);
    expect((await kit.services.needs.needHistoryOf([budget.id])).map((h) => h.change)).toEqual(['RECORDED', 'RETIRED']);
    expect((await rejection(kit.services.needs.updateNeed(team.rep, budget.id, '再改', null))).details.reason).toBe('RETIRED');
  });

  it('keeps pain points linked to active needs of the same customer', async () => {
    const team = await kit.team();
    const customer = await team.customer();
    const other = await team.customer('DEF公司');
    const { painPoints } = await team.interaction(customer);
    const foreign = await team.interaction(other);
    const pp = painPoints[0]!;
    const before = await footprint(ds, customer.id);
    const cases: Array<[string[], string, string]> = [
      [[], 'needIds', 'PAIN_POINT_WITHOUT_NEED'],
      [['bad-id'], 'needIds.0', 'INVALID_ID'],
      [[foreign.needs[0]!.id], 'needIds.0', 'UNKNOWN_NEED'],
    ];
    for (const [ids, field, reason] of cases) {
      expect((await rejection(kit.services.needs.updatePainPoint(team.rep, pp.id, null, ids))).details).toEqual({ field, reason });
    }
    expect(await footprint(ds, customer.id)).toEqual(before);

    await kit.services.needs.updatePainPoint(team.rep, pp.id, '人工分拣效率低，旺季产能缺口30%', null);
    const retired = await kit.services.needs.retirePainPoint(team.rep, pp.id, '已通过临时工解决');
    expect(retired.active).toBe(false);
    expect(await kit.services.needs.activePainPointsOf([customer.id])).toEqual([]);
    const history = await kit.services.needs.painPointHistoryOf([pp.id]);
    expect(history.map((h) => [h.change, h.description])).toEqual([
      ['RECORDED', '人工分拣效率低导致产能不足'],
      ['UPDATED', '人工分拣效率低，旺季产能缺口30%'],
      ['RETIRED', '人工分拣效率低，旺季产能缺口30%'],
    ]);
    // With its pain point retired, the need is free to go.
    expect((await kit.services.needs.retireNeed(team.rep, pp.needIds[0]!, null)).active).toBe(false);
  });

  it('lets only writers of the customer edit, and hides other reps\' customers', async () => {
    const team = await kit.team();
    const customer = await team.customer();
    const { needs } = await team.interaction(customer);
    const before = await footprint(ds, customer.id);
    expect((await rejection(kit.services.needs.updateNeed(team.otherRep, needs[0]!.id, 'x', null))).code).toBe('NOT_FOUND');
    expect((await rejection(kit.services.needs.updateNeed(team.marketing, needs[0]!.id, 'x', null))).code).toBe('FORBIDDEN');
    expect((await rejection(kit.services.needs.retireNeed(team.rep, 'nope', null))).code).toBe('NOT_FOUND');
    expect(await footprint(ds, customer.id)).toEqual(before);
  });
});
