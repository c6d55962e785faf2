import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { QUEUES } from '@salestrail/contract';
import { testRedisUrl, waitFor } from '@salestrail/testkit';
import { customerInput, devToken, TestSystem } from './system';

/*
 * Observability of the running system: traces exported over OTLP to a receiver held here, Prometheus
 * metrics on each process's own port, request ids from the gateway into events, and the queue console.
 */

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes?: Array<{ key: string; value: { stringValue?: string } }>;
}
interface ReceivedSpan extends OtlpSpan {
  service: string;
}

/** A local OTLP/HTTP receiver (JSON encoding): keeps every span it is sent, with its service name. */
async function startOtlpReceiver(): Promise<{ url: string; spans: ReceivedSpan[]; close: () => Promise<void> }> {
  const spans: ReceivedSpan[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/v1/traces' && req.method === 'POST') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          resourceSpans?: Array<{
            resource?: { attributes?: Array<{ key: string; value: { stringValue?: string } }> };
            scopeSpans?: Array<{ spans?: OtlpSpan[] }>;
          }>;
        };
        for (const rs of body.resourceSpans ?? []) {
          const service = rs.resource?.attributes?.find((a) => a.key === 'service.name')?.value.stringValue ?? '?';
          for (const ss of rs.scopeSpans ?? []) for (const span of ss.spans ?? []) spans.push({ ...span, service });
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** One sample value of a Prometheus text exposition (0 when absent). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  let found = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || !line.startsWith(name)) continue;
    const match = /^([a-zA-Z_:][\w:]*)(\{(.*)\})?\s+(\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = Object.fromEntries([...(match[3] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) {
      total += Number(match[4]);
      found = true;
    }
  }
  return found ? total : 0;
}

const CREATE = /* GraphQL */ `
  mutation CreateForTrace($input: CreateCustomerInput!) {
    createCustomer(input: $input) { id }
  }
`;

const LOG_PAST_DUE = /* GraphQL */ `
  mutation LogForTrace($input: LogInteractionInput!) {
    logInteraction(input: $input) { id }
  }
`;

describe('observability, through the running system', () => {
  let system: TestSystem;
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
  let rep: string;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    system = await TestSystem.start('obs', {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      // Export each batch of spans soon after it ends (default 5 s).
      OTEL_BSP_SCHEDULE_DELAY: '200',
      GATEWAY_RATE_LIMIT_POINTS: '40',
    });
    rep = await devToken('SALES_REP', 'rep-obs', 'team-obs');
  }, 120_000);
  afterAll(async () => {
    await system?.stop();
    await receiver?.close();
  });

  const scrape = async (name: keyof TestSystem['metricsPorts']) => {
    const res = await fetch(`http://127.0.0.1:${system.metricsPorts[name]}/metrics`);
    expect(res.status).toBe(200);
    return res.text();
  };

  it('follows one mutation in one trace: gateway, records, its outbox row, the relay and the consumers', async () => {
    const created = await system.graphql<{ createCustomer: { id: string } }>(rep, CREATE, { input: customerInput('追踪公司') });
    expect(created.errors).toBeUndefined();
    const customerId = created.data!.createCustomer.id;

    // The outbox row keeps the trace context of the request that wrote it.
    const db = new Client({ connectionString: system.env.RECORDS_DATABASE_URL });
    await db.connect();
    const { rows } = await db.query<{ trace_context: { traceparent: string }; request_id: string | null }>(
      `SELECT trace_context, request_id FROM outbox_event WHERE aggregate_id = $1 AND type = 'customer.created'`,
      [customerId],
    );
    await db.end();
    expect(rows).toHaveLength(1);
    const traceId = rows[0]!.trace_context.traceparent.split('-')[1]!;
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(rows[0]!.request_id).toMatch(/^[\w.-]+$/);

    // Every process along the way exports spans of that one trace: the gateway's, records' (HTTP, GraphQL
    // and the INSERT into the outbox), the relay's publish, and the consumers' jobs in analytics and workflow.
    const spans = await waitFor(
      () => {
        const inTrace = receiver.spans.filter((s) => s.traceId === traceId);
        const services = new Set(inTrace.map((s) => s.service));
        const done =
          ['gateway', 'records', 'analytics', 'workflow'].every((s) => services.has(s)) &&
          inTrace.some((s) => s.service === 'records' && s.name === 'publish customer.created') &&
          inTrace.some((s) => s.service === 'analytics' && s.name === `process ${QUEUES.analyticsEvents}`) &&
          inTrace.some((s) => s.service === 'workflow' && s.name === `process ${QUEUES.workflowEvents}`);
        // Every span's parent has arrived too (a parent ends, and is exported, after its children).
        const ids = new Set(inTrace.map((s) => s.spanId));
        const complete = inTrace.every((s) => !s.parentSpanId || ids.has(s.parentSpanId));
        return done && complete ? inTrace : undefined;
      },
      { timeoutMs: 30_000, what: 'the spans of one trace from every process' },
    );
    const names = (service: string) => spans.filter((s) => s.service === service).map((s) => s.name);
    const some = (pattern: RegExp) => expect.arrayContaining([expect.stringMatching(pattern)]);
    expect(names('gateway')).toEqual(some(/^graphql\.operation CreateForTrace$/));
    expect(names('gateway')).toEqual(some(/^subgraph\.execute \(records\)$/));
    expect(names('records')).toEqual(some(/^graphql\.resolve createCustomer$/));
    expect(names('records')).toEqual(some(/^pg\.query:INSERT/));
    // The consumers' work on the event: their queries run inside the job's span.
    expect(names('analytics')).toEqual(some(/^pg\.query:INSERT/));
    expect(names('workflow')).toEqual(some(/^pg\.query:INSERT/));
    // One tree, rooted at the gateway.
    const roots = spans.filter((s) => !s.parentSpanId);
    expect(roots.map((s) => s.service)).toEqual(['gateway']);
  });

  it('continues the trace of the mutation that set a deadline into the reminder job and the notification it stores', async () => {
    const created = await system.graphql<{ createCustomer: { id: string } }>(rep, CREATE, { input: customerInput('提醒追踪公司') });
    const customerId = created.data!.createCustomer.id;
    // A deadline already past: its reminders are due at once.
    const logged = await system.graphql(rep, LOG_PAST_DUE, {
      input: {
        customerId,
        occurredAt: '2024-03-20T14:30:00+08:00',
        method: 'PHONE_CALL',
        summary: '客户希望缩短交货周期；约定下周现场演示。',
        nextAction: { content: '发送产品详细参数表至客户邮箱', dueAt: '2024-03-25T18:00:00+08:00' },
      },
    });
    expect(logged.errors).toBeUndefined();
    const db = new Client({ connectionString: system.env.RECORDS_DATABASE_URL });
    await db.connect();
    const { rows } = await db.query<{ trace_context: { traceparent: string } }>(
      `SELECT trace_context FROM outbox_event WHERE aggregate_id = $1 AND type = 'next_action.created'`,
      [customerId],
    );
    await db.end();
    const traceId = rows[0]!.trace_context.traceparent.split('-')[1]!;

    const statement = (span: OtlpSpan) =>
      span.attributes?.find((a) => a.key === 'db.statement' || a.key === 'db.query.text')?.value.stringValue ?? '';
    const spans = await waitFor(
      () => {
        const inTrace = receiver.spans.filter((s) => s.traceId === traceId);
        const reminder = inTrace.find((s) => s.service === 'workflow' && s.name === `process ${QUEUES.reminders}`);
        const stored = inTrace.some((s) => s.service === 'workflow' && statement(s).includes('INSERT INTO notification'));
        // And every span's parent has arrived (a parent ends, and is exported, after its children).
        const ids = new Set(inTrace.map((s) => s.spanId));
        const complete = inTrace.every((s) => !s.parentSpanId || ids.has(s.parentSpanId));
        return reminder && stored && complete ? inTrace : undefined;
      },
      { timeoutMs: 30_000, what: 'the reminder job and its notification in the trace' },
    );
    // The reminder job's span descends from the mutation through the relay and workflow's consumer.
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const ancestry = (span: OtlpSpan): string[] => {
      const names: string[] = [];
      for (let at: OtlpSpan | undefined = span; at; at = at.parentSpanId ? byId.get(at.parentSpanId) : undefined) names.push(`${(at as ReceivedSpan).service}: ${at.name}`);
      return names;
    };
    const reminder = spans.find((s) => s.service === 'workflow' && s.name === `process ${QUEUES.reminders}`)!;
    const chain = ancestry(reminder);
    // (workflow applies the mutation's events in one batch, under the job of the first: interaction.logged)
    expect(chain).toEqual(
      expect.arrayContaining([
        `workflow: addBulk ${QUEUES.reminders}`,
        `workflow: process ${QUEUES.workflowEvents}`,
        expect.stringMatching(/^records: publish (interaction\.logged|next_action\.created)$/),
        'records: graphql.resolve logInteraction',
        'gateway: graphql.operation LogForTrace',
      ]),
    );
    const notification = spans.find((s) => statement(s).includes('INSERT INTO notification'))!;
    expect(ancestry(notification)).toEqual(expect.arrayContaining([`workflow: process ${QUEUES.reminders}`]));
  });

  it('makes a request id when the client sends none, answers it, and carries it into the events', async () => {
    const res = await fetch(system.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${rep}` },
      body: JSON.stringify({ query: CREATE, variables: { input: customerInput('请求编号公司') } }),
    });
    const body = (await res.json()) as { data: { createCustomer: { id: string } } };
    const requestId = res.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);

    const given = await fetch(system.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${rep}`, 'x-request-id': 'client-chosen-42' },
      body: JSON.stringify({ query: CREATE, variables: { input: customerInput('自带编号公司') } }),
    });
    const givenBody = (await given.json()) as { data: { createCustomer: { id: string } } };
    expect(given.headers.get('x-request-id')).toBe('client-chosen-42');

    const db = new Client({ connectionString: system.env.RECORDS_DATABASE_URL });
    await db.connect();
    const ids = await db.query<{ aggregate_id: string; request_id: string }>(
      `SELECT aggregate_id, request_id FROM outbox_event WHERE aggregate_id = ANY($1) AND type = 'customer.created'`,
      [[body.data.createCustomer.id, givenBody.data.createCustomer.id]],
    );
    await db.end();
    const byCustomer = Object.fromEntries(ids.rows.map((r) => [r.aggregate_id, r.request_id]));
    expect(byCustomer[body.data.createCustomer.id]).toBe(requestId);
    expect(byCustomer[givenBody.data.createCustomer.id]).toBe('client-chosen-42');
  });

  it('serves Prometheus metrics on each process’s own port, and they move with traffic', async () => {
    const before = await scrape('gateway');
    const appliedBefore = sample(await scrape('analytics'), 'salestrail_events_applied_total', { consumer: QUEUES.analyticsEvents });

    const created = await system.graphql<{ createCustomer: { id: string } }>(rep, CREATE, { input: customerInput('指标公司') });
    expect(created.errors).toBeUndefined();
    const bad = await system.graphql(rep, 'query Broken { customer(id: "not-a-uuid") { id } }');
    expect(bad.errors?.length).toBeGreaterThan(0);

    // A team whose webhook receiver refuses connections, and a next action already past due there: its
    // reminders fire at once, and each notification's webhook delivery fails.
    const admin = await devToken('ADMIN', 'admin-obs-metrics', null);
    const team = await system.graphql(admin, 'mutation ($input: TeamInput!) { upsertTeam(input: $input) { id } }', {
      input: { id: 'team-obs-metrics', name: '指标组' },
    });
    expect(team.errors).toBeUndefined();
    const hook = await system.graphql(admin, 'mutation ($input: WebhookInput!) { upsertWebhook(input: $input) { id } }', {
      input: { teamId: 'team-obs-metrics', url: 'http://127.0.0.1:9/hook', secret: 'w'.repeat(32) },
    });
    expect(hook.errors).toBeUndefined();
    const workflowBefore = await scrape('workflow');
    const teamRep = await devToken('SALES_REP', 'rep-obs-metrics', 'team-obs-metrics');
    const customer = await system.graphql<{ createCustomer: { id: string } }>(teamRep, CREATE.replace('CreateForTrace', 'CreateForReminders'), {
      input: customerInput('提醒指标公司'),
    });
    const logged = await system.graphql(teamRep, LOG_PAST_DUE, {
      input: {
        customerId: customer.data!.createCustomer.id,
        occurredAt: '2024-03-20T14:30:00+08:00',
        method: 'PHONE_CALL',
        summary: '客户希望缩短交货周期；约定下周现场演示。',
        nextAction: { content: '发送产品详细参数表至客户邮箱', dueAt: '2024-03-25T18:00:00+08:00' },
      },
    });
    expect(logged.errors).toBeUndefined();
    const workflowAfter = await waitFor(
      async () => {
        const text = await scrape('workflow');
        const moved =
          sample(text, 'salestrail_reminder_lateness_seconds_count') > sample(workflowBefore, 'salestrail_reminder_lateness_seconds_count') &&
          sample(text, 'salestrail_notification_delivery_failures_total', { channel: 'webhook' }) >
            sample(workflowBefore, 'salestrail_notification_delivery_failures_total', { channel: 'webhook' });
        return moved ? text : undefined;
      },
      { timeoutMs: 20_000, what: 'reminder lateness and webhook failures to be counted' },
    );
    // Each kind of reminder counted its lateness (against when its job was due to run).
    for (const kind of ['due-soon', 'overdue']) {
      expect(sample(workflowAfter, 'salestrail_reminder_lateness_seconds_count', { kind })).toBeGreaterThan(
        sample(workflowBefore, 'salestrail_reminder_lateness_seconds_count', { kind }),
      );
    }
    expect(sample(workflowAfter, 'salestrail_job_failures_total', { queue: QUEUES.notifications, job: 'deliver-webhook' })).toBeGreaterThan(0);

    const after = await scrape('gateway');
    // Runtime metrics, and GraphQL requests and their latency by operation, errors by code.
    expect(sample(after, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    const op = { operationName: 'CreateForTrace' };
    expect(sample(after, 'graphql_envelop_request', op) - sample(before, 'graphql_envelop_request', op)).toBe(1);
    expect(sample(after, 'graphql_envelop_request_duration_count', op) - sample(before, 'graphql_envelop_request_duration_count', op)).toBe(1);
    const broken = { operationName: 'Broken' };
    expect(sample(after, 'graphql_envelop_error_result', broken)).toBeGreaterThan(sample(before, 'graphql_envelop_error_result', broken));

    // Event lag per consumer, counted as analytics applies the event.
    const analytics = await waitFor(
      async () => {
        const text = await scrape('analytics');
        return sample(text, 'salestrail_events_applied_total', { consumer: QUEUES.analyticsEvents }) > appliedBefore ? text : undefined;
      },
      { timeoutMs: 15_000, what: 'analytics to count the event' },
    );
    expect(sample(analytics, 'salestrail_event_lag_seconds_count', { consumer: QUEUES.analyticsEvents, producer: 'records' })).toBeGreaterThan(0);
    expect(analytics).toMatch(/salestrail_queue_jobs\{queue="events-analytics",state="waiting"\}/);

    // Records' outbox: nothing left unpublished once the relay caught up; the relay counted what it published.
    const records = await waitFor(
      async () => {
        const text = await scrape('records');
        return text.includes('salestrail_outbox_unpublished_events{producer="records"} 0') ? text : undefined;
      },
      { timeoutMs: 15_000, what: 'the records outbox to be published' },
    );
    expect(sample(records, 'salestrail_events_published_total', { producer: 'records' })).toBeGreaterThan(0);

    // Workflow's own queues, and the metrics are not on the public API's port.
    const workflow = await scrape('workflow');
    for (const queue of [QUEUES.reminders, QUEUES.notifications, QUEUES.workflowEvents]) {
      for (const state of ['waiting', 'active', 'delayed', 'failed']) expect(workflow).toContain(`salestrail_queue_jobs{queue="${queue}",state="${state}"}`);
    }
    const onApi = await fetch(`http://127.0.0.1:${system.ports.gateway}/metrics`);
    expect(await onApi.text()).not.toContain('graphql_envelop_request');
  });

  it('counts rate-limit refusals', async () => {
    const limited = await devToken('SALES_REP', 'rep-obs-limited', 'team-obs');
    const before = sample(await scrape('gateway'), 'salestrail_gateway_rate_limit_refusals_total', { limit: 'user' });
    let refused = 0;
    for (let i = 0; i < 45 && refused === 0; i += 1) {
      const res = await system.graphql(limited, '{ __typename }');
      if (res.errors?.[0]?.extensions?.code === 'RATE_LIMITED') refused += 1;
    }
    expect(refused).toBe(1);
    const after = sample(await scrape('gateway'), 'salestrail_gateway_rate_limit_refusals_total', { limit: 'user' });
    expect(after - before).toBe(1);
  });

  describe('the queue console', () => {
    const consoleUrl = (path: string) => `http://127.0.0.1:${system.ports.gateway}/admin/queues${path}`;
    let queue: Queue;
    beforeAll(() => {
      queue = new Queue(QUEUES.analyticsEvents, { connection: { url: testRedisUrl() }, prefix: system.env.QUEUE_PREFIX });
    });
    afterAll(async () => {
      await queue?.close();
    });

    /** A job analytics refuses at once (it does not match the contract): it fails and stays failed. */
    async function failedJob(id: string) {
      await queue.add('bogus.event', { not: 'an event' }, { jobId: id, attempts: 1 });
      await waitFor(async () => ((await queue.getJobState(id)) === 'failed' ? true : undefined), { what: `${id} to fail` });
    }

    it('is for ADMIN only: anonymous 401, other roles 403', async () => {
      const anonymous = await fetch(consoleUrl('/api/queues'));
      expect(anonymous.status).toBe(401);
      const manager = await devToken('SALES_MANAGER', 'manager-obs', 'team-obs');
      for (const token of [rep, manager]) {
        const res = await fetch(consoleUrl('/api/queues'), { headers: { authorization: `Bearer ${token}` } });
        expect(res.status).toBe(403);
      }
      // Workflow's own copy of the console answers nobody without the gateway's identity.
      const direct = await fetch(`http://127.0.0.1:${system.ports.workflow}/admin/queues/api/queues`);
      expect(direct.status).toBe(401);
    });

    it('lets an ADMIN see, retry and remove failed jobs, and nothing else', async () => {
      const admin = await devToken('ADMIN', 'admin-obs', null);
      const headers = { authorization: `Bearer ${admin}` };
      await failedJob('bogus-1');
      await failedJob('bogus-2');

      const page = await fetch(consoleUrl('/'), { headers });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('SalesTrail queues');

      const list = await fetch(consoleUrl(`/api/queues?activeQueue=${QUEUES.analyticsEvents}&status=failed&page=1`), { headers });
      expect(list.status).toBe(200);
      const listed = (await list.json()) as { queues: Array<{ name: string; counts: { failed: number }; jobs: Array<{ id: string; failedReason?: string }> }> };
      const analytics = listed.queues.find((q) => q.name === QUEUES.analyticsEvents)!;
      expect(analytics.counts.failed).toBe(2);
      expect(analytics.jobs.map((j) => j.id).sort()).toEqual(['bogus-1', 'bogus-2']);
      expect(analytics.jobs[0]!.failedReason).toMatch(/contract/);

      // Retry one: it runs again (and fails again: it still does not match the contract).
      const retry = await fetch(consoleUrl(`/api/queues/${QUEUES.analyticsEvents}/bogus-1/retry`), { method: 'PUT', headers });
      expect(retry.status).toBe(204);
      await waitFor(async () => ((await queue.getJob('bogus-1'))?.attemptsStarted ?? 0) >= 2 && (await queue.getJobState('bogus-1')) === 'failed', {
        what: 'the retried job to run again',
      });

      // Remove the other.
      const remove = await fetch(consoleUrl(`/api/queues/${QUEUES.analyticsEvents}/bogus-2/clean`), { method: 'PUT', headers });
      expect(remove.status).toBe(204);
      expect(await queue.getJob('bogus-2')).toBeUndefined();

      // Changes beyond retrying and removing are refused, and change nothing.
      const waitingBefore = await queue.getWaitingCount();
      const add = await fetch(consoleUrl(`/api/queues/${QUEUES.analyticsEvents}/add`), {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'x', data: {} }),
      });
      expect(add.status).toBe(403);
      const obliterate = await fetch(consoleUrl(`/api/queues/${QUEUES.analyticsEvents}/obliterate`), { method: 'PUT', headers });
      expect(obliterate.status).toBe(403);
      expect(await queue.getWaitingCount()).toBe(waitingBefore);
      expect(await queue.getJob('bogus-1')).toBeDefined();
    });
  });
});
