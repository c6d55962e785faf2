import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { TestSystem, waitFor } from '@salestrail/testkit';
import { DedicatedRedis } from '../chaos/redis-server';
import { percentile } from './stats';

/**
 * Event lag: from the commit of an event in records' outbox to its application in the analytics read
 * model, at a steady rate, and the catch-up rate after analytics was down while a backlog piled up.
 *
 * Events are `customer.created` records written straight into records' outbox (one transaction per
 * event in the steady phase, as a mutation commits them), so the figure is the pipeline's own cost:
 * LISTEN/NOTIFY wake-up, relay, BullMQ, the analytics consumer and its read-model update. The commit
 * time is the outbox row's `occurred_at` (clock_timestamp() in the inserting statement), the applied
 * time is analytics' `processed_event.processed_at`; both come from the same Postgres clock.
 */

export interface EventLagOptions {
  /** Events per second in the steady phase. */
  rate: number;
  /** Seconds of the steady phase. */
  seconds: number;
  /** Events piled up while analytics is down. */
  backlog: number;
  log?: (line: string) => void;
}

export interface EventLagResult {
  rate: number;
  steadyEvents: number;
  achievedRate: number;
  lagMs: { p50: number; p95: number; p99: number; max: number };
  backlog: number;
  /** From analytics' start (process spawned) until the whole backlog was applied. */
  catchUpSeconds: number;
  catchUpPerSecond: number;
}

const ACTOR = JSON.stringify({ userId: 'lag-admin', role: 'ADMIN', teamId: null, name: 'lag-admin' });

const INDUSTRIES = ['C34', 'C39', 'I65', 'F51', 'K70', 'M73', 'C26', 'E48'];
const CHANNELS = ['TRADE_SHOW', 'PROACTIVE_VISIT', 'ONLINE_PROMOTION', 'REFERRAL', 'INBOUND', 'OTHER'];
let sequence = 0;

/** A new customer of one of 50 salespeople in 5 teams, across industries and channels (no single hot aggregate row). */
function createdEvent(): { id: string; team: string; payload: string } {
  const id = randomUUID();
  const now = new Date().toISOString();
  sequence += 1;
  const rep = sequence % 50;
  const team = `lag-team-${rep % 5}`;
  return {
    id,
    team,
    payload: JSON.stringify({
      customerId: id,
      name: `事件延迟客户 ${id.slice(0, 8)}`,
      kind: 'ENTERPRISE',
      industryCode: INDUSTRIES[sequence % INDUSTRIES.length],
      sourceChannel: CHANNELS[sequence % CHANNELS.length],
      firstContactDate: now.slice(0, 10),
      ownerId: `lag-rep-${rep}`,
      teamId: team,
      contactCount: 1,
      stage: 'LEAD_NURTURING',
      createdAt: now,
    }),
  };
}

const INSERT = `INSERT INTO outbox_event (id, type, aggregate_id, version, team_id, actor, payload, occurred_at)
  SELECT gen_random_uuid(), 'customer.created', v.aggregate_id, 1, v.team_id, $2::jsonb, v.payload, clock_timestamp()
  FROM unnest($1::text[], $3::jsonb[], $4::text[]) AS v(aggregate_id, payload, team_id)`;

async function insertEvents(pool: Pool, count: number): Promise<void> {
  const events = Array.from({ length: count }, createdEvent);
  await pool.query(INSERT, [events.map((e) => e.id), ACTOR, events.map((e) => e.payload), events.map((e) => e.team)]);
}

async function appliedCount(analytics: Pool): Promise<number> {
  const { rows } = await analytics.query<{ n: string }>(`SELECT count(*) AS n FROM processed_event WHERE producer = 'records'`);
  return Number(rows[0]!.n);
}

export async function runEventLagBenchmark(options: EventLagOptions): Promise<EventLagResult> {
  const log = options.log ?? (() => undefined);
  const redis = await DedicatedRedis.start();
  const system = await TestSystem.start(`lag${Date.now().toString(36)}`, { REDIS_URL: redis.url, LOG_LEVEL: 'error' });
  const records = new Pool({ connectionString: system.env.RECORDS_DATABASE_URL, max: 8 });
  const analytics = new Pool({ connectionString: system.env.ANALYTICS_DATABASE_URL, max: 2 });
  try {
    // Steady phase: one transaction per event, on a fixed schedule (not back-to-back).
    const total = Math.round(options.rate * options.seconds);
    const before = await appliedCount(analytics);
    const t0 = performance.now();
    const inserts: Array<Promise<void>> = [];
    for (let i = 0; i < total; i++) {
      const due = t0 + (i * 1000) / options.rate;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      inserts.push(insertEvents(records, 1));
    }
    await Promise.all(inserts);
    const achievedRate = total / ((performance.now() - t0) / 1000);
    await waitFor(async () => (await appliedCount(analytics)) >= before + total || undefined, {
      // Far beyond the steady phase: when analytics cannot keep up, the lag figures say so.
      timeoutMs: 300_000 + total * 100,
      intervalMs: 200,
      what: 'analytics to apply the steady-phase events',
    });
    const { rows } = await records.query<{ id: string; occurred_at: Date }>(`SELECT id::text, occurred_at FROM outbox_event WHERE team_id LIKE 'lag-team-%'`);
    const applied = await analytics.query<{ event_id: string; processed_at: Date }>(
      `SELECT event_id::text, processed_at FROM processed_event WHERE event_id = ANY($1::uuid[])`,
      [rows.map((r) => r.id)],
    );
    const committed = new Map(rows.map((r) => [r.id, r.occurred_at.getTime()]));
    // processed_at carries microseconds; Date keeps milliseconds, enough for a lag in milliseconds.
    const lags = applied.rows.map((r) => r.processed_at.getTime() - committed.get(r.event_id)!).sort((a, b) => a - b);
    log(`steady phase: ${total} events at ${achievedRate.toFixed(0)}/s, lag p50 ${percentile(lags, 50)} ms, p99 ${percentile(lags, 99)} ms`);

    // Catch-up: analytics down, the backlog committed and published, then analytics back.
    await system.kill('analytics');
    const backlogStart = await records.query<{ n: string }>(`SELECT count(*) AS n FROM outbox_event`);
    for (let done = 0; done < options.backlog; done += 2_000) await insertEvents(records, Math.min(2_000, options.backlog - done));
    const expected = Number(backlogStart.rows[0]!.n) + options.backlog;
    await waitFor(
      async () => {
        const { rows: r } = await records.query<{ n: string }>(`SELECT count(*) AS n FROM outbox_event WHERE sent_at IS NOT NULL`);
        return Number(r[0]!.n) >= expected || undefined;
      },
      { timeoutMs: 600_000, intervalMs: 500, what: 'the relay to publish the backlog' },
    );
    log(`backlog of ${options.backlog} events published while analytics was down`);
    const target = (await appliedCount(analytics)) + options.backlog;
    const c0 = performance.now();
    await system.startProcess('analytics');
    await waitFor(async () => (await appliedCount(analytics)) >= target || undefined, {
      timeoutMs: 1_800_000,
      intervalMs: 250,
      what: 'analytics to catch up',
    });
    const catchUpSeconds = (performance.now() - c0) / 1000;
    return {
      rate: options.rate,
      steadyEvents: total,
      achievedRate,
      lagMs: { p50: percentile(lags, 50), p95: percentile(lags, 95), p99: percentile(lags, 99), max: lags[lags.length - 1] ?? Number.NaN },
      backlog: options.backlog,
      catchUpSeconds,
      catchUpPerSecond: options.backlog / catchUpSeconds,
    };
  } finally {
    await records.end();
    await analytics.end();
    await system.stop();
    await redis.stop();
  }
}

export function formatEventLag(r: EventLagResult): string {
  return [
    `| figure | value |`,
    `|---|---|`,
    `| steady rate (target / achieved) | ${r.rate} / ${r.achievedRate.toFixed(0)} events/s, ${r.steadyEvents} events |`,
    `| lag commit → analytics read model p50 | ${r.lagMs.p50} ms |`,
    `| lag p95 | ${r.lagMs.p95} ms |`,
    `| lag p99 (target < 250 ms) | ${r.lagMs.p99} ms |`,
    `| lag max | ${r.lagMs.max} ms |`,
    `| catch-up after analytics was down: backlog | ${r.backlog} events |`,
    `| catch-up time (from analytics' start, boot included) | ${r.catchUpSeconds.toFixed(1)} s |`,
    `| catch-up rate | ${r.catchUpPerSecond.toFixed(0)} events/s |`,
  ].join('\n');
}
