import type { DataSource } from 'typeorm';
import { BadInputError, ForbiddenError } from '@salestrail/platform';
import type { Stage } from '@salestrail/contract';
import { FunnelDimension } from '../common/dimensions';
import { actorOf, analyticsTestDataSource, uniqueTeam } from '../test/harness';
import { History, sh, shuffled } from '../test/history';
import { funnelScenario } from '../test/scenarios';
import { FunnelService, type FunnelQuery } from './funnel.service';
import type { FunnelGroup } from './funnel.types';

const admin = actorOf('ADMIN', 'admin', null);
const march = (team: string): FunnelQuery => ({
  from: '2024-03-01',
  to: '2024-03-31',
  filter: { teamId: team },
});

function stage(group: FunnelGroup | undefined, s: Stage) {
  const found = group?.stages.find((x) => x.stage === s);
  if (!found) throw new Error(`no ${s}`);
  return found;
}

describe('conversionFunnel (events applied to the read model, real Postgres)', () => {
  let ds: DataSource;
  let funnel: FunnelService;
  beforeAll(async () => {
    ds = await analyticsTestDataSource();
    funnel = new FunnelService(ds);
  });
  afterAll(() => ds.destroy());

  /** The aggregate answer, after checking it equals the definitions evaluated over the raw facts. */
  async function answer(query: FunnelQuery, actor = admin): Promise<FunnelGroup[]> {
    const fast = await funnel.conversionFunnel(actor, query);
    expect(fast).toEqual(await funnel.exactConversionFunnel(actor, query));
    return fast;
  }

  it('computes each stage of March as worked out by hand', async () => {
    const team = uniqueTeam();
    await funnelScenario(team).apply(ds);
    const [g, ...rest] = await answer(march(team));
    expect(rest).toHaveLength(0);
    expect(g!.key).toEqual({ ownerId: null, teamId: null, industryCode: null, sourceChannel: null });
    expect(g!.stages.map((s) => s.stage)).toEqual([
      'LEAD_NURTURING',
      'NEEDS_CONFIRMED',
      'PROPOSAL_PRESENTED',
      'NEGOTIATION',
      'DEAL_SIGNING',
      'AFTER_SALES',
      'LEAD_TERMINATED',
    ]);
    // LEAD_NURTURING: A (1 March 00:30 local), C (31 March 23:59), D; B was created in February.
    expect(stage(g, 'LEAD_NURTURING')).toMatchObject({ entered: 3, advanced: 2, terminated: 1 });
    expect(stage(g, 'LEAD_NURTURING').conversionRate).toBeCloseTo(2 / 3, 10);
    // Moves out of LEAD_NURTURING in March: A 4 d 9.5 h, B 3 d, D 1 d → median 3.
    expect(stage(g, 'LEAD_NURTURING').medianDaysInStage).toBeCloseTo(3, 10);
    // NEEDS_CONFIRMED: A and B once each (B re-entered); B advanced later (DEAL_SIGNING in April) and was
    // terminated from it; moves out: A 5 d and 8 d (after the backwards move), B 1 d → median 5.
    expect(stage(g, 'NEEDS_CONFIRMED')).toMatchObject({
      entered: 2,
      advanced: 2,
      terminated: 1,
      conversionRate: 1,
    });
    expect(stage(g, 'NEEDS_CONFIRMED').medianDaysInStage).toBeCloseTo(5, 10);
    expect(stage(g, 'PROPOSAL_PRESENTED')).toMatchObject({
      entered: 1,
      advanced: 1,
      terminated: 0,
      conversionRate: 1,
    });
    expect(stage(g, 'PROPOSAL_PRESENTED').medianDaysInStage).toBeCloseTo(2, 10);
    expect(stage(g, 'NEGOTIATION')).toEqual({
      stage: 'NEGOTIATION',
      entered: 1,
      advanced: 0,
      terminated: 0,
      conversionRate: 0,
      medianDaysInStage: null,
    });
    // B's signing at 1 April 00:00 local (31 March in UTC) is outside March.
    expect(stage(g, 'DEAL_SIGNING')).toMatchObject({
      entered: 1,
      advanced: 1,
      terminated: 0,
      conversionRate: 1,
    });
    expect(stage(g, 'AFTER_SALES')).toMatchObject({
      entered: 1,
      advanced: 0,
      terminated: 1,
      conversionRate: 0,
    });
    expect(stage(g, 'LEAD_TERMINATED')).toMatchObject({ entered: 2, advanced: 0, terminated: 0 });
    expect(stage(g, 'LEAD_TERMINATED').medianDaysInStage).toBeCloseTo(12, 10);
    // W = D; B and D were terminated but both signed at some time, so L = 0.
    expect(g!.winRate).toBe(1);
  });

  it('computes April (period edges, null rates, a loss) as worked out by hand', async () => {
    const team = uniqueTeam();
    await funnelScenario(team).apply(ds);
    const [g] = await answer({ from: '2024-04-01', to: '2024-04-30', filter: { teamId: team } });
    expect(stage(g, 'LEAD_NURTURING')).toMatchObject({
      entered: 0,
      advanced: 0,
      terminated: 0,
      conversionRate: null,
    });
    // C's move out of LEAD_NURTURING: 31 March 23:59 → 2 April 09:00 = 1 d 9 h 1 min.
    expect(stage(g, 'LEAD_NURTURING').medianDaysInStage).toBeCloseTo(1 + (9 * 60 + 1) / 1440, 10);
    expect(stage(g, 'NEEDS_CONFIRMED').medianDaysInStage).toBeCloseTo(16 + 14 / 24, 10);
    expect(stage(g, 'DEAL_SIGNING').entered).toBe(1);
    expect(stage(g, 'LEAD_TERMINATED').entered).toBe(1);
    // W = B, L = C (never signed).
    expect(g!.winRate).toBe(0.5);
    const [empty] = await answer({ from: '2023-01-01', to: '2023-12-31', filter: { teamId: team } });
    expect(empty!.winRate).toBeNull();
    expect(
      empty!.stages.every(
        (s) => s.entered === 0 && s.conversionRate === null && s.medianDaysInStage === null,
      ),
    ).toBe(true);
  });

  it("groups by the owner at the transition and by the current industry, within the caller's scope", async () => {
    const team = uniqueTeam();
    await funnelScenario(team).apply(ds);
    const byOwner = await answer({ ...march(team), groupBy: [FunnelDimension.OWNER] });
    expect(byOwner.map((g) => g.key.ownerId)).toEqual(['rep-1', 'rep-2']);
    expect(stage(byOwner[0], 'LEAD_NURTURING').entered).toBe(2);
    expect(stage(byOwner[1], 'LEAD_NURTURING').entered).toBe(1);
    expect(byOwner[1]!.winRate).toBe(1);
    const byIndustry = await answer({
      ...march(team),
      groupBy: [FunnelDimension.INDUSTRY, FunnelDimension.SOURCE_CHANNEL],
    });
    expect(byIndustry.map((g) => [g.key.industryCode, g.key.sourceChannel, g.key.ownerId])).toEqual([
      ['C34', 'TRADE_SHOW', null],
      ['I65', 'REFERRAL', null],
    ]);
    // A sales rep sees only the figures of transitions they owned; a filter cannot widen that.
    const rep2 = actorOf('SALES_REP', 'rep-2', team);
    const [own] = await answer({ ...march(team), filter: { teamId: team, ownerId: 'rep-1' } }, rep2);
    expect(stage(own, 'LEAD_NURTURING').entered).toBe(0);
    const [mine] = await answer(march(team), rep2);
    expect(stage(mine, 'LEAD_NURTURING').entered).toBe(1);
    // A manager of another team sees nothing of this team.
    const [other] = await answer(march(team), actorOf('SALES_MANAGER', 'm', 'another-team'));
    expect(other!.stages.every((s) => s.entered === 0)).toBe(true);
    await expect(
      funnel.conversionFunnel(actorOf('AFTER_SALES', 'x', team), march(team)),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('gives the same figures whatever order the events arrive in, and when they arrive twice', async () => {
    const reference = uniqueTeam();
    await funnelScenario(reference).apply(ds);
    const queries = (team: string): FunnelQuery[] => [
      march(team),
      { from: '2024-04-01', to: '2024-04-30', filter: { teamId: team } },
      { ...march(team), groupBy: [FunnelDimension.OWNER, FunnelDimension.INDUSTRY] },
    ];
    const expected = await Promise.all(queries(reference).map((q) => answer(q)));
    const strip = (groups: FunnelGroup[]) => groups.map((g) => ({ ...g, key: { ...g.key, teamId: null } }));
    for (const seed of [1, 7, 42]) {
      const team = uniqueTeam();
      const h = funnelScenario(team);
      const events = shuffled(h.events, seed);
      await h.apply(ds, [...events, ...shuffled(events, seed + 1)]);
      const got = await Promise.all(queries(team).map((q) => answer(q)));
      expect(got.map(strip)).toEqual(expected.map(strip));
    }
  });

  it('gives the same figures when the events are applied by concurrent workers', async () => {
    const reference = uniqueTeam();
    await funnelScenario(reference).apply(ds);
    const expected = await answer({ ...march(reference), groupBy: [FunnelDimension.OWNER] });
    const team = uniqueTeam();
    const h = funnelScenario(team);
    const queue = shuffled(h.events, 99);
    // Four workers, as the consumer runs them; a deadlock victim is retried as BullMQ would.
    await Promise.all(
      [0, 1, 2, 3].map(async () => {
        for (let event = queue.shift(); event; event = queue.shift()) {
          for (let attempt = 1; ; attempt += 1) {
            try {
              await h.apply(ds, [event]);
              break;
            } catch (error) {
              if ((error as { code?: string }).code !== '40P01' || attempt === 5) throw error;
            }
          }
        }
      }),
    );
    const got = await answer({ ...march(team), groupBy: [FunnelDimension.OWNER] });
    expect(got.map((g) => ({ ...g, key: { ...g.key, teamId: null } }))).toEqual(expected);
  });

  it('re-groups a customer when its industry changes, and the old group empties', async () => {
    const team = uniqueTeam();
    const h = funnelScenario(team);
    await h.apply(ds);
    const before = h.events.length;
    h.customer('d').updated({ industryCode: 'C34', sourceChannel: 'TRADE_SHOW' }, new Date().toISOString());
    await h.apply(ds, h.events.slice(before));
    const byIndustry = await answer({ ...march(team), groupBy: [FunnelDimension.INDUSTRY] });
    expect(byIndustry.map((g) => g.key.industryCode)).toEqual(['C34']);
    expect(stage(byIndustry[0], 'LEAD_NURTURING').entered).toBe(3);
  });

  it('counts re-entries in whole months of a period that starts mid-month by where the previous entry fell', async () => {
    const team = uniqueTeam();
    const h = new History(team);
    // E: into NEGOTIATION on 5 Feb (before the period), back to PROPOSAL, into NEGOTIATION again on
    // 10 Mar: its first entry inside 10 Feb – 20 Nov is the March one (previous entry before `from`).
    h.customer('e')
      .created(sh('2024-01-15T10:00:00'))
      .stage('NEGOTIATION', sh('2024-02-05T10:00:00'))
      .stage('PROPOSAL_PRESENTED', sh('2024-02-07T10:00:00'))
      .stage('NEGOTIATION', sh('2024-03-10T10:00:00'));
    // F: the same walk with its first entry on 12 Feb (inside the period): March is a re-entry, not counted.
    h.customer('f')
      .created(sh('2024-01-15T10:00:00'))
      .stage('NEGOTIATION', sh('2024-02-12T10:00:00'))
      .stage('PROPOSAL_PRESENTED', sh('2024-02-14T10:00:00'))
      .stage('NEGOTIATION', sh('2024-03-10T10:00:00'));
    // G: previous entry in January (a month before `from`'s month): counted in March as well.
    h.customer('g')
      .created(sh('2024-01-02T10:00:00'))
      .stage('NEGOTIATION', sh('2024-01-20T10:00:00'))
      .stage('PROPOSAL_PRESENTED', sh('2024-01-22T10:00:00'))
      .stage('NEGOTIATION', sh('2024-04-03T10:00:00'));
    await h.apply(ds);
    for (const groupBy of [[], [FunnelDimension.OWNER]]) {
      const [g] = await answer({ from: '2024-02-10', to: '2024-11-20', filter: { teamId: team }, groupBy });
      expect(stage(g, 'NEGOTIATION').entered).toBe(3);
      expect(stage(g, 'PROPOSAL_PRESENTED')).toMatchObject({ entered: 1, advanced: 1 });
    }
    // Starting on 13 Feb, F's 12 Feb entry is outside, so its March entry counts (from the correction).
    const [late] = await answer({ from: '2024-02-13', to: '2024-11-20', filter: { teamId: team } });
    expect(stage(late, 'NEGOTIATION').entered).toBe(3);
    expect(stage(late, 'PROPOSAL_PRESENTED').entered).toBe(1);
  });

  it('rejects a backwards or over-long period as INVALID_PERIOD', async () => {
    await expect(
      funnel.conversionFunnel(admin, { from: '2024-03-02', to: '2024-03-01' }),
    ).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { field: 'from', reason: 'INVALID_PERIOD' },
    });
    await expect(
      funnel.conversionFunnel(admin, { from: '2021-01-01', to: '2024-03-01' }),
    ).rejects.toBeInstanceOf(BadInputError);
    await expect(
      funnel.conversionFunnel(admin, { from: '2021-03-02', to: '2024-03-01' }),
    ).resolves.toHaveLength(1);
  });
});
