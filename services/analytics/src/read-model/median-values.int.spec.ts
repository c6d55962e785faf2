import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Stage } from '@salestrail/contract';
import { FunnelDimension } from '../common/dimensions';
import { FollowUpService } from '../follow-up/follow-up.service';
import { FunnelService, type FunnelQuery } from '../funnel/funnel.service';
import { actorOf, analyticsTestDataSource, uniqueTeam } from '../test/harness';
import { History, shuffled } from '../test/history';
import { histogramTable, MEDIAN_KEY, MEDIAN_ROLLUPS } from './median-values';
import { rollupKey } from './rollups';

const admin = actorOf('ADMIN', 'admin', null);
const STAGES: Stage[] = ['LEAD_NURTURING', 'NEEDS_CONFIRMED', 'PROPOSAL_PRESENTED', 'NEGOTIATION', 'DEAL_SIGNING', 'LEAD_TERMINATED'];

/**
 * 40 customers of one team and industry, three reps, walking through stages (with re-entries) at
 * whole-day and whole-hour steps, so many values tie and share a bucket; every second next action is
 * completed. Deterministic.
 */
function generated(team: string, industry: string): History {
  const h = new History(team);
  let s = 7;
  const next = (n: number) => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s % n;
  };
  for (let i = 0; i < 40; i += 1) {
    const c = h.customer(`c${i}`, `rep-${i % 3}`, { industryCode: industry, sourceChannel: i % 2 ? 'REFERRAL' : 'INBOUND' });
    let at = Date.parse('2024-01-20T02:00:00Z') + next(300) * 86_400_000;
    c.created(new Date(at).toISOString());
    for (let k = 0; k < 4; k += 1) {
      at += (1 + next(6)) * 86_400_000 + next(3) * 3_600_000;
      c.stage(STAGES[next(STAGES.length)]!, new Date(at).toISOString());
    }
    for (let k = 0; k < 3; k += 1) {
      const id = randomUUID();
      const created = at - next(200) * 86_400_000;
      c.nextAction(id, new Date(created).toISOString(), new Date(created + (1 + next(5)) * 86_400_000).toISOString());
      if (k % 2 === 0) c.completed(id, new Date(created + (1 + next(4)) * 3_600_000 * 12).toISOString());
    }
  }
  return h;
}

describe('median histograms (real Postgres)', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await analyticsTestDataSource();
  });
  afterAll(() => ds.destroy());

  async function expectHistogramsCountValues(team: string, industry: string): Promise<void> {
    for (const rollup of MEDIAN_ROLLUPS.filter((r) => r.name !== 'all')) {
      const [column, value] = rollup.name === 'owner' ? ['team_id', team] : ['industry_code', industry];
      const key = rollupKey(MEDIAN_KEY, rollup);
      const derived = key.map((c) =>
        c === 'grain' ? 'g.grain' : c === 'period' ? 'date_trunc(g.grain, v.day)::date::text' : c === 'bucket' ? `v.bucket / ${rollup.divisor}` : `v.${c}`,
      );
      const order = key.map((_, i) => i + 1).join(', ');
      const stored = await ds.query(
        `SELECT ${key.map((c) => (c === 'period' ? 'period::text' : c)).join(', ')}, n FROM ${histogramTable(rollup)} WHERE ${column} = $1 ORDER BY ${order}`,
        [value],
      );
      const expected = await ds.query(
        `SELECT ${derived.map((c, i) => `${c} AS ${key[i]}`).join(', ')}, count(*)::int AS n
         FROM median_value v CROSS JOIN (VALUES ('month'), ('year')) AS g(grain) WHERE v.${column} = $1
         GROUP BY ${order} ORDER BY ${order}`,
        [value],
      );
      expect(stored).toEqual(expected);
    }
    // The sorted values per owner/team: every value of the month / year, ascending (empty rows may stay).
    const sorted = await ds.query(
      `SELECT kind, grain, period::text, stage, owner_id, vals FROM median_sorted_owner
       WHERE team_id = $1 AND cardinality(vals) > 0 ORDER BY 1, 2, 3, 4, 5`,
      [team],
    );
    const expected = await ds.query(
      `SELECT v.kind, g.grain, date_trunc(g.grain, v.day)::date::text AS period, v.stage, v.owner_id, array_agg(v.value ORDER BY v.value) AS vals
       FROM median_value v CROSS JOIN (VALUES ('month'), ('year')) AS g(grain) WHERE v.team_id = $1
       GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`,
      [team],
    );
    expect(sorted).toEqual(expected);
  }

  it('give exactly the medians of the raw values, whatever the order the events arrive in', async () => {
    const team = uniqueTeam();
    const industry = `M${randomUUID().slice(0, 8)}`;
    const h = generated(team, industry);
    const events = shuffled(h.events, 11);
    for (let i = 0; i < events.length; i += 40) {
      await h.apply(ds, events.slice(i, i + 40));
      await expectHistogramsCountValues(team, industry);
    }
    const [histogram]: Array<{ n: number }> = await ds.query(`SELECT count(*)::int AS n FROM median_histogram_owner WHERE team_id = $1`, [team]);
    expect(histogram!.n).toBeGreaterThan(0);
    const [values]: Array<{ n: number; distinct: number }> = await ds.query(
      `SELECT count(*)::int AS n, count(DISTINCT (kind, stage, bucket))::int AS distinct FROM median_value WHERE team_id = $1`,
      [team],
    );
    // Many values share a bucket: the medians are found by rank inside a bucket, not by the bucket alone.
    expect(values!.n).toBeGreaterThan(2 * values!.distinct);

    const funnel = new FunnelService(ds);
    const followUp = new FollowUpService(ds);
    const now = new Date('2025-06-01T00:00:00Z');
    const queries: Array<[ReturnType<typeof actorOf>, FunnelQuery]> = [];
    for (const [from, to] of [['2024-01-01', '2024-12-31'], ['2024-03-01', '2024-08-31'], ['2024-02-10', '2024-11-20'], ['2024-05-01', '2024-05-01']]) {
      const period = { from: from!, to: to! };
      queries.push(
        [admin, { ...period, filter: { teamId: team } }],
        [admin, { ...period, filter: { industryCode: industry } }],
        [admin, { ...period, filter: { teamId: team }, groupBy: [FunnelDimension.OWNER] }],
        [admin, { ...period, filter: { industryCode: industry }, groupBy: [FunnelDimension.SOURCE_CHANNEL] }],
        [actorOf('SALES_MANAGER', 'mgr', team), period],
        [actorOf('SALES_REP', 'rep-1', team), { ...period, filter: { industryCode: industry } }],
      );
    }
    let medians = 0;
    for (const [actor, query] of queries) {
      const fast = await funnel.conversionFunnel(actor, query);
      expect(fast).toEqual(await funnel.exactConversionFunnel(actor, query));
      medians += fast.flatMap((g) => g.stages).filter((st) => st.medianDaysInStage !== null).length;
      const fastFollowUp = await followUp.followUpEfficiency(actor, query, now);
      expect(fastFollowUp).toEqual(await followUp.exactFollowUpEfficiency(actor, query, now));
      medians += fastFollowUp.filter((g) => g.medianHoursToComplete !== null).length;
    }
    expect(medians).toBeGreaterThan(100);
  }, 120_000);
});
