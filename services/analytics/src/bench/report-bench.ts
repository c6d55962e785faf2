import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { applyEventOnce, ensureDatabase, migrateDatabase } from '@salestrail/platform';
import type { Actor, DomainEvent } from '@salestrail/contract';
import { FunnelDimension } from '../common/dimensions';
import { createAnalyticsDataSource } from '../data-source';
import { handleAnalyticsEvent } from '../events/analytics-event.handler';
import { FollowUpService } from '../follow-up/follow-up.service';
import { FunnelService } from '../funnel/funnel.service';
import { PipelineService } from '../pipeline/pipeline.service';
import { recomputeAll } from '../read-model/recompute';

/*
 * Report latency at size: `node dist/bench/report-bench.js <database url> [customers] [runs]`. Seeds a year
 * (2024) of facts set-based — per customer 5 stage transitions, 10 interactions, 10 next actions, so the
 * default 100 000 customers give 500k transitions and 1M interactions — derives the aggregates, then
 * times each report (p50 / p95 of `runs`, default 20) and the exact raw-fact queries (the
 * floor: the same reports by plain SQL over the facts; speed-up and equality printed), and the cost of
 * applying one event. The database is dropped and re-seeded on every run.
 */
async function main(): Promise<void> {
  const url = process.argv[2];
  const customers = Number(process.argv[3] ?? 100_000);
  const runs = Number(process.argv[4] ?? 20);
  if (!url) throw new Error('usage: report-bench <database url> [customers] [runs]');
  await ensureDatabase(url);
  const ds = createAnalyticsDataSource(url, 4);
  await ds.initialize();
  await migrateDatabase(ds);
  const t0 = performance.now();
  await ds.query(`TRUNCATE customer_state, team_dim, stage_transition, interaction_fact, next_action_fact,
                  funnel_contribution, funnel_daily, follow_up_contribution, follow_up_daily, processed_event, producer_position`);
  await ds.query(
    `INSERT INTO customer_state (customer_id, name, owner_id, team_id, industry_code, source_channel, version, facts_version, owner_version)
     SELECT 'c' || i, 'customer ' || i, 'rep-' || (i % 20) || '-' || ((i / 20) % 10), 'team-' || (i % 20),
            (ARRAY['C34','C35','C36','C38','C39','I63','I64','I65','P83','F51'])[1 + (i / 7) % 10],
            (ARRAY['TRADE_SHOW','PROACTIVE_VISIT','ONLINE_PROMOTION','REFERRAL','INBOUND','OTHER'])[1 + (i / 3) % 6],
            0, 1, 1
     FROM generate_series(1, $1) AS i`,
    [customers],
  );
  // Transitions: creation into LEAD_NURTURING, then four moves to a random different stage.
  await ds.query(
    `WITH base AS (
       SELECT i, timestamptz '2024-01-01 00:00+08' + random() * interval '300 days' AS created FROM generate_series(1, $1) AS i
     ), steps AS (
       SELECT b.i, k, b.created + (k * (1 + random() * 12)) * interval '1 day' AS at,
              CASE WHEN k = 0 THEN 1 ELSE 1 + floor(random() * 7)::int END AS stage_no
       FROM base b, generate_series(0, 4) AS k
     ), ordered AS (
       SELECT i, k, at, (ARRAY['LEAD_NURTURING','NEEDS_CONFIRMED','PROPOSAL_PRESENTED','NEGOTIATION','DEAL_SIGNING','AFTER_SALES','LEAD_TERMINATED'])[stage_no] AS stage
       FROM steps
     )
     INSERT INTO stage_transition (event_id, customer_id, from_stage, to_stage, at, owner_id, team_id, customer_version)
     SELECT gen_random_uuid(), 'c' || i, lag(stage) OVER (PARTITION BY i ORDER BY k), stage, at,
            'rep-' || (i % 20) || '-' || ((i / 20) % 10), 'team-' || (i % 20), k + 1
     FROM ordered`,
    [customers],
  );
  await ds.query(
    `INSERT INTO interaction_fact (interaction_id, customer_id, occurred_at, logged_at, method, owner_id, team_id, author_id)
     SELECT 'i' || i || '-' || k, 'c' || i, o, o + random() * interval '40 hours', 'PHONE_CALL',
            'rep-' || (i % 20) || '-' || ((i / 20) % 10), 'team-' || (i % 20), 'rep-' || (i % 20) || '-' || ((i / 20) % 10)
     FROM generate_series(1, $1) AS i, generate_series(1, 10) AS k,
          LATERAL (SELECT timestamptz '2024-01-01 00:00+08' + random() * interval '365 days' + k * interval '0 s' AS o) x`,
    [customers],
  );
  await ds.query(
    `INSERT INTO next_action_fact (next_action_id, customer_id, owner_id, team_id, created_at, due_at, completed_at, cancelled_at, status, due_version, owner_version)
     SELECT i.interaction_id || '-a', i.customer_id, i.owner_id, i.team_id, i.logged_at, i.logged_at + r.due * interval '1 day',
            CASE WHEN r.p < 0.7 THEN i.logged_at + r.took * interval '1 day' END,
            CASE WHEN r.p >= 0.7 AND r.p < 0.75 THEN i.logged_at + interval '1 day' END,
            CASE WHEN r.p < 0.7 THEN 'DONE' WHEN r.p < 0.75 THEN 'CANCELLED' ELSE 'OPEN' END, 1, 0
     FROM interaction_fact i, LATERAL (SELECT random() AS p, 1 + random() * 6 AS due, random() * 8 AS took, i.interaction_id AS dep) r`,
  );
  const seeded = performance.now();
  await ds.transaction((m) => recomputeAll(m));
  await ds.query('VACUUM ANALYZE');
  const derived = performance.now();
  const counts = await ds.query(
    `SELECT (SELECT count(*) FROM stage_transition) AS transitions, (SELECT count(*) FROM interaction_fact) AS interactions,
            (SELECT count(*) FROM next_action_fact) AS next_actions, (SELECT count(*) FROM funnel_daily) AS funnel_daily_rows,
            (SELECT count(*) FROM follow_up_daily) AS follow_up_daily_rows`,
  );
  console.log(JSON.stringify({ ...counts[0], seedSeconds: (seeded - t0) / 1000, deriveSeconds: (derived - seeded) / 1000 }));

  const admin: Actor = { userId: 'admin', role: 'ADMIN', teamId: null };
  const manager: Actor = { userId: 'm', role: 'SALES_MANAGER', teamId: 'team-3' };
  const rep: Actor = { userId: 'rep-3-4', role: 'SALES_REP', teamId: 'team-3' };
  const funnel = new FunnelService(ds);
  const followUp = new FollowUpService(ds);
  const year = { from: '2024-01-01', to: '2024-12-31' };
  const byOwner = { ...year, groupBy: [FunnelDimension.OWNER] };
  const byIndustry = { ...year, groupBy: [FunnelDimension.INDUSTRY] };
  const cases: Array<[string, () => Promise<unknown>]> = [
    ['conversionFunnel year, all (ADMIN)', () => funnel.conversionFunnel(admin, year)],
    ['conversionFunnel year, groupBy OWNER', () => funnel.conversionFunnel(admin, byOwner)],
    ['conversionFunnel year, groupBy INDUSTRY', () => funnel.conversionFunnel(admin, byIndustry)],
    ['conversionFunnel year, groupBy TEAM+INDUSTRY+SOURCE_CHANNEL', () =>
      funnel.conversionFunnel(admin, { ...year, groupBy: [FunnelDimension.TEAM, FunnelDimension.INDUSTRY, FunnelDimension.SOURCE_CHANNEL] })],
    ['conversionFunnel 2024-02-10..2024-11-20 (unaligned), all', () => funnel.conversionFunnel(admin, { from: '2024-02-10', to: '2024-11-20' })],
    ['conversionFunnel year, manager scope', () => funnel.conversionFunnel(manager, year)],
    ['conversionFunnel March, rep scope', () => funnel.conversionFunnel(rep, { from: '2024-03-01', to: '2024-03-31' })],
    ['followUpEfficiency year, all', () => followUp.followUpEfficiency(admin, year)],
    ['followUpEfficiency year, groupBy OWNER', () => followUp.followUpEfficiency(admin, byOwner)],
    ['followUpEfficiency year, groupBy INDUSTRY', () => followUp.followUpEfficiency(admin, byIndustry)],
    ['followUpEfficiency year, manager scope', () => followUp.followUpEfficiency(manager, year)],
    ['pipeline, all', () => new PipelineService(ds).pipeline(admin, undefined)],
  ];
  const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
  const time = async (run: () => Promise<unknown>, n: number): Promise<number[]> => {
    const times: number[] = [];
    for (let i = 0; i < n; i += 1) {
      const start = performance.now();
      await run();
      times.push(performance.now() - start);
    }
    return times.sort((a, b) => a - b);
  };
  for (const [name, run] of cases) {
    await run();
    const times = await time(run, runs);
    console.log(`${name}: p50 ${percentile(times, 0.5).toFixed(1)} ms, p95 ${percentile(times, 0.95).toFixed(1)} ms (${runs} runs)`);
  }

  // The floor: the definitions evaluated by plain SQL over the raw facts, same reports.
  const floors: Array<[string, () => Promise<unknown>, () => Promise<unknown>]> = [
    ['conversionFunnel year, all', () => funnel.exactConversionFunnel(admin, year), () => funnel.conversionFunnel(admin, year)],
    ['conversionFunnel year, groupBy OWNER', () => funnel.exactConversionFunnel(admin, byOwner), () => funnel.conversionFunnel(admin, byOwner)],
    ['conversionFunnel year, groupBy INDUSTRY', () => funnel.exactConversionFunnel(admin, byIndustry), () => funnel.conversionFunnel(admin, byIndustry)],
    ['followUpEfficiency year, all', () => followUp.exactFollowUpEfficiency(admin, year), () => followUp.followUpEfficiency(admin, year)],
    ['followUpEfficiency year, groupBy OWNER', () => followUp.exactFollowUpEfficiency(admin, byOwner), () => followUp.followUpEfficiency(admin, byOwner)],
    ['followUpEfficiency year, groupBy INDUSTRY', () => followUp.exactFollowUpEfficiency(admin, byIndustry), () => followUp.followUpEfficiency(admin, byIndustry)],
  ];
  for (const [name, floor, fast] of floors) {
    const floorTimes = await time(floor, 3);
    const fastTimes = await time(fast, runs);
    const same = JSON.stringify(await floor()) === JSON.stringify(await fast());
    console.log(
      `FLOOR ${name}: raw SQL p50 ${percentile(floorTimes, 0.5).toFixed(0)} ms; fast p95 ${percentile(fastTimes, 0.95).toFixed(1)} ms; ` +
        `speed-up (floor p50 / fast p95) ${(percentile(floorTimes, 0.5) / percentile(fastTimes, 0.95)).toFixed(0)}x; same answer: ${same}`,
    );
  }

  // The cost of one event: a stage change of a customer with a full history.
  const times: number[] = [];
  for (let i = 0; i < 20; i += 1) {
    const event = {
      id: randomUUID(), producer: 'records', seq: 10_000_000 + i, version: 100 + i, occurredAt: new Date().toISOString(),
      actor: rep, teamId: 'team-3', aggregateId: `c${23 + i * 20}`, type: 'customer.stage_changed',
      payload: { customerId: `c${23 + i * 20}`, from: null, to: 'NEGOTIATION', at: '2024-12-30T02:00:00.000Z', reason: null, ownerId: 'rep-3-1', teamId: 'team-3' },
    } as unknown as DomainEvent;
    const start = performance.now();
    await applyEventOnce(ds, event, handleAnalyticsEvent);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  console.log(`apply one stage change: median ${times[10]!.toFixed(1)} ms (max ${times[19]!.toFixed(1)})`);
  await ds.destroy();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
