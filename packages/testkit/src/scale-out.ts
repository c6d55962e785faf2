import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { devToken } from './system';
import { SCALED_ROLES, ScaledSystem, type ScaledRole } from './scaled-system';
import { waitFor } from './wait';

/**
 * The two-copy run: every process role twice against one Postgres and one Redis, mutations through both
 * gateways, one copy of every role killed (SIGKILL) mid-run and started again, then the checks. The e2e
 * test runs it small (e2e/src/scale-out.e2e.spec.ts); `npm run bench:scaleout` runs it full size.
 */
export interface ScaleOutOptions {
  /** Customers written, each with three or four mutations (create, stage, interaction, sometimes completion). */
  customers: number;
  /** Salespeople writing (their share of the rate limit is what the run must stay under). */
  reps: number;
  teams: number;
  /** Requests in flight at once. */
  concurrency: number;
  /** The per-user budget of the gateways for the whole run (one window). */
  rateLimitPoints: number;
  log?: (line: string) => void;
}

/** The environment the run's processes get on top of ScaledSystem's. */
export function scaleOutEnv(options: ScaleOutOptions): Record<string, string> {
  return {
    GATEWAY_RATE_LIMIT_POINTS: String(options.rateLimitPoints),
    // One window for the whole run, so that the shared budget is counted exactly.
    GATEWAY_RATE_LIMIT_DURATION_S: '3600',
    // Escalation 7.2 s after the due time, so that all three reminders of an action fire during the run.
    WORKFLOW_ESCALATE_AFTER_HOURS: '0.002',
    // Jobs of a killed copy are handed out again after about 2 × 10 s; gap repair looks every 3 s.
    QUEUE_LOCK_DURATION_MS: '10000',
    RECORDS_GAP_CHECK_MS: '3000',
    WORKFLOW_GAP_CHECK_MS: '3000',
    ANALYTICS_GAP_CHECK_MS: '3000',
  };
}

/** The teams' time zone: their weekly deadline day is a date there. */
const TEAM_TIMEZONE = 'Asia/Shanghai';

/** Seconds from an action's creation to its due time. */
const DUE_IN_MS = 15_000;

export interface ScaleOutResult {
  copies: number;
  mutations: { sent: number; ok: number; failed: number; retried: number; perGateway: number[]; retryReasons: Record<string, number> };
  writeSeconds: number;
  mutationsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number };
  killedAtMutation: number;
  /** From the SIGKILLs until each relay lock is held again, ms. */
  relayTakeoverMs: Record<'records' | 'workflow', number>;
  /** From the last write until every consumer has applied every event, ms. */
  convergenceMs: number;
  events: Record<string, { published: number; applied: number; distinct: number; missing: number }>;
  records: { customers: number; stageChanges: number; interactions: number; nextActions: number; openActions: number };
  analyticsMismatches: string[];
  workflowMismatches: string[];
  pipeline: { viaGateway: Record<string, number>; inRecords: Record<string, number> };
  reminders: { expected: number; sent: number; duplicates: number; unexpected: number; beforeCompletionKnown: number; failedJobs: number };
  weekly: { teams: number; schedulersPerTeamStep: number[]; summaries: Record<string, number>; runsPerTeamStep: number[] };
  rateLimit: { points: number; ok: number; refused: number; perGateway: Array<{ ok: number; refused: number }> };
  balancedConnections: Record<string, number[]>;
}

interface GqlAnswer {
  status: number;
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

/** Error codes that are an answer about the request (retrying it cannot help). */
const FINAL_CODES = new Set(['BAD_USER_INPUT', 'VERSION_CONFLICT', 'CONFLICT', 'NOT_FOUND', 'FORBIDDEN', 'UNAUTHENTICATED', 'GRAPHQL_VALIDATION_FAILED', 'INVALID_STAGE_TRANSITION', 'NEXT_ACTION_NOT_OPEN']);

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : 0);

/**
 * Mutations through the gateways in turn, as a load balancer in front of them sends them: a request a
 * gateway cannot take (it died, or a subgraph copy died under it) goes again to the next one.
 */
class Driver {
  private turn = 0;
  readonly latencies: number[] = [];
  readonly perGateway: number[];
  sent = 0;
  ok = 0;
  failed = 0;
  retried = 0;
  /** Why requests were sent again, by error code or message. */
  readonly retryReasons = new Map<string, number>();

  constructor(
    private readonly urls: string[],
    private readonly available: (index: number) => boolean,
    private readonly log: (line: string) => void = () => undefined,
  ) {
    this.perGateway = urls.map(() => 0);
  }

  reads = 0;

  /** A read (not counted with the mutations). */
  read(token: string, query: string): Promise<GqlAnswer> {
    this.reads += 1;
    return this.request(token, query, {}, false);
  }

  send(token: string, query: string, variables: Record<string, unknown>): Promise<GqlAnswer> {
    return this.request(token, query, variables, true);
  }

  /** The next gateway a health-checked load balancer would pick: ready ones in turn. */
  private pick(): number {
    for (let i = 0; i < this.urls.length; i++) {
      const index = this.turn++ % this.urls.length;
      if (this.available(index)) return index;
    }
    return this.turn++ % this.urls.length;
  }

  private async request(token: string, query: string, variables: Record<string, unknown>, mutation: boolean): Promise<GqlAnswer> {
    if (mutation) this.sent += 1;
    const started = performance.now();
    let last: GqlAnswer = { status: 0, errors: [{ message: 'not sent' }] };
    // A refusal with Retry-After (503 SERVICE_BUSY: nothing was done) is sent again after that wait.
    let retryAfterMs = 0;
    for (let attempt = 0; attempt < 10; attempt++) {
      if (attempt > 0) {
        this.retried += 1;
        await new Promise((r) => setTimeout(r, Math.max(50 * attempt, retryAfterMs)));
      }
      retryAfterMs = 0;
      const index = this.pick();
      try {
        const res = await fetch(this.urls[index]!, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query, variables }),
        });
        const body = (await res.json()) as Omit<GqlAnswer, 'status'>;
        last = { ...body, status: res.status };
        retryAfterMs = 1000 * (Number(res.headers.get('retry-after')) || 0);
        this.perGateway[index]! += 1;
      } catch (error) {
        last = { status: 0, errors: [{ message: String(error) }] };
        const reason = `no answer: ${String((error as Error).cause ?? error).slice(0, 80)}`;
        this.retryReasons.set(reason, (this.retryReasons.get(reason) ?? 0) + 1);
        this.log(`gateway ${index}: ${reason}`);
        continue;
      }
      const codes = (last.errors ?? []).map((e) => e.extensions?.code ?? '');
      if (!last.errors?.length || codes.some((c) => FINAL_CODES.has(c))) break;
      const reason = `${last.status} ${codes[0] ?? ''}: ${last.errors[0]!.message.slice(0, 80)}`;
      this.retryReasons.set(reason, (this.retryReasons.get(reason) ?? 0) + 1);
      this.log(`gateway ${index}: ${reason}`);
    }
    if (!mutation) return last;
    this.latencies.push(performance.now() - started);
    if (last.errors?.length) this.failed += 1;
    else this.ok += 1;
    return last;
  }
}

async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const CREATE = `mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id version } }`;
const STAGE = `mutation($id: ID!, $v: Int!) { changeStage(customerId: $id, to: NEEDS_CONFIRMED, expectedVersion: $v) { version } }`;
const LOG = `mutation($i: LogInteractionInput!) { logInteraction(input: $i) { id nextAction { id } } }`;
const COMPLETE = `mutation($id: ID!) { completeNextAction(id: $id) { id } }`;

export async function runScaleOut(system: ScaledSystem, options: ScaleOutOptions): Promise<ScaleOutResult> {
  const log = options.log ?? (() => undefined);
  const env = system.env;
  const admin = await devToken('ADMIN', 'admin-1', null, { expiresIn: '4h' });
  const teams = [...Array(options.teams).keys()].map((t) => `team-scale-${t}`);
  const urls = system.gatewayUrls();
  const driver = new Driver(urls, (i) => system.ready('gateway', i), (line) => log(`sent again: ${line}`));
  for (const team of teams) {
    const res = await driver.send(admin, `mutation($t: TeamInput!) { upsertTeam(input: $t) { id } }`, {
      t: { id: team, name: `扩容组${team.slice(-1)}`, timezone: TEAM_TIMEZONE },
    });
    if (res.errors?.length) throw new Error(`upsertTeam: ${JSON.stringify(res.errors)}`);
  }
  const reps = await Promise.all(
    [...Array(options.reps).keys()].map(async (r) => {
      const team = teams[r % teams.length]!;
      return { id: `rep-scale-${r}`, team, token: await devToken('SALES_REP', `rep-scale-${r}`, team, { expiresIn: '4h' }) };
    }),
  );

  // --- writes, with one copy of every role killed at 40 % and started again at 70 %
  const killAt = Math.floor(options.customers * 0.4);
  const restartAt = Math.floor(options.customers * 0.7);
  let next = 0;
  let done = 0;
  let killedAtMutation = 0;
  const relayTakeoverMs = { records: 0, workflow: 0 };
  let killing: Promise<void> | null = null;
  let restarting: Promise<void> | null = null;
  const killOne = async () => {
    killedAtMutation = driver.sent;
    log(`SIGKILL copy 0 of ${SCALED_ROLES.join(', ')} after ${driver.sent} mutations`);
    const killedAt = Date.now();
    await Promise.all(SCALED_ROLES.map((role) => system.kill(role, 0)));
    await Promise.all(
      (['records', 'workflow'] as const).map(async (producer) => {
        await system.waitForRelayLock(producer);
        relayTakeoverMs[producer] = Date.now() - killedAt;
      }),
    );
  };
  const restartAll = async () => {
    await killing;
    log(`starting copy 0 of every role again after ${driver.sent} mutations`);
    await Promise.all(SCALED_ROLES.map((role: ScaledRole) => system.startCopy(role, 0)));
  };
  const writeStarted = Date.now();
  const worker = async () => {
    for (;;) {
      const k = next++;
      if (k >= options.customers) return;
      if (k === killAt) killing = killOne();
      if (k === restartAt) restarting = restartAll();
      const rep = reps[k % reps.length]!;
      const created = await driver.send(rep.token, CREATE, {
        i: {
          name: `扩容客户${k}`,
          kind: 'ENTERPRISE',
          industryCode: 'C34',
          sourceChannel: 'TRADE_SHOW',
          firstContactDate: '2024-03-15',
          contacts: [{ name: '王总', role: 'DECISION_MAKER' }],
        },
      });
      const customer = (created.data?.createCustomer ?? null) as { id: string; version: number } | null;
      if (customer) {
        await driver.send(rep.token, STAGE, { id: customer.id, v: customer.version });
        const dueAt = new Date(Math.floor((Date.now() + DUE_IN_MS) / 1000) * 1000);
        const logged = await driver.send(rep.token, LOG, {
          i: {
            customerId: customer.id,
            occurredAt: new Date(Date.now() - 60_000).toISOString(),
            method: 'PHONE_CALL',
            summary: `第${k}次电话：客户确认预算与交付时间`,
            nextAction: { content: `发送报价单${k}至客户邮箱`, dueAt: dueAt.toISOString() },
          },
        });
        const action = (logged.data?.logInteraction as { nextAction: { id: string } } | undefined)?.nextAction;
        if (action && k % 3 === 0) await driver.send(rep.token, COMPLETE, { id: action.id });
      }
      // Reads of the figures, so that both analytics copies serve too.
      if (k % 3 === 1) await driver.read(rep.token, `{ pipeline { stage count } }`);
      done += 1;
      if (done % Math.max(1, Math.floor(options.customers / 10)) === 0) log(`${done}/${options.customers} customers, ${driver.sent} mutations`);
    }
  };
  await Promise.all([...Array(options.concurrency).keys()].map(() => worker()));
  const writeSeconds = (Date.now() - writeStarted) / 1000;
  await killing;
  await restarting;
  const writesEnded = Date.now();
  log(`writes done: ${driver.sent} mutations (${driver.failed} failed) in ${writeSeconds.toFixed(1)} s; waiting for every event to be applied`);
  log(`sent again because: ${[...driver.retryReasons].map(([k, n]) => `${k} ×${n}`).join('; ') || 'nothing'}`);

  // --- every event applied exactly once by every consumer
  const consumers: Array<{ producer: 'records' | 'workflow'; consumer: string; url: string }> = [
    { producer: 'records', consumer: 'workflow', url: env.WORKFLOW_DATABASE_URL! },
    { producer: 'records', consumer: 'analytics', url: env.ANALYTICS_DATABASE_URL! },
    { producer: 'workflow', consumer: 'records', url: env.RECORDS_DATABASE_URL! },
    { producer: 'workflow', consumer: 'analytics', url: env.ANALYTICS_DATABASE_URL! },
  ];
  const producerUrl = { records: env.RECORDS_DATABASE_URL!, workflow: env.WORKFLOW_DATABASE_URL! };
  const eventIds = async (producer: 'records' | 'workflow') =>
    withClient(producerUrl[producer], async (c) => {
      const { rows } = await c.query<{ id: string; unsent: boolean }>(`SELECT id, sent_at IS NULL AS unsent FROM outbox_event`);
      return { ids: new Set(rows.map((r) => r.id)), unsent: rows.filter((r) => r.unsent).length };
    });
  const appliedIds = async (url: string, producer: string) =>
    withClient(url, async (c) => {
      const { rows } = await c.query<{ event_id: string }>(`SELECT event_id FROM processed_event WHERE producer = $1`, [producer]);
      return rows.map((r) => r.event_id);
    });
  const events: ScaleOutResult['events'] = {};
  await waitFor(
    async () => {
      for (const { producer, consumer, url } of consumers) {
        const published = await eventIds(producer);
        if (published.unsent > 0) return undefined;
        const applied = await appliedIds(url, producer);
        const distinct = new Set(applied);
        const missing = [...published.ids].filter((id) => !distinct.has(id)).length;
        events[`${producer} → ${consumer}`] = { published: published.ids.size, applied: applied.length, distinct: distinct.size, missing };
        if (missing > 0) return undefined;
      }
      return true;
    },
    { timeoutMs: 120_000, intervalMs: 500, what: `every event applied by every consumer (${JSON.stringify(events)})` },
  );
  const convergenceMs = Date.now() - writesEnded;
  log(`every event applied ${convergenceMs} ms after the last write`);

  // --- the records, and what analytics and workflow derived from them
  const records = await withClient(env.RECORDS_DATABASE_URL!, async (c) => {
    const one = async (sql: string) => Number((await c.query<{ n: string }>(sql)).rows[0]!.n);
    const stages = (await c.query<{ id: string; stage: string; version: number }>(`SELECT id, stage, version FROM customer`)).rows;
    const actions = (
      await c.query<{ id: string; status: string; due_ms: string; completed_ms: string | null }>(
        `SELECT id, status, (extract(epoch FROM due_at) * 1000)::bigint AS due_ms, (extract(epoch FROM completed_at) * 1000)::bigint AS completed_ms FROM next_action`,
      )
    ).rows;
    return {
      stages,
      actions,
      customers: stages.length,
      stageChanges: await one(`SELECT count(*) AS n FROM stage_change`),
      interactions: await one(`SELECT count(*) AS n FROM interaction`),
    };
  });
  const analyticsMismatches = await withClient(env.ANALYTICS_DATABASE_URL!, async (c) => {
    const out: string[] = [];
    const state = new Map((await c.query<{ customer_id: string; stage: string }>(`SELECT customer_id, stage FROM customer_state`)).rows.map((r) => [r.customer_id, r.stage]));
    if (state.size !== records.customers) out.push(`customer_state holds ${state.size} customers, records ${records.customers}`);
    for (const s of records.stages) if (state.get(s.id) !== s.stage) out.push(`customer ${s.id}: analytics ${state.get(s.id)}, records ${s.stage}`);
    const count = async (sql: string) => Number((await c.query<{ n: string }>(sql)).rows[0]!.n);
    const transitions = await count(`SELECT count(*) AS n FROM stage_transition`);
    if (transitions !== records.stageChanges) out.push(`stage_transition ${transitions}, records' stage_change ${records.stageChanges}`);
    const interactions = await count(`SELECT count(*) AS n FROM interaction_fact`);
    if (interactions !== records.interactions) out.push(`interaction_fact ${interactions}, records ${records.interactions}`);
    const facts = new Map((await c.query<{ next_action_id: string; status: string }>(`SELECT next_action_id, status FROM next_action_fact`)).rows.map((r) => [r.next_action_id, r.status]));
    if (facts.size !== records.actions.length) out.push(`next_action_fact ${facts.size}, records ${records.actions.length}`);
    for (const a of records.actions) if (facts.get(a.id) !== a.status) out.push(`next action ${a.id}: analytics ${facts.get(a.id)}, records ${a.status}`);
    return out.slice(0, 20);
  });
  const workflowMismatches = await withClient(env.WORKFLOW_DATABASE_URL!, async (c) => {
    const out: string[] = [];
    const customers = new Map((await c.query<{ id: string; stage: string }>(`SELECT id, stage FROM wf_customer`)).rows.map((r) => [r.id, r.stage]));
    if (customers.size !== records.customers) out.push(`wf_customer ${customers.size}, records ${records.customers}`);
    for (const s of records.stages) if (customers.get(s.id) !== s.stage) out.push(`customer ${s.id}: workflow ${customers.get(s.id)}, records ${s.stage}`);
    const actions = new Map((await c.query<{ id: string; status: string }>(`SELECT id, status FROM wf_next_action`)).rows.map((r) => [r.id, r.status]));
    for (const a of records.actions) if (actions.get(a.id) !== a.status) out.push(`next action ${a.id}: workflow ${actions.get(a.id)}, records ${a.status}`);
    return out.slice(0, 20);
  });
  const pipelineAnswer = await driver.read(admin, `{ pipeline { stage count } }`);
  const viaGateway = Object.fromEntries(((pipelineAnswer.data?.pipeline ?? []) as Array<{ stage: string; count: number }>).filter((s) => s.count > 0).map((s) => [s.stage, s.count]));
  const inRecords: Record<string, number> = {};
  for (const s of records.stages) inRecords[s.stage] = (inRecords[s.stage] ?? 0) + 1;

  // --- reminders: each of an open action's three sent exactly once; none after completion but "due soon"
  const queueOptions = { connection: new Redis(env.REDIS_URL!, { maxRetriesPerRequest: null }), prefix: env.QUEUE_PREFIX! };
  const remindersQueue = new Queue('reminders', queueOptions);
  const weeklyQueue = new Queue('weekly-cycle', queueOptions);
  try {
    // What records holds decides which reminders are due: an open action gets all three (a completion
    // whose answer was lost counts as done).
    const openActions = records.actions.filter((a) => a.status === 'OPEN').map((a) => ({ id: a.id, dueMs: Number(a.due_ms) }));
    const lastDue = Math.max(0, ...openActions.map((a) => a.dueMs));
    const expectedKeys = openActions.flatMap((a) => ['due-soon', 'overdue', 'escalate'].map((kind) => `reminder-${kind}-${a.id}-${a.dueMs}`));
    const reminderCounts = async () =>
      withClient(env.WORKFLOW_DATABASE_URL!, async (c) => {
        const { rows } = await c.query<{ dedupe_key: string; n: number }>(
          `SELECT dedupe_key, count(*)::int AS n FROM notification WHERE dedupe_key LIKE 'reminder-%' GROUP BY dedupe_key`,
        );
        return new Map(rows.map((r) => [r.dedupe_key, r.n]));
      });
    let counts = new Map<string, number>();
    await waitFor(
      async () => {
        counts = await reminderCounts();
        return expectedKeys.every((k) => counts.has(k)) || undefined;
      },
      { timeoutMs: Math.max(0, lastDue + 7_200 - Date.now()) + 90_000, intervalMs: 500, what: `${expectedKeys.length} reminders` },
    );
    // A completed action gets no "overdue" or "escalate" once workflow has applied its completion (before
    // that, workflow rightly still sees it open: the event lag). Both times are this machine's clock.
    const completions = await withClient(env.RECORDS_DATABASE_URL!, async (c) =>
      (await c.query<{ id: string; action: string }>(`SELECT id, payload->>'nextActionId' AS action FROM outbox_event WHERE type = 'next_action.completed'`)).rows,
    );
    const { appliedAt, sentAt } = await withClient(env.WORKFLOW_DATABASE_URL!, async (c) => ({
      appliedAt: new Map(
        (await c.query<{ event_id: string; at: Date }>(`SELECT event_id, processed_at AS at FROM processed_event WHERE type = 'next_action.completed'`)).rows.map((r) => [r.event_id, r.at.getTime()]),
      ),
      sentAt: new Map(
        (await c.query<{ dedupe_key: string; at: Date }>(`SELECT dedupe_key, created_at AS at FROM notification WHERE dedupe_key LIKE 'reminder-overdue-%' OR dedupe_key LIKE 'reminder-escalate-%'`)).rows.map((r) => [
          r.dedupe_key,
          r.at.getTime(),
        ]),
      ),
    }));
    const dueOf = new Map(records.actions.map((a) => [a.id, Number(a.due_ms)]));
    let unexpected = 0;
    let beforeCompletionKnown = 0;
    for (const { id, action } of completions) {
      const applied = appliedAt.get(id);
      for (const kind of ['overdue', 'escalate']) {
        const at = sentAt.get(`reminder-${kind}-${action}-${dueOf.get(action)}`);
        if (at === undefined) continue;
        if (applied !== undefined && at > applied) unexpected += 1;
        else beforeCompletionKnown += 1;
      }
    }
    const reminders = {
      expected: expectedKeys.length,
      sent: expectedKeys.filter((k) => counts.get(k) === 1).length,
      duplicates: [...counts.values()].filter((n) => n > 1).length,
      unexpected,
      beforeCompletionKnown,
      failedJobs: await remindersQueue.getFailedCount(),
    };
    log(`reminders: ${JSON.stringify(reminders)}`);

    // --- the weekly cycle: one scheduler per team and step although every workflow copy reconciles; the
    // Friday moment is brought forward by promoting each scheduler's next job. A run does its work only
    // on the team's deadline day (the last working day of its week by the team calendar), so the
    // calendar makes today that day: today a working day, the rest of this week holidays.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: TEAM_TIMEZONE }).format(new Date());
    const weekday = new Date(`${today}T00:00:00Z`).getUTCDay() || 7;
    const days = [{ date: today, kind: 'WORKING_DAY', name: '扩容测试' }];
    for (let d = weekday + 1; d <= 7; d++) {
      days.push({ date: new Date(Date.parse(`${today}T00:00:00Z`) + (d - weekday) * 86_400_000).toISOString().slice(0, 10), kind: 'HOLIDAY', name: '扩容测试' });
    }
    for (const team of teams) {
      const res = await driver.send(admin, `mutation($t: ID!, $d: [CalendarDayInput!]!) { setTeamCalendarDays(teamId: $t, days: $d) { date } }`, { t: team, d: days });
      if (res.errors?.length) throw new Error(`setTeamCalendarDays: ${JSON.stringify(res.errors)}`);
    }
    const delayed = await weeklyQueue.getDelayed();
    const steps = ['weekly-reminder', 'weekly-summary'] as const;
    const schedulersPerTeamStep = teams.flatMap((team) => steps.map((step) => delayed.filter((j) => j.data?.teamId === team && j.data?.step === step).length));
    for (const job of delayed) if (teams.includes(job.data?.teamId)) await job.promote();
    const summaries: Record<string, number> = {};
    await waitFor(
      async () =>
        withClient(env.WORKFLOW_DATABASE_URL!, async (c) => {
          for (const team of teams) {
            const { rows } = await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM notification WHERE dedupe_key LIKE $1`, [`weekly-summary-${team}-%`]);
            summaries[team] = rows[0]!.n;
          }
          return teams.every((t) => summaries[t]! > 0) || undefined;
        }),
      { timeoutMs: 60_000, intervalMs: 250, what: 'the weekly summary of every team' },
    );
    // Every promoted job has completed (none waits, runs or failed), and each exactly once.
    const completed = await waitFor(
      async () => {
        const pending = await weeklyQueue.getJobs(['failed', 'active', 'wait', 'prioritized']);
        if (pending.some((j) => teams.includes(j.data?.teamId))) return undefined;
        const jobs = await weeklyQueue.getJobs(['completed']);
        return jobs.filter((j) => teams.includes(j.data?.teamId)).length >= teams.length * steps.length ? jobs : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250, what: 'the weekly jobs to complete' },
    );
    const runsPerTeamStep = teams.flatMap((team) => steps.map((step) => completed.filter((j) => j.data?.teamId === team && j.data?.step === step).length));

    // --- the per-user rate limit is one budget across both gateways
    const limited = await devToken('SALES_REP', 'rep-scale-limit', teams[0]!, { expiresIn: '4h' });
    const perGateway = urls.map(() => ({ ok: 0, refused: 0 }));
    for (let i = 0; i < options.rateLimitPoints + 2 * urls.length; i++) {
      const g = i % urls.length;
      const res = await fetch(urls[g]!, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${limited}` },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      if (res.status === 429) perGateway[g]!.refused += 1;
      else if (res.ok) perGateway[g]!.ok += 1;
      else throw new Error(`rate-limit probe: HTTP ${res.status} ${await res.text()}`);
    }

    const sortedLatencies = [...driver.latencies].sort((a, b) => a - b);
    return {
      copies: system.copiesPerRole,
      mutations: {
        sent: driver.sent,
        ok: driver.ok,
        failed: driver.failed,
        retried: driver.retried,
        perGateway: driver.perGateway,
        retryReasons: Object.fromEntries(driver.retryReasons),
      },
      writeSeconds,
      mutationsPerSecond: driver.sent / writeSeconds,
      latencyMs: { p50: percentile(sortedLatencies, 50), p95: percentile(sortedLatencies, 95), p99: percentile(sortedLatencies, 99) },
      killedAtMutation,
      relayTakeoverMs,
      convergenceMs,
      events,
      records: {
        customers: records.customers,
        stageChanges: records.stageChanges,
        interactions: records.interactions,
        nextActions: records.actions.length,
        openActions: records.actions.filter((a) => a.status === 'OPEN').length,
      },
      analyticsMismatches,
      workflowMismatches,
      pipeline: { viaGateway, inRecords },
      reminders,
      weekly: { teams: teams.length, schedulersPerTeamStep, summaries, runsPerTeamStep },
      rateLimit: {
        points: options.rateLimitPoints,
        ok: perGateway.reduce((n, g) => n + g.ok, 0),
        refused: perGateway.reduce((n, g) => n + g.refused, 0),
        perGateway,
      },
      balancedConnections: system.balancedConnections(),
    };
  } finally {
    await remindersQueue.close();
    await weeklyQueue.close();
    queueOptions.connection.disconnect();
  }
}

/** The figures of a run as BENCHMARKS.md shows them. */
export function formatScaleOut(r: ScaleOutResult): string {
  const lines = [
    `copies per role: ${r.copies} (${SCALED_ROLES.join(', ')})`,
    `mutations: ${r.mutations.sent} sent, ${r.mutations.ok} ok, ${r.mutations.failed} failed, ${r.mutations.retried} retried; per gateway ${r.mutations.perGateway.join(' / ')}`,
    `retried because: ${Object.entries(r.mutations.retryReasons).map(([k, n]) => `${k} ×${n}`).join('; ') || 'nothing'}`,
    `writes: ${r.writeSeconds.toFixed(1)} s, ${r.mutationsPerSecond.toFixed(0)} mutations/s, latency p50 ${r.latencyMs.p50.toFixed(0)} ms, p95 ${r.latencyMs.p95.toFixed(0)} ms, p99 ${r.latencyMs.p99.toFixed(0)} ms`,
    `SIGKILL of copy 0 of every role after ${r.killedAtMutation} mutations; relay lock taken over in ${r.relayTakeoverMs.records} ms (records), ${r.relayTakeoverMs.workflow} ms (workflow)`,
    `every event applied by every consumer ${(r.convergenceMs / 1000).toFixed(1)} s after the last write`,
    ...Object.entries(r.events).map(([k, e]) => `  ${k}: ${e.published} published, ${e.applied} applied (${e.distinct} distinct), ${e.missing} missing`),
    `records: ${r.records.customers} customers, ${r.records.stageChanges} stage changes, ${r.records.interactions} interactions, ${r.records.nextActions} next actions (${r.records.openActions} open)`,
    `analytics equal to the records: ${r.analyticsMismatches.length === 0 ? 'yes' : r.analyticsMismatches.join('; ')}; workflow's projection: ${r.workflowMismatches.length === 0 ? 'yes' : r.workflowMismatches.join('; ')}`,
    `reminders: ${r.reminders.sent}/${r.reminders.expected} sent once, ${r.reminders.duplicates} duplicates, ${r.reminders.unexpected} after workflow knew the action completed (${r.reminders.beforeCompletionKnown} before: completion still in flight at the due time), ${r.reminders.failedJobs} failed jobs`,
    `weekly cycle: ${r.weekly.teams} teams, schedulers per team and step ${[...new Set(r.weekly.schedulersPerTeamStep)].join('/')}, runs per team and step ${[...new Set(r.weekly.runsPerTeamStep)].join('/')}`,
    `rate limit: ${r.rateLimit.points} points per user shared: ${r.rateLimit.ok} ok, ${r.rateLimit.refused} refused (${r.rateLimit.perGateway.map((g) => `${g.ok}+${g.refused}`).join(' / ')})`,
    `balancer connections per copy: ${Object.entries(r.balancedConnections).map(([k, v]) => `${k} ${v.join('/')}`).join(', ')}`,
  ];
  return lines.join('\n');
}
