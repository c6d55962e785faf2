import { Client } from 'pg';
import type { LoadReport, MutationKind } from './load';
import { RespClient } from './resp';

export interface CheckRow {
  check: string;
  passed: boolean;
  detail: string;
}

export interface OutageWindow {
  what: 'gateway' | 'workflow' | 'analytics' | 'records-relay' | 'redis';
  from: number;
  to: number;
}

export interface CheckContext {
  recordsUrl: string;
  workflowUrl: string;
  analyticsUrl: string;
  redisUrl: string;
  queuePrefix: string;
  gatewayUrl: string;
  adminToken: string;
  teamIds: string[];
}

type Row = Record<string, string | number | null>;

async function query(url: string, sql: string, params: unknown[] = []): Promise<Row[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as Row[];
  } finally {
    await client.end();
  }
}

function keyed(rows: Row[], key: string): Map<string, Row> {
  return new Map(rows.map((r) => [String(r[key]), r]));
}

/** Compares two maps of rows on the given columns; returns up to 3 differences and how many there are. */
function diff(left: Map<string, Row>, right: Map<string, Row>, columns: string[][]): { count: number; samples: string[] } {
  const samples: string[] = [];
  let count = 0;
  for (const id of new Set([...left.keys(), ...right.keys()])) {
    const l = left.get(id);
    const r = right.get(id);
    const bad = !l || !r || columns.some(([lc, rc]) => normalise(l[lc!]) !== normalise(r[rc ?? lc!]));
    if (bad) {
      count += 1;
      if (samples.length < 3) samples.push(`${id}: ${JSON.stringify(l ?? null)} vs ${JSON.stringify(r ?? null)}`);
    }
  }
  return { count, samples };
}

function normalise(v: unknown): string {
  if (v instanceof Date) return String(v.getTime());
  if (v === null || v === undefined) return 'null';
  return String(v);
}

function row(check: string, d: { count: number; samples: string[] }, total: number, noun: string): CheckRow {
  return {
    check,
    passed: d.count === 0,
    detail: d.count === 0 ? `${total} ${noun} agree` : `${d.count} of ${total} ${noun} differ, e.g. ${d.samples.join('; ')}`,
  };
}

async function graphql<T>(ctx: CheckContext, q: string, variables: Record<string, unknown>): Promise<T> {
  const res = await fetch(ctx.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ctx.adminToken}` },
    body: JSON.stringify({ query: q, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown[] };
  if (body.errors?.length || !body.data) throw new Error(`${q.slice(0, 40)}: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/**
 * The data checks: analytics (read model and its figures through the gateway) and workflow (its
 * projection, jobs and notifications) against what records' tables imply.
 */
export async function dataChecks(ctx: CheckContext): Promise<CheckRow[]> {
  const rows: CheckRow[] = [];

  // Progress of the pipeline itself: published events of records applied by analytics and workflow.
  const [published] = await query(ctx.recordsUrl, `SELECT count(*)::int AS n FROM outbox_event WHERE seq IS NOT NULL`);
  const redisProgress = await RespClient.connect(ctx.redisUrl);
  let waiting: number[];
  try {
    waiting = (await redisProgress.pipeline(['events-analytics', 'events-workflow'].map((q) => ['LLEN', `${ctx.queuePrefix}:${q}:wait`]))) as number[];
  } finally {
    redisProgress.close();
  }
  for (const [i, [name, url]] of ([['analytics', ctx.analyticsUrl], ['workflow', ctx.workflowUrl]] as const).entries()) {
    const [applied] = await query(url, `SELECT count(*)::int AS n FROM processed_event WHERE producer = 'records'`);
    rows.push({
      check: `${name}: every published records event applied`,
      passed: Number(applied!.n) === Number(published!.n),
      detail: `${applied!.n} of ${published!.n} applied, ${waiting[i]} waiting in its queue`,
    });
  }

  const recCustomers = await query(ctx.recordsUrl, `SELECT id::text AS id, stage, owner_id, team_id FROM customer`);
  const anaCustomers = await query(ctx.analyticsUrl, `SELECT customer_id AS id, stage, owner_id, team_id FROM customer_state`);
  rows.push(
    row('analytics: stage, owner and team of every customer', diff(keyed(recCustomers, 'id'), keyed(anaCustomers, 'id'), [['stage'], ['owner_id'], ['team_id']]), recCustomers.length, 'customers'),
  );

  const recTransitions = await query(ctx.recordsUrl, `SELECT customer_id::text AS id, count(*)::int AS n FROM stage_change GROUP BY customer_id`);
  const anaTransitions = await query(ctx.analyticsUrl, `SELECT customer_id AS id, count(*)::int AS n FROM stage_transition GROUP BY customer_id`);
  rows.push(row('analytics: stage transitions per customer', diff(keyed(recTransitions, 'id'), keyed(anaTransitions, 'id'), [['n']]), recTransitions.length, 'customers'));

  const recInteractions = await query(ctx.recordsUrl, `SELECT customer_id::text AS id, count(*)::int AS n FROM interaction GROUP BY customer_id`);
  const anaInteractions = await query(ctx.analyticsUrl, `SELECT customer_id AS id, count(*)::int AS n FROM interaction_fact GROUP BY customer_id`);
  rows.push(row('analytics: interactions per customer', diff(keyed(recInteractions, 'id'), keyed(anaInteractions, 'id'), [['n']]), recInteractions.length, 'customers'));

  const recActions = await query(ctx.recordsUrl, `SELECT id::text AS id, status, (extract(epoch FROM due_at) * 1000)::bigint AS due FROM next_action`);
  const anaActions = await query(
    ctx.analyticsUrl,
    `SELECT next_action_id AS id, status, (extract(epoch FROM due_at) * 1000)::bigint AS due FROM next_action_fact`,
  );
  rows.push(row('analytics: state and due time of every next action', diff(keyed(recActions, 'id'), keyed(anaActions, 'id'), [['status'], ['due']]), recActions.length, 'next actions'));
  // Workflow needs the due time of open actions only (their reminders); a closed action's due time is
  // history, kept by records and analytics.
  const wfActions = await query(
    ctx.workflowUrl,
    `SELECT id, status, CASE WHEN status = 'OPEN' THEN (extract(epoch FROM due_at) * 1000)::bigint END AS due FROM wf_next_action`,
  );
  const recOpenDue: Row[] = recActions.map((a) => ({ ...a, due: a.status === 'OPEN' ? (a.due ?? null) : null }));
  rows.push(row('workflow: state of every next action, due time of open ones', diff(keyed(recOpenDue, 'id'), keyed(wfActions, 'id'), [['status'], ['due']]), recActions.length, 'next actions'));

  // The figures as a client reads them, per team: pipeline, interactions logged and actions due, entries per stage.
  const from = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
  const to = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
  let figureDiffs = 0;
  const figureSamples: string[] = [];
  const note = (what: string, got: unknown, want: unknown) => {
    if (normalise(got) === normalise(want)) return;
    figureDiffs += 1;
    if (figureSamples.length < 3) figureSamples.push(`${what}: analytics ${String(got)}, records ${String(want)}`);
  };
  for (const teamId of ctx.teamIds) {
    const figures = await graphql<{
      pipeline: Array<{ stage: string; count: number }>;
      followUpEfficiency: Array<{ interactionsLogged: number; actionsDue: number }>;
      conversionFunnel: Array<{ stages: Array<{ stage: string; entered: number }> }>;
    }>(
      ctx,
      `query F($filter: AnalyticsFilter, $from: Date!, $to: Date!) {
         pipeline(filter: $filter) { stage count }
         followUpEfficiency(from: $from, to: $to, filter: $filter) { interactionsLogged actionsDue }
         conversionFunnel(from: $from, to: $to, filter: $filter) { stages { stage entered } } }`,
      { filter: { teamId }, from, to },
    );
    const stages = keyed(await query(ctx.recordsUrl, `SELECT stage, count(*)::int AS n FROM customer WHERE team_id = $1 GROUP BY stage`, [teamId]), 'stage');
    for (const p of figures.pipeline) note(`${teamId} pipeline ${p.stage}`, p.count, stages.get(p.stage)?.n ?? 0);
    const [counts] = await query(
      ctx.recordsUrl,
      `SELECT (SELECT count(*)::int FROM interaction i JOIN customer c ON c.id = i.customer_id WHERE c.team_id = $1) AS interactions,
              (SELECT count(*)::int FROM next_action a JOIN customer c ON c.id = a.customer_id WHERE c.team_id = $1 AND a.status <> 'CANCELLED') AS due`,
      [teamId],
    );
    note(`${teamId} interactionsLogged`, figures.followUpEfficiency[0]?.interactionsLogged ?? 0, counts!.interactions);
    note(`${teamId} actionsDue`, figures.followUpEfficiency[0]?.actionsDue ?? 0, counts!.due);
    const entered = keyed(
      await query(ctx.recordsUrl, `SELECT to_stage AS stage, count(DISTINCT customer_id)::int AS n FROM stage_change WHERE team_id = $1 GROUP BY to_stage`, [teamId]),
      'stage',
    );
    for (const s of figures.conversionFunnel[0]?.stages ?? []) note(`${teamId} entered ${s.stage}`, s.entered, entered.get(s.stage)?.n ?? 0);
  }
  rows.push({
    check: 'analytics figures (pipeline, interactions logged, actions due, funnel entries) per team',
    passed: figureDiffs === 0,
    detail: figureDiffs === 0 ? `${ctx.teamIds.length} teams agree with SQL over records` : `${figureDiffs} differ, e.g. ${figureSamples.join('; ')}`,
  });

  const decided = await query(ctx.workflowUrl, `SELECT id::text AS id, status FROM review WHERE status <> 'PENDING'`);
  const learnt = await query(ctx.recordsUrl, `SELECT review_id AS id, status FROM customer_review`);
  rows.push(row('records: every decided review learnt from workflow', diff(keyed(decided, 'id'), keyed(learnt, 'id'), [['status']]), decided.length, 'reviews'));

  // Every open next action has its three reminder jobs in Redis, except reminders already sent.
  const open = await query(ctx.workflowUrl, `SELECT id, (extract(epoch FROM due_at) * 1000)::bigint AS due FROM wf_next_action WHERE status = 'OPEN'`);
  const sent = new Set(
    (await query(ctx.workflowUrl, `SELECT dedupe_key FROM notification WHERE dedupe_key LIKE 'reminder-%'`)).map((r) => String(r.dedupe_key)),
  );
  const expected = open.flatMap((a) => ['due-soon', 'overdue', 'escalate'].map((k) => `reminder-${k}-${a.id}-${a.due}`)).filter((id) => !sent.has(id));
  const redis = await RespClient.connect(ctx.redisUrl);
  let missing: string[];
  try {
    const replies = expected.length ? await redis.pipeline(expected.map((id) => ['EXISTS', `${ctx.queuePrefix}:reminders:${id}`])) : [];
    missing = expected.filter((_, i) => replies[i] !== 1);
  } finally {
    redis.close();
  }
  rows.push({
    check: 'workflow: every open next action has its reminder jobs',
    passed: missing.length === 0,
    detail: missing.length === 0 ? `${open.length} open actions, ${expected.length} jobs present (${sent.size} reminders already sent)` : `${missing.length} jobs missing, e.g. ${missing.slice(0, 2).join(', ')}`,
  });

  const [dupes] = await query(
    ctx.workflowUrl,
    `SELECT count(*)::int AS total, count(DISTINCT dedupe_key)::int AS keys,
            count(*) FILTER (WHERE kind LIKE 'NEXT_ACTION%')::int AS reminders FROM notification`,
  );
  rows.push({
    check: 'workflow: no notification sent twice (one per dedupe key)',
    passed: dupes!.total === dupes!.keys,
    detail: `${dupes!.total} notifications (${dupes!.reminders} reminders), ${dupes!.keys} dedupe keys`,
  });
  return rows;
}

/** The load's own checks: no failure outside an outage window, nothing that gave up, nothing applied twice. */
export async function loadChecks(ctx: CheckContext, load: LoadReport, windows: OutageWindow[], marginMs = 2_000): Promise<CheckRow[]> {
  const rows: CheckRow[] = [];
  const explained = (at: number) => windows.find((w) => (w.what === 'gateway' || w.what === 'workflow' || w.what === 'redis') && at >= w.from && at <= w.to + marginMs);
  const byWindow = new Map<string, number>();
  const unexplained: string[] = [];
  for (const f of load.failures) {
    const w = explained(f.at);
    if (w) byWindow.set(w.what, (byWindow.get(w.what) ?? 0) + 1);
    else unexplained.push(`${f.kind} at +${((f.at - load.startedAt) / 1000).toFixed(1)}s: ${f.reason}`);
  }
  const reasons = new Map<string, number>();
  for (const f of load.failures) {
    const reason = f.reason.replace(/[0-9a-f-]{36}/g, '…').slice(0, 60);
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  rows.push({
    check: 'load: no failed request outside the gateway, workflow and Redis restart windows',
    passed: unexplained.length === 0,
    detail:
      unexplained.length === 0
        ? `${load.failures.length} failed attempts, all retried: ${[...byWindow].map(([w, n]) => `${n} while ${w} restarted`).join(', ') || 'none'}; ${[...reasons].map(([r, n]) => `${n}× ${r}`).slice(0, 3).join('; ')}`
        : `${unexplained.length} outside, e.g. ${unexplained.slice(0, 2).join('; ')}`,
  });
  const gaveUp = load.outcomes.filter((o) => o.result === 'gave-up');
  rows.push({
    check: 'load: every mutation answered (after retries)',
    passed: gaveUp.length === 0,
    detail: `${load.outcomes.length} mutations: ${count(load.outcomes, 'ok')} applied, ${count(load.outcomes, 'rejected')} rejected with a typed error, ${gaveUp.length} unanswered`,
  });

  // Each mutation's client token appears in the rows it writes: never twice, and once for each success.
  const tokenCounts = new Map<string, number>();
  const add = (rowsWithToken: Row[]) => {
    for (const r of rowsWithToken) {
      const token = /chaos-[0-9a-f-]{36}/.exec(String(r.t))?.[0];
      if (token) tokenCounts.set(token, (tokenCounts.get(token) ?? 0) + 1);
    }
  };
  add(await query(ctx.recordsUrl, `SELECT name AS t FROM customer`));
  add(await query(ctx.recordsUrl, `SELECT summary AS t FROM interaction`));
  add(await query(ctx.recordsUrl, `SELECT reason AS t FROM stage_change WHERE reason IS NOT NULL`));
  add(await query(ctx.recordsUrl, `SELECT completion_note AS t FROM next_action WHERE completion_note IS NOT NULL`));
  add(await query(ctx.workflowUrl, `SELECT comments AS t FROM review WHERE comments IS NOT NULL`));
  const twice = [...tokenCounts].filter(([, n]) => n > 1);
  const failedWith = new Map<string, string>();
  for (const f of load.failures) {
    if (!failedWith.has(f.token)) failedWith.set(f.token, `${f.reason.slice(0, 100)} at +${((f.at - load.startedAt) / 1000).toFixed(1)}s`);
  }
  const kindOf = new Map(load.outcomes.map((o) => [o.token, `${o.kind}${o.retried ? ` after ${failedWith.get(o.token)}` : ''}`]));
  const tracked: MutationKind[] = ['createCustomer', 'logInteraction', 'changeStage', 'completeNextAction', 'decideReview'];
  const lost = load.outcomes.filter((o) => o.result === 'ok' && tracked.includes(o.kind) && !tokenCounts.has(o.token));
  const [reschedules] = await query(ctx.recordsUrl, `SELECT coalesce(sum(reschedule_count), 0)::int AS n FROM next_action`);
  const rescheduleOk = load.outcomes.filter((o) => o.kind === 'rescheduleNextAction' && o.result === 'ok').length;
  const rescheduleRetried = load.outcomes.filter((o) => o.kind === 'rescheduleNextAction' && o.retried).length;
  const rescheduled = Number(reschedules!.n);
  const rescheduleFine = rescheduled >= rescheduleOk && rescheduled <= rescheduleOk + rescheduleRetried;
  rows.push({
    check: 'load: no mutation changed data twice, none answered OK was lost',
    passed: twice.length === 0 && lost.length === 0 && rescheduleFine,
    detail: `${tokenCounts.size} tokens found in the data, ${twice.length} twice${twice.length ? ` (${twice.slice(0, 3).map(([t]) => kindOf.get(t)).join(', ')})` : ''}, ${lost.length} successes missing; reschedules ${rescheduled} counted for ${rescheduleOk} OK (+${rescheduleRetried} retried)`,
  });
  return rows;
}

function count(outcomes: LoadReport['outcomes'], result: string): number {
  return outcomes.filter((o) => o.result === result).length;
}

export function formatTable(rows: CheckRow[]): string {
  const width = Math.max(...rows.map((r) => r.check.length));
  return rows.map((r) => `${r.passed ? 'PASS' : 'FAIL'}  ${r.check.padEnd(width)}  ${r.detail}`).join('\n');
}
