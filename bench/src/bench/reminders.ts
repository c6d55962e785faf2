import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { TestSystem, waitFor } from '@salestrail/testkit';
import { DedicatedRedis } from '../chaos/redis-server';
import { RespClient } from '../chaos/resp';
import { percentile } from './stats';

/**
 * Reminders at scale: `actions` next actions, due uniformly over a window that opens `leadSeconds`
 * from now, enter the system as `next_action.created` events in records' outbox (the way logInteraction
 * commits them); workflow schedules three delayed BullMQ jobs per action (due soon, overdue, escalate)
 * on a Redis of the benchmark's own. The figure is each overdue reminder's lateness, the notification's
 * `created_at` minus the action's due time, and Redis memory. With the default due-soon lead (2 h) every
 * "due soon" reminder of an action due within the window fires at once: that burst is reported apart.
 */

export interface RemindersOptions {
  actions: number;
  /** Due times spread over this many seconds. */
  windowSeconds: number;
  /** The first due time is this far ahead (time to get every action into workflow first). */
  leadSeconds: number;
  log?: (line: string) => void;
}

export interface RemindersResult {
  actions: number;
  windowSeconds: number;
  scheduledSeconds: number;
  lateness: { count: number; p50: number; p95: number; p99: number; max: number };
  dueSoonBurst: { count: number; drainSeconds: number };
  redis: { baselineMb: number; scheduledMb: number; peakMb: number; perActionBytes: number };
  duplicates: number;
}

const ACTOR = JSON.stringify({ userId: 'bench-rep', role: 'SALES_REP', teamId: 'rem-team', name: 'bench-rep' });

async function usedMemory(redis: RespClient): Promise<number> {
  const info = String(await redis.command('INFO', 'memory'));
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? Number.NaN);
}

export async function runRemindersBenchmark(options: RemindersOptions): Promise<RemindersResult> {
  const log = options.log ?? (() => undefined);
  const redisServer = await DedicatedRedis.start();
  const system = await TestSystem.start(`rem${Date.now().toString(36)}`, { REDIS_URL: redisServer.url, LOG_LEVEL: 'error' });
  const records = new Pool({ connectionString: system.env.RECORDS_DATABASE_URL, max: 2 });
  const workflow = new Pool({ connectionString: system.env.WORKFLOW_DATABASE_URL, max: 2 });
  const redis = await RespClient.connect(redisServer.url);
  let peak = 0;
  const sampler = setInterval(() => {
    usedMemory(redis).then((m) => (peak = Math.max(peak, m)), () => undefined);
  }, 1_000);
  try {
    const baseline = await usedMemory(redis);
    const t0 = performance.now();
    const firstDue = Date.now() + options.leadSeconds * 1000;
    for (let done = 0; done < options.actions; done += 2_000) {
      const n = Math.min(2_000, options.actions - done);
      const ids = Array.from({ length: n }, () => randomUUID());
      const payloads = ids.map((id, i) => {
        const due = new Date(firstDue + Math.floor(((done + i) / options.actions) * options.windowSeconds * 1000));
        return JSON.stringify({
          nextActionId: id,
          customerId: id,
          interactionId: null,
          content: '发送产品参数表和报价单至客户邮箱',
          ownerId: `bench-rep-${(done + i) % 50}`,
          teamId: 'rem-team',
          dueAt: due.toISOString(),
          createdAt: new Date().toISOString(),
        });
      });
      await records.query(
        `INSERT INTO outbox_event (id, type, aggregate_id, version, team_id, actor, payload, occurred_at)
         SELECT gen_random_uuid(), 'next_action.created', v.aggregate_id, 1, 'rem-team', $2::jsonb, v.payload, now()
         FROM unnest($1::text[], $3::jsonb[]) AS v(aggregate_id, payload)`,
        [ids, ACTOR, payloads],
      );
    }
    await waitFor(
      async () => {
        const { rows } = await workflow.query<{ n: string }>(`SELECT count(*) AS n FROM wf_next_action WHERE team_id = 'rem-team'`);
        return Number(rows[0]!.n) >= options.actions || undefined;
      },
      { timeoutMs: 3_600_000, intervalMs: 1_000, what: 'workflow to schedule every action' },
    );
    const scheduledSeconds = (performance.now() - t0) / 1000;
    const scheduledMem = await usedMemory(redis);
    log(`${options.actions} actions scheduled in ${scheduledSeconds.toFixed(1)} s; Redis ${(scheduledMem / 1e6).toFixed(1)} MB`);
    if (Date.now() > firstDue) log(`warning: scheduling took longer than the lead (${options.leadSeconds} s); early reminders are late by that`);

    const lastDue = firstDue + options.windowSeconds * 1000;
    await waitFor(
      async () => {
        const { rows } = await workflow.query<{ n: string }>(`SELECT count(*) AS n FROM notification WHERE kind = 'NEXT_ACTION_OVERDUE' AND team_id = 'rem-team'`);
        return Number(rows[0]!.n) >= options.actions || undefined;
      },
      { timeoutMs: lastDue - Date.now() + 600_000, intervalMs: 1_000, what: 'every overdue reminder' },
    );
    const { rows: late } = await workflow.query<{ ms: string }>(
      `SELECT (extract(epoch FROM n.created_at - a.due_at) * 1000)::bigint AS ms
       FROM notification n JOIN wf_next_action a ON n.dedupe_key = 'reminder-overdue-' || a.id || '-' || (extract(epoch FROM a.due_at) * 1000)::bigint
       WHERE n.kind = 'NEXT_ACTION_OVERDUE' AND n.team_id = 'rem-team'`,
    );
    const lateness = late.map((r) => Number(r.ms)).sort((a, b) => a - b);
    const { rows: burst } = await workflow.query<{ n: string; first: Date; last: Date }>(
      `SELECT count(*) AS n, min(created_at) AS first, max(created_at) AS last FROM notification WHERE kind = 'NEXT_ACTION_DUE_SOON' AND team_id = 'rem-team'`,
    );
    const { rows: dup } = await workflow.query<{ n: string }>(
      `SELECT count(*) - count(DISTINCT dedupe_key) AS n FROM notification WHERE team_id = 'rem-team'`,
    );
    return {
      actions: options.actions,
      windowSeconds: options.windowSeconds,
      scheduledSeconds,
      lateness: {
        count: lateness.length,
        p50: percentile(lateness, 50),
        p95: percentile(lateness, 95),
        p99: percentile(lateness, 99),
        max: lateness[lateness.length - 1] ?? Number.NaN,
      },
      dueSoonBurst: {
        count: Number(burst[0]!.n),
        drainSeconds: burst[0]!.first ? (burst[0]!.last.getTime() - t0Epoch(t0)) / 1000 : Number.NaN,
      },
      redis: {
        baselineMb: baseline / 1e6,
        scheduledMb: scheduledMem / 1e6,
        peakMb: Math.max(peak, scheduledMem) / 1e6,
        perActionBytes: (scheduledMem - baseline) / options.actions,
      },
      duplicates: Number(dup[0]!.n),
    };
  } finally {
    clearInterval(sampler);
    redis.close();
    await records.end();
    await workflow.end();
    await system.stop();
    await redisServer.stop();
  }
}

/** The wall-clock time (epoch ms) of a performance.now() reading. */
function t0Epoch(t: number): number {
  return performance.timeOrigin + t;
}

export function formatReminders(r: RemindersResult): string {
  return [
    `| figure | value |`,
    `|---|---|`,
    `| next actions (due over ${r.windowSeconds} s) | ${r.actions} |`,
    `| time to schedule all (events → workflow → 3 jobs each) | ${r.scheduledSeconds.toFixed(1)} s |`,
    `| overdue reminders sent | ${r.lateness.count} |`,
    `| lateness p50 | ${r.lateness.p50} ms |`,
    `| lateness p95 | ${r.lateness.p95} ms |`,
    `| lateness p99 (target < 1 s) | ${r.lateness.p99} ms |`,
    `| lateness max | ${r.lateness.max} ms |`,
    `| "due soon" burst (fire at once, lead 2 h) | ${r.dueSoonBurst.count} sent, last ${r.dueSoonBurst.drainSeconds.toFixed(1)} s after the first event |`,
    `| Redis used_memory: baseline / all scheduled / peak | ${r.redis.baselineMb.toFixed(1)} / ${r.redis.scheduledMb.toFixed(1)} / ${r.redis.peakMb.toFixed(1)} MB |`,
    `| Redis bytes per open action (3 jobs + event jobs kept) | ${r.redis.perActionBytes.toFixed(0)} |`,
    `| notifications sent twice | ${r.duplicates} |`,
  ].join('\n');
}
