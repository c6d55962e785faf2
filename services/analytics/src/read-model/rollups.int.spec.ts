import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { FunnelDimension } from '../common/dimensions';
import { FollowUpService } from '../follow-up/follow-up.service';
import { FunnelService } from '../funnel/funnel.service';
import { actorOf, analyticsTestDataSource, uniqueTeam } from '../test/harness';
import { History, sh } from '../test/history';
import { funnelScenario } from '../test/scenarios';
import { rollupKey, rollupTable, ROLLUPS, type AggregateKind, type Rollup } from './rollups';

const FUNNEL_KEY = ['day', 'prev_day', 'stage', 'owner_id', 'team_id', 'industry_code', 'source_channel'];
const FUNNEL_METRICS = ['entries', 'advanced', 'terminated', 'lost'];
const FOLLOW_KEY = ['day', 'owner_id', 'team_id', 'industry_code', 'source_channel'];
const FOLLOW_METRICS = ['interactions', 'logged_within_24h', 'actions_due', 'completed_on_time', 'completed'];
const admin = actorOf('ADMIN', 'admin', null);

describe('month and year roll-ups (real Postgres)', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await analyticsTestDataSource();
  });
  afterAll(() => ds.destroy());

  /** A roll-up's rows where `column = value`, and the same rows computed from the daily table. */
  async function compare(kind: AggregateKind, rollup: Rollup, column: string, value: string) {
    const shapes: Record<AggregateKind, [string[], string[]]> = {
      funnel: [FUNNEL_KEY, FUNNEL_METRICS],
      follow_up: [FOLLOW_KEY, FOLLOW_METRICS],
      open_action: [FOLLOW_KEY, ['open']],
    };
    const [dailyKey, metrics] = shapes[kind];
    const key = rollupKey(dailyKey, rollup);
    const text = (c: string) => (c === 'period' || c === 'prev_period' ? `${c}::text` : c);
    const derived = key.map((c) =>
      c === 'grain' ? 'g.grain' : c === 'period' ? 'date_trunc(g.grain, d.day)::date' : c === 'prev_period' ? 'date_trunc(g.grain, d.prev_day)::date' : `d.${c}`,
    );
    const order = key.map((_, i) => i + 1).join(', ');
    const stored = await ds.query(
      `SELECT ${[...key.map(text), ...metrics].join(', ')} FROM ${rollupTable(kind, rollup)} WHERE ${column} = $1 ORDER BY ${order}`,
      [value],
    );
    const expected = await ds.query(
      `SELECT ${derived.map((c, i) => `${c}${key[i]!.includes('period') ? '::text' : ''} AS ${key[i]}`).join(', ')},
              ${metrics.map((m) => `sum(d.${m})::int AS ${m}`).join(', ')}
       FROM ${kind}_daily d CROSS JOIN (VALUES ('month'), ('year')) AS g(grain)
       WHERE d.${column} = $1 GROUP BY ${order} HAVING ${metrics.map((m) => `sum(d.${m}) <> 0`).join(' OR ')} ORDER BY ${order}`,
      [value],
    );
    return { stored, expected };
  }

  async function expectRollupsMatchDaily(team: string, industry: string): Promise<void> {
    for (const kind of ['funnel', 'follow_up', 'open_action'] as const) {
      for (const rollup of ROLLUPS) {
        const [column, value] = rollup.name === 'owner' ? ['team_id', team] : ['industry_code', industry];
        const { stored, expected } = await compare(kind, rollup, column, value);
        expect(stored).toEqual(expected);
      }
    }
  }

  it('hold the hand-computed March and year counts of the funnel scenario', async () => {
    const team = uniqueTeam();
    await funnelScenario(team).apply(ds);
    const rows: Array<{ grain: string; entries: number; advanced: number; terminated: number }> = await ds.query(
      `SELECT grain, sum(entries)::int AS entries, sum(advanced)::int AS advanced, sum(terminated)::int AS terminated
       FROM funnel_rollup_owner
       WHERE team_id = $1 AND stage = 'LEAD_NURTURING' AND prev_period < period
         AND ((grain = 'month' AND period = '2024-03-01') OR (grain = 'year' AND period = '2024-01-01'))
       GROUP BY grain ORDER BY grain`,
      [team],
    );
    // March: A, C and D entered LEAD_NURTURING (B in February); A and D advanced, C was terminated.
    // The year adds B (created in February, advanced, never terminated from LEAD_NURTURING).
    expect(rows).toEqual([
      { grain: 'month', entries: 3, advanced: 2, terminated: 1 },
      { grain: 'year', entries: 4, advanced: 3, terminated: 1 },
    ]);
  });

  it('equal the daily aggregates after every single event, including moves between groups and a time zone change', async () => {
    const team = uniqueTeam();
    const industry = `X${randomUUID().slice(0, 8)}`;
    const h = new History(team);
    const a = h.customer('a', 'rep-1', { industryCode: industry, sourceChannel: 'REFERRAL' }).created(sh('2024-01-31T23:30:00'));
    a.stage('NEEDS_CONFIRMED', sh('2024-02-01T00:30:00')).interaction(sh('2024-02-01T09:00:00'), sh('2024-02-03T09:00:00'));
    a.nextAction('na-' + team, sh('2024-02-01T09:00:00'), sh('2024-02-29T23:30:00')).completed('na-' + team, sh('2024-02-20T10:00:00'));
    const b = h.customer('b', 'rep-2', { industryCode: industry, sourceChannel: 'INBOUND' }).created(sh('2024-03-01T10:00:00'));
    b.stage('LEAD_TERMINATED', sh('2024-03-02T10:00:00'), 'no budget').stage('LEAD_NURTURING', sh('2024-12-31T23:00:00'));
    b.nextAction('nb-' + team, sh('2024-03-01T10:00:00'), sh('2024-03-31T23:59:00'));
    // Moves: a's industry changes away and back, b is transferred with its open action, then the team
    // moves to Berlin (every local day shifts, some across month and year ends).
    a.updated({ industryCode: 'C35' }, sh('2024-04-01T10:00:00')).updated({ industryCode: industry }, sh('2024-04-02T10:00:00'));
    b.transferred('rep-3', sh('2024-04-03T10:00:00'), ['nb-' + team]);
    h.teamUpserted('Europe/Berlin');
    for (const event of h.events) {
      await h.apply(ds, [event]);
      await expectRollupsMatchDaily(team, industry);
    }

    // The reports read the roll-ups (team filter: owner/team; industry filter: segment) and still equal
    // the definitions over the raw facts, for aligned and unaligned periods.
    const funnel = new FunnelService(ds);
    const followUp = new FollowUpService(ds);
    const now = new Date('2025-06-01T00:00:00Z');
    for (const [from, to] of [['2024-01-01', '2024-12-31'], ['2024-02-01', '2024-03-31'], ['2024-01-15', '2024-12-31'], ['2023-12-01', '2025-01-31']]) {
      for (const filter of [{ teamId: team }, { industryCode: industry }]) {
        const query = { from: from!, to: to!, filter };
        expect(await funnel.conversionFunnel(admin, query)).toEqual(await funnel.exactConversionFunnel(admin, query));
        expect(await followUp.followUpEfficiency(admin, query, now)).toEqual(await followUp.exactFollowUpEfficiency(admin, query, now));
      }
      const byOwner = { from: from!, to: to!, filter: { teamId: team }, groupBy: [FunnelDimension.OWNER] };
      expect(await funnel.conversionFunnel(admin, byOwner)).toEqual(await funnel.exactConversionFunnel(admin, byOwner));
      expect(await followUp.followUpEfficiency(admin, byOwner, now)).toEqual(await followUp.exactFollowUpEfficiency(admin, byOwner, now));
    }
    // Open and overdue at a moment inside the history: b's action (due 31 March) is open from creation on.
    for (const at of ['2024-03-31T15:00:00Z', '2024-03-31T16:30:00Z', '2024-04-15T00:00:00Z', '2025-02-01T00:00:00Z']) {
      const query = { from: '2024-01-01', to: '2024-12-31', filter: { teamId: team } };
      const fast = await followUp.followUpEfficiency(admin, query, new Date(at));
      expect(fast).toEqual(await followUp.exactFollowUpEfficiency(admin, query, new Date(at)));
      expect(fast[0]!.openOverdue).toBe(at < '2024-03-31T15:59:00Z' ? 0 : 1);
    }
    // In Berlin, a's creation (31 January 15:30 UTC) and its move to NEEDS_CONFIRMED (16:30 UTC) are both in January.
    const [year] = await funnel.conversionFunnel(admin, { from: '2024-01-01', to: '2024-12-31', filter: { industryCode: industry } });
    expect(year!.stages.find((s) => s.stage === 'LEAD_NURTURING')).toMatchObject({ entered: 2, advanced: 1, terminated: 1 });
    expect(year!.winRate).toBe(0);
  });
});
