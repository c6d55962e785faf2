import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { testDatabaseUrl } from '@salestrail/testkit';
import { FunnelService } from '../funnel/funnel.service';
import { actorOf, analyticsTestDataSource, uniqueTeam } from '../test/harness';
import { funnelScenario } from '../test/scenarios';
import { ensureBiRole } from './bi-role';

const ROLE = 'salestrail_bi_test';

describe('BI views and the read-only role (real Postgres)', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await analyticsTestDataSource();
  });
  afterAll(() => ds.destroy());

  it('the funnel view gives the report\'s figures with the documented query', async () => {
    const team = uniqueTeam();
    await funnelScenario(team).apply(ds);
    const rows: Array<{ stage: string; entered: number; advanced: number; terminated: number }> = await ds.query(
      `SELECT stage, sum(entries)::int AS entered, sum(advanced)::int AS advanced, sum(terminated)::int AS terminated
       FROM analytics.funnel_daily
       WHERE team_id = $1 AND day BETWEEN '2024-03-01' AND '2024-03-31'
         AND (previous_entry_day IS NULL OR previous_entry_day < '2024-03-01')
       GROUP BY stage ORDER BY stage`,
      [team],
    );
    const [report] = await new FunnelService(ds).conversionFunnel(actorOf('ADMIN', 'a', null), {
      from: '2024-03-01',
      to: '2024-03-31',
      filter: { teamId: team },
    });
    const expected = report!.stages
      .filter((s) => s.entered > 0)
      .map(({ stage, entered, advanced, terminated }) => ({ stage, entered, advanced, terminated }))
      .sort((a, b) => a.stage.localeCompare(b.stage));
    expect(rows).toEqual(expected);
    const durations: Array<{ days: number }> = await ds.query(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY days_in_stage) AS days FROM analytics.stage_durations
       WHERE team_id = $1 AND stage = 'NEEDS_CONFIRMED' AND day BETWEEN '2024-03-01' AND '2024-03-31'`,
      [team],
    );
    expect(durations[0]!.days).toBeCloseTo(5, 10);
    const pipeline: Array<{ stage: string; n: number }> = await ds.query(
      `SELECT stage, count(*)::int AS n FROM analytics.current_pipeline WHERE team_id = $1 GROUP BY stage ORDER BY stage`,
      [team],
    );
    expect(pipeline).toEqual([
      { stage: 'DEAL_SIGNING', n: 1 },
      { stage: 'LEAD_TERMINATED', n: 2 },
      { stage: 'NEGOTIATION', n: 1 },
    ]);
  });

  it('the BI role reads the analytics views and nothing else, and writes nothing', async () => {
    const team = uniqueTeam();
    await funnelScenario(team).apply(ds);
    await ensureBiRole(ds, ROLE);
    const [nologin]: Array<{ rolcanlogin: boolean }> = await ds.query(`SELECT rolcanlogin FROM pg_roles WHERE rolname = $1`, [ROLE]);
    expect(nologin!.rolcanlogin).toBe(false);
    await ensureBiRole(ds, ROLE, 'a-long-test-password');
    const url = new URL(testDatabaseUrl('analytics'));
    url.username = ROLE;
    url.password = 'a-long-test-password';
    const bi = new Client({ connectionString: url.toString() });
    await bi.connect();
    try {
      const { rows } = await bi.query(`SELECT count(*)::int AS n FROM analytics.current_pipeline WHERE team_id = $1`, [team]);
      expect(rows[0].n).toBe(4);
      await expect(bi.query(`SELECT count(*) FROM public.customer_state`)).rejects.toThrow(/permission denied/);
      await expect(bi.query(`SELECT count(*) FROM public.processed_event`)).rejects.toThrow(/permission denied/);
      await expect(bi.query(`DELETE FROM analytics.current_pipeline`)).rejects.toThrow(/read-only|permission denied/);
      await expect(bi.query(`CREATE TABLE analytics.mine (x int)`)).rejects.toThrow(/read-only|permission denied/);
    } finally {
      await bi.end();
    }
    const after: Array<{ n: number }> = await ds.query(
      `SELECT count(*)::int AS n FROM customer_state WHERE team_id = $1`,
      [team],
    );
    expect(after[0]!.n).toBe(4);
  });
});
