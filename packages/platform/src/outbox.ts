import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { EntityManager, DataSource } from 'typeorm';
import { Queue, type JobsOptions } from 'bullmq';
import {
  EVENT_SUBSCRIBERS,
  type DomainEvent,
  type NewEvent,
  type Producer,
  type QueueName,
} from '@salestrail/contract';
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import type { Logger } from './logger';
import { eventsPublished, watchOutbox } from './metrics';
import type { Redis } from './redis';
import { currentRequestId } from './request-context';
import { bullmqTelemetry, contextFromCarrier, currentTraceCarrier, tracingActive, type TraceCarrier } from './tracing';

/**
 * The transactional outbox. A producer inserts its events into `outbox_event` in the same transaction
 * as the change; the relay publishes them and keeps them (the table doubles as the event history that
 * consumers replay from). `position` is insertion order; `seq` is assigned by the single active relay
 * when it publishes, so it is gap-free per producer and lets consumers detect a missing event.
 */
export const OUTBOX_DDL = [
  `CREATE TABLE outbox_event (
     position bigserial PRIMARY KEY,
     id uuid NOT NULL UNIQUE,
     seq bigint UNIQUE,
     type text NOT NULL,
     aggregate_id text NOT NULL,
     version integer NOT NULL,
     team_id text,
     actor jsonb NOT NULL,
     payload jsonb NOT NULL,
     occurred_at timestamptz NOT NULL,
     sent_at timestamptz,
     request_id text,
     trace_context jsonb
   )`,
  `CREATE INDEX outbox_event_unsent ON outbox_event (position) WHERE sent_at IS NULL`,
  `CREATE INDEX outbox_event_aggregate ON outbox_event (aggregate_id, version)`,
  `CREATE FUNCTION outbox_event_notify() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN PERFORM pg_notify('outbox_event', ''); RETURN NULL; END $$`,
  `CREATE TRIGGER outbox_event_inserted AFTER INSERT ON outbox_event
     FOR EACH STATEMENT EXECUTE FUNCTION outbox_event_notify()`,
];
/**
 * The request id and W3C trace context of the work that recorded an event, carried on in its envelope
 * (for databases whose outbox predates them; OUTBOX_DDL has them).
 */
export const OUTBOX_CONTEXT_DDL = [
  'ALTER TABLE outbox_event ADD COLUMN IF NOT EXISTS request_id text',
  'ALTER TABLE outbox_event ADD COLUMN IF NOT EXISTS trace_context jsonb',
];
export const OUTBOX_CONTEXT_DROP_DDL = [
  'ALTER TABLE outbox_event DROP COLUMN IF EXISTS trace_context',
  'ALTER TABLE outbox_event DROP COLUMN IF EXISTS request_id',
];

export const OUTBOX_DROP_DDL = [
  'DROP TRIGGER IF EXISTS outbox_event_inserted ON outbox_event',
  'DROP FUNCTION IF EXISTS outbox_event_notify()',
  'DROP TABLE IF EXISTS outbox_event',
];

/**
 * Writes events to the outbox inside the caller's transaction, each with the current request id and trace
 * context (request-context.ts, tracing.ts): the envelope carries them to every consumer.
 */
export async function recordEvents(manager: EntityManager, events: NewEvent[]): Promise<void> {
  if (events.length === 0) return;
  const requestId = currentRequestId() ?? null;
  const traceContext = currentTraceCarrier();
  const values: unknown[] = [];
  const rows = events.map((event, i) => {
    const o = i * 10;
    values.push(
      randomUUID(),
      event.type,
      event.aggregateId,
      event.version,
      event.teamId,
      JSON.stringify(event.actor),
      JSON.stringify(event.payload),
      event.occurredAt ?? new Date().toISOString(),
      requestId,
      traceContext ? JSON.stringify(traceContext) : null,
    );
    return `($${o + 1}, $${o + 2}, $${o + 3}, $${o + 4}, $${o + 5}, $${o + 6}, $${o + 7}, $${o + 8}, $${o + 9}, $${o + 10})`;
  });
  await manager.query(
    `INSERT INTO outbox_event (id, type, aggregate_id, version, team_id, actor, payload, occurred_at, request_id, trace_context)
     VALUES ${rows.join(', ')}`,
    values,
  );
}

interface OutboxRow {
  position: string;
  id: string;
  seq: string | null;
  type: string;
  aggregate_id: string;
  version: number;
  team_id: string | null;
  actor: DomainEvent['actor'];
  payload: unknown;
  occurred_at: Date;
  request_id?: string | null;
  trace_context?: TraceCarrier | null;
}

export function rowToEvent(producer: Producer, row: OutboxRow, seq: number): DomainEvent {
  return {
    id: row.id,
    producer,
    seq,
    type: row.type,
    version: row.version,
    occurredAt: row.occurred_at.toISOString(),
    actor: row.actor,
    teamId: row.team_id,
    aggregateId: row.aggregate_id,
    payload: row.payload,
    ...(row.request_id ? { requestId: row.request_id } : {}),
    ...(row.trace_context?.traceparent ? { trace: row.trace_context } : {}),
  } as DomainEvent;
}

/** Reads a producer's published history in `seq` order (for replay, rebuilds and gap repair). */
export async function readEventHistory(
  dataSource: DataSource,
  producer: Producer,
  afterSeq: number,
  limit: number,
): Promise<DomainEvent[]> {
  const rows: OutboxRow[] = await dataSource.query(
    `SELECT * FROM outbox_event WHERE seq > $1 ORDER BY seq LIMIT $2`,
    [afterSeq, limit],
  );
  return rows.map((row) => rowToEvent(producer, row, Number(row.seq)));
}

export const EVENT_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 500 },
  // Completed jobs are not what makes an event exactly-once: every consumer records the event id in
  // processed_event with its effect, so a re-published event that runs again changes nothing. Only the
  // last 1 000 (at most an hour old) stay, for inspection; keeping 50 000 for a day cost about 2 KB of
  // Redis per event and queue.
  removeOnComplete: { age: 3600, count: 1_000 },
  removeOnFail: { age: 14 * 24 * 3600 },
} as const;

export interface OutboxRelayOptions {
  producer: Producer;
  dataSource: DataSource;
  databaseUrl: string;
  redis: Redis;
  queuePrefix: string;
  logger: Logger;
  batchSize?: number;
  pollIntervalMs?: number;
  /** Override the subscriber queues (tests). */
  subscribers?: readonly QueueName[];
}

/**
 * Publishes outbox rows to one BullMQ queue per subscriber (job id = event id) and marks them sent.
 * Only one relay per producer is active (a Postgres advisory lock held on a dedicated connection);
 * others wait and take over when it dies. Woken by LISTEN/NOTIFY, with polling as a fallback.
 */
export class OutboxRelay {
  private readonly queues: Queue[];
  private lockClient: Client | null = null;
  private listenClient: Client | null = null;
  private running = false;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private published = 0;
  private leadershipLost = false;

  constructor(private readonly options: OutboxRelayOptions) {
    const names = options.subscribers ?? EVENT_SUBSCRIBERS[options.producer];
    this.queues = names.map(
      (name) => new Queue(name, { connection: options.redis, prefix: options.queuePrefix, telemetry: bullmqTelemetry() }),
    );
  }

  get publishedCount(): number {
    return this.published;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
    this.unwatch = watchOutbox(this.options.producer, async () => {
      const [{ n }] = (await this.options.dataSource.query('SELECT count(*)::int AS n FROM outbox_event WHERE sent_at IS NULL')) as [{ n: number }];
      return n;
    });
  }

  private unwatch: (() => void) | null = null;

  async stop(): Promise<void> {
    this.unwatch?.();
    this.running = false;
    this.wake?.();
    await this.loop;
    await Promise.all(this.queues.map((q) => q.close()));
  }

  private async run(): Promise<void> {
    const { logger } = this.options;
    while (this.running) {
      try {
        if (this.leadershipLost) await this.releaseLeadership();
        if (!this.lockClient) await this.acquireLeadership();
        if (!this.lockClient) {
          await this.sleep(1_000);
          continue;
        }
        const count = await this.publishBatch();
        if (count === 0) await this.sleep(this.options.pollIntervalMs ?? 1_000);
      } catch (error) {
        if (!this.running) break;
        logger.error({ err: error }, 'outbox relay iteration failed');
        await this.releaseLeadership();
        await this.sleep(1_000);
      }
    }
    await this.releaseLeadership();
  }

  private async acquireLeadership(): Promise<void> {
    const client = new Client({ connectionString: this.options.databaseUrl, application_name: 'outbox-relay' });
    client.on('error', () => undefined);
    await client.connect();
    const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [
      `outbox-relay-${this.options.producer}`,
    ]);
    if (!rows[0]?.ok) {
      await client.end();
      return;
    }
    // The lock lives as long as this connection: once it ends (the server restarted, a network cut)
    // another relay may hold the lock, so this one stops publishing until it takes the lock again.
    this.leadershipLost = false;
    client.once('end', () => {
      if (this.lockClient !== client) return;
      this.leadershipLost = true;
      this.options.logger.warn({ producer: this.options.producer }, 'outbox relay lost its lock connection');
      this.wake?.();
    });
    this.lockClient = client;
    const listener = new Client({ connectionString: this.options.databaseUrl, application_name: 'outbox-listen' });
    listener.on('error', () => undefined);
    listener.on('notification', () => this.wake?.());
    await listener.connect();
    await listener.query('LISTEN outbox_event');
    this.listenClient = listener;
    this.options.logger.info({ producer: this.options.producer }, 'outbox relay active');
  }

  private async releaseLeadership(): Promise<void> {
    const clients = [this.listenClient, this.lockClient];
    this.listenClient = null;
    this.lockClient = null;
    await Promise.all(clients.map((c) => c?.end().catch(() => undefined)));
  }

  /**
   * Numbers the next unsent rows (`seq`, gap-free, in insertion order) and commits that first, then
   * publishes the numbered rows not yet sent and marks them sent. An event's `seq` is therefore fixed
   * before any copy of it reaches Redis: a relay killed between publishing and marking sent leaves jobs
   * whose `seq` is the one its successor publishes again (same job id, same seq) and the history serves.
   * Returns how many were sent.
   */
  private async publishBatch(): Promise<number> {
    const { dataSource } = this.options;
    const limit = this.options.batchSize ?? 500;
    await dataSource.transaction(async (manager) => {
      const unnumbered: Array<{ position: string }> = await manager.query(
        `SELECT position FROM outbox_event WHERE sent_at IS NULL AND seq IS NULL ORDER BY position LIMIT $1 FOR UPDATE`,
        [limit],
      );
      if (unnumbered.length === 0) return;
      await manager.query(
        `UPDATE outbox_event AS o SET seq = m.max + v.n
         FROM unnest($1::bigint[]) WITH ORDINALITY AS v(position, n),
              (SELECT COALESCE(MAX(seq), 0) AS max FROM outbox_event) AS m
         WHERE o.position = v.position`,
        [unnumbered.map((r) => r.position)],
      );
    });
    const rows: OutboxRow[] = await dataSource.query(
      `SELECT * FROM outbox_event WHERE sent_at IS NULL AND seq IS NOT NULL ORDER BY seq LIMIT $1`,
      [limit],
    );
    if (rows.length === 0) return 0;
    if (this.leadershipLost) throw new Error('outbox relay lost its lock before publishing');
    const events = rows.map((row) => rowToEvent(this.options.producer, row, Number(row.seq)));
    const published = this.publishSpans(events);
    try {
      await Promise.all(
        this.queues.map((queue) =>
          queue.addBulk(
            events.map((event, i) => ({
              name: event.type,
              data: event,
              opts: { ...EVENT_JOB_OPTIONS, jobId: event.id, ...published.opts[i] },
            })),
          ),
        ),
      );
    } finally {
      published.end();
    }
    await dataSource.query(`UPDATE outbox_event SET sent_at = now() WHERE position = ANY($1::bigint[])`, [
      rows.map((r) => r.position),
    ]);
    this.published += events.length;
    eventsPublished.inc({ producer: this.options.producer }, events.length);
    return events.length;
  }

  /**
   * With tracing on, one `publish` span per event that carries a trace context, a child of the work that
   * recorded it; its context goes into the event's jobs (BullMQ's telemetry metadata), so each consumer's
   * span continues the event's trace rather than the relay's.
   */
  private publishSpans(events: DomainEvent[]): { opts: Array<Pick<JobsOptions, 'telemetry'> | undefined>; end: () => void } {
    if (!tracingActive()) return { opts: [], end: () => undefined };
    const tracer = trace.getTracer('salestrail-outbox');
    const spans = events.map((event) => {
      if (!event.trace?.traceparent) return undefined;
      const span = tracer.startSpan(
        `publish ${event.type}`,
        {
          kind: SpanKind.PRODUCER,
          attributes: { 'messaging.system': 'bullmq', 'salestrail.event.id': event.id, 'salestrail.event.seq': event.seq, 'salestrail.producer': event.producer },
        },
        contextFromCarrier(event.trace),
      );
      const carrier: Record<string, string> = {};
      propagation.inject(trace.setSpan(context.active(), span), carrier);
      return { span, metadata: JSON.stringify(carrier) };
    });
    return {
      opts: spans.map((s) => (s ? { telemetry: { metadata: s.metadata } } : undefined)),
      end: () => spans.forEach((s) => s?.span.end()),
    };
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
