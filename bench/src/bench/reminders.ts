import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { TEST_IDENTITY_ENV, TestSystem, freePort, waitFor } from '@salestrail/testkit';
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
  /** When analytics (the other consumer of the same events) had applied them all too. */
  settledSeconds: number;
  lateness: { count: number; p50: number; p95: number; p99: number; max: number };
  dueSoonBurst: { count: number; drainSeconds: number };
  redis: {
    baselineMb: number;
    scheduledMb: number;
    settledMb: number;
    peakMb: number;
    endMb: number;
    /** (settled − baseline) / actions: the reminder jobs waiting (the due-soon ones have fired), event queues drained. */
    perActionBytes: number;
  };
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
  const analytics = new Pool({ connectionString: system.env.ANALYTICS_DATABASE_URL, max: 1 });
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
    let lastProgress = performance.now();
    await waitFor(
      async () => {
        const { rows } = await workflow.query<{ n: string }>(`SELECT count(*) AS n FROM wf_next_action WHERE team_id = 'rem-team'`);
        if (performance.now() - lastProgress > 10_000) {
          // Where the events are: published by records' relay, applied by workflow.
          lastProgress = performance.now();
          const { rows: sent } = await records.query<{ n: string }>(`SELECT count(*) AS n FROM outbox_event WHERE sent_at IS NOT NULL`);
          log(`${((lastProgress - t0) / 1000).toFixed(0)} s: relay published ${sent[0]!.n}, workflow applied ${rows[0]!.n}`);
        }
        return Number(rows[0]!.n) >= options.actions || undefined;
      },
      { timeoutMs: 3_600_000, intervalMs: 1_000, what: 'workflow to schedule every action' },
    );
    const scheduledSeconds = (performance.now() - t0) / 1000;
    const scheduledMem = await usedMemory(redis);
    log(`${options.actions} actions scheduled in ${scheduledSeconds.toFixed(1)} s; Redis ${(scheduledMem / 1e6).toFixed(1)} MB`);
    if (Date.now() > firstDue) log(`warning: scheduling took longer than the lead (${options.leadSeconds} s); early reminders are late by that`);
    // Redis holds the event jobs until both consumers (workflow, analytics) applied them: the memory per
    // action is measured once analytics caught up too, or when the first reminder is due.
    await waitFor(
      async () => {
        const { rows } = await analytics.query<{ n: string }>(`SELECT count(*) AS n FROM processed_event WHERE type = 'next_action.created'`);
        return Number(rows[0]!.n) >= options.actions || Date.now() > firstDue - 5_000 || undefined;
      },
      { timeoutMs: 3_600_000, intervalMs: 1_000, what: 'analytics to apply every event' },
    );
    const settledSeconds = (performance.now() - t0) / 1000;
    const settledMem = await usedMemory(redis);
    log(`events settled after ${settledSeconds.toFixed(1)} s; Redis ${(settledMem / 1e6).toFixed(1)} MB`);

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
    const endMem = await usedMemory(redis);
    return {
      actions: options.actions,
      windowSeconds: options.windowSeconds,
      scheduledSeconds,
      settledSeconds,
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
        settledMb: settledMem / 1e6,
        peakMb: Math.max(peak, scheduledMem, settledMem) / 1e6,
        endMb: endMem / 1e6,
        perActionBytes: (settledMem - baseline) / options.actions,
      },
      duplicates: Number(dup[0]!.n),
    };
  } finally {
    clearInterval(sampler);
    redis.close();
    await records.end();
    await workflow.end();
    await analytics.end();
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
    `| time to schedule all (events → relay → workflow → 3 jobs each) | ${r.scheduledSeconds.toFixed(1)} s (${(r.actions / r.scheduledSeconds).toFixed(0)} actions/s) |`,
    `| time until analytics had applied every event too | ${r.settledSeconds.toFixed(1)} s |`,
    `| overdue reminders sent | ${r.lateness.count} |`,
    `| lateness p50 | ${r.lateness.p50} ms |`,
    `| lateness p95 | ${r.lateness.p95} ms |`,
    `| lateness p99 (target < 1 s) | ${r.lateness.p99} ms |`,
    `| lateness max | ${r.lateness.max} ms |`,
    `| "due soon" burst (fire at once, lead 2 h) | ${r.dueSoonBurst.count} sent, last ${r.dueSoonBurst.drainSeconds.toFixed(1)} s after the first event |`,
    `| Redis used_memory: baseline / all scheduled / events settled / peak / end | ${[r.redis.baselineMb, r.redis.scheduledMb, r.redis.settledMb, r.redis.peakMb, r.redis.endMb].map((m) => m.toFixed(1)).join(' / ')} MB |`,
    `| Redis bytes per open action (events settled) | ${r.redis.perActionBytes.toFixed(0)} |`,
    `| notifications sent twice | ${r.duplicates} |`,
  ].join('\n');
}

export interface StartupResult {
  openActions: number;
  /** Start (spawn) to /readyz answering, reconciliation off: the floor. */
  floorReadySeconds: number;
  /** Start to /readyz answering with the start-up reconciliation on. */
  readySeconds: number;
  /** Start to the "jobs reconciled" log line. */
  reconciledSeconds: number;
  reminderJobs: number;
  /** /readyz answered while reconciliation ran (polled every 500 ms until it ended). */
  answeredDuring: number;
  redisMb: number;
}

const ROOT = path.resolve(__dirname, '../../..');

/**
 * Workflow's start-up on a seeded workflow database (read only: workers, relay, gap checks and the job
 * check off, so nothing is written): start to ready with the start-up job reconciliation off (the floor)
 * and on, and how long reconciliation takes to schedule every open next action's reminders, each on an
 * empty redis-server of its own.
 */
export async function runStartupBenchmark(options: {
  workflowDatabaseUrl: string;
  /** The workflow entry point to start (default: this tree's build); e.g. an older commit's build to compare. */
  entry?: string;
  log?: (line: string) => void;
}): Promise<StartupResult> {
  const log = options.log ?? (() => undefined);
  const db = new Pool({ connectionString: options.workflowDatabaseUrl, max: 1 });
  const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM wf_next_action WHERE status = 'OPEN'`);
  await db.end();
  const openActions = Number(rows[0]!.n);
  log(`${openActions} open next actions`);

  const start = async (reconcile: boolean) => {
    const redisServer = await DedicatedRedis.start();
    const port = await freePort();
    const child = spawn(process.execPath, [options.entry ?? path.join(ROOT, 'services/workflow/dist/main.js')], {
      cwd: ROOT,
      env: {
        NODE_ENV: 'test',
        LOG_LEVEL: 'info',
        ...TEST_IDENTITY_ENV,
        REDIS_URL: redisServer.url,
        QUEUE_PREFIX: 'startup',
        WORKFLOW_DATABASE_URL: options.workflowDatabaseUrl,
        WORKFLOW_PORT: String(port),
        WORKFLOW_METRICS_PORT: '0',
        WORKFLOW_WORKERS: 'off',
        WORKFLOW_RELAY: 'off',
        WORKFLOW_GAP_CHECK_MS: '0',
        WORKFLOW_JOB_CHECK_MS: '0',
        WORKFLOW_RECONCILE_ON_START: reconcile ? 'on' : 'off',
        RECORDS_EVENTS_URL: `http://127.0.0.1:${await freePort()}`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const t0 = performance.now();
    let reconciled: { at: number; jobs: number } | null = null;
    let buffer = '';
    child.stdout!.on('data', (d: Buffer) => {
      buffer += d.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line.includes('jobs reconciled')) {
          const parsed = JSON.parse(line) as { report?: { reminderJobs?: number } };
          reconciled = { at: performance.now(), jobs: parsed.report?.reminderJobs ?? 0 };
        }
      }
    });
    child.stderr!.resume();
    const ready = async () => (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => null))?.ok === true;
    try {
      await waitFor(async () => (await ready()) || undefined, { timeoutMs: 1_800_000, intervalMs: 20, what: 'workflow to be ready' });
      const readySeconds = (performance.now() - t0) / 1000;
      let answeredDuring = 0;
      if (reconcile) {
        await waitFor(
          async () => {
            if (reconciled) return true;
            if (await ready()) answeredDuring += 1;
            return undefined;
          },
          { timeoutMs: 3_600_000, intervalMs: 500, what: 'jobs reconciled' },
        );
      }
      const redis = await RespClient.connect(redisServer.url);
      const redisMb = (await usedMemory(redis)) / 1e6;
      redis.close();
      const done = reconciled as { at: number; jobs: number } | null;
      return {
        readySeconds,
        reconciledSeconds: done ? (done.at - t0) / 1000 : Number.NaN,
        reminderJobs: done?.jobs ?? 0,
        answeredDuring,
        redisMb,
      };
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      await redisServer.stop();
    }
  };

  const floor = await start(false);
  log(`ready in ${floor.readySeconds.toFixed(2)} s without reconciliation`);
  const run = await start(true);
  log(`ready in ${run.readySeconds.toFixed(2)} s, reconciled in ${run.reconciledSeconds.toFixed(1)} s`);
  return {
    openActions,
    floorReadySeconds: floor.readySeconds,
    readySeconds: run.readySeconds,
    reconciledSeconds: run.reconciledSeconds,
    reminderJobs: run.reminderJobs,
    answeredDuring: run.answeredDuring,
    redisMb: run.redisMb,
  };
}

export function formatStartup(r: StartupResult): string {
  return [
    `| figure | value |`,
    `|---|---|`,
    `| open next actions | ${r.openActions} |`,
    `| start → ready, reconciliation off (floor) | ${r.floorReadySeconds.toFixed(2)} s |`,
    `| start → ready, reconciliation on | ${r.readySeconds.toFixed(2)} s (${(r.readySeconds / r.floorReadySeconds).toFixed(2)}× the floor) |`,
    `| start → every reminder scheduled | ${r.reconciledSeconds.toFixed(1)} s (${
      r.reconciledSeconds > r.readySeconds
        ? `${(r.reconciledSeconds - r.readySeconds).toFixed(1)} s after ready`
        : 'before ready: reconciliation held the listener back'
    }) |`,
    `| reminder jobs added | ${r.reminderJobs} |`,
    `| /readyz answers while reconciling (every 500 ms) | ${r.answeredDuring} |`,
    `| Redis used_memory after | ${r.redisMb.toFixed(1)} MB |`,
  ].join('\n');
}
