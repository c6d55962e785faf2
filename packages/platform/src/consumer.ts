import { UnrecoverableError, type Job, type Worker } from 'bullmq';
import type { DataSource, EntityManager } from 'typeorm';
import { DomainEventSchema, type DomainEvent, type QueueName } from '@salestrail/contract';
import type { Logger } from './logger';
import { eventLag, eventsApplied } from './metrics';
import { createWorker, watchQueueCounts } from './queues';
import type { Redis } from './redis';
import { runWithRequestId } from './request-context';

/** The consumer side of exactly-once: an event is applied in the same transaction that records it. */
export const PROCESSED_EVENT_DDL = [
  `CREATE TABLE processed_event (
     event_id uuid PRIMARY KEY,
     producer text NOT NULL,
     seq bigint NOT NULL,
     type text NOT NULL,
     processed_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE UNIQUE INDEX processed_event_producer_seq ON processed_event (producer, seq)`,
];

/**
 * What a handler may leave to do once its transaction has committed, such as queueing the outbound copies
 * of notifications it stored (their jobs must not run before the rows exist). It runs once, after the
 * commit; it must not throw: the events are applied by then and a failure cannot undo them.
 */
export type AfterCommit = () => Promise<void>;

export type EventHandler = (event: DomainEvent, manager: EntityManager) => Promise<void | AfterCommit>;

/** Applies several new events in one transaction (each is applied exactly once; none was seen before). */
export type BatchEventHandler = (events: DomainEvent[], manager: EntityManager) => Promise<void | AfterCommit>;

/**
 * Applies one event exactly once: inserts its id into processed_event and runs the handler in one
 * transaction; an event seen before is skipped. Returns whether it was applied now.
 */
export async function applyEventOnce(
  dataSource: DataSource,
  event: DomainEvent,
  handler: EventHandler,
): Promise<boolean> {
  const after: { run?: AfterCommit } = {};
  const applied = await dataSource.transaction(async (manager) => {
    const inserted: unknown[] = await manager.query(
      `INSERT INTO processed_event (event_id, producer, seq, type) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING event_id`,
      [event.id, event.producer, event.seq, event.type],
    );
    if (inserted.length === 0) return false;
    const afterCommit = await handler(event, manager);
    if (typeof afterCommit === 'function') after.run = afterCommit;
    return true;
  });
  if (after.run) await after.run();
  return applied;
}

/**
 * Applies a batch of events exactly once in one transaction: records every id not seen before in
 * processed_event and hands only those, in the given order, to the handler. Returns the ids applied now.
 */
export async function applyEventsOnce(
  dataSource: DataSource,
  events: readonly DomainEvent[],
  handler: BatchEventHandler,
): Promise<Set<string>> {
  const unique = [...new Map(events.map((e) => [e.id, e])).values()];
  if (unique.length === 0) return new Set();
  const after: { run?: AfterCommit } = {};
  const result = await dataSource.transaction(async (manager) => {
    const inserted: Array<{ event_id: string }> = await manager.query(
      `INSERT INTO processed_event (event_id, producer, seq, type)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::text[])
       ON CONFLICT DO NOTHING RETURNING event_id`,
      [
        unique.map((e) => e.id),
        unique.map((e) => e.producer),
        unique.map((e) => e.seq),
        unique.map((e) => e.type),
      ],
    );
    const applied = new Set(inserted.map((r) => r.event_id));
    const fresh = unique.filter((e) => applied.has(e.id));
    if (fresh.length === 0) return applied;
    const afterCommit = await handler(fresh, manager);
    if (typeof afterCommit === 'function') after.run = afterCommit;
    // processed_at says when the batch's work was done (just before its commit), not when it began.
    await manager.query(
      `UPDATE processed_event SET processed_at = clock_timestamp() WHERE event_id = ANY($1::uuid[])`,
      [fresh.map((e) => e.id)],
    );
    return applied;
  });
  if (after.run) await after.run();
  return result;
}

interface Pending {
  event: DomainEvent;
  resolve: (applied: boolean) => void;
  reject: (err: unknown) => void;
}

/**
 * Groups events delivered concurrently into one transaction each. The first event is applied at once;
 * events arriving while a batch commits wait and form the next batch (up to `maxSize`), so a quiet
 * queue adds no latency and a busy one pays one transaction, and one pass over each touched
 * aggregate, per batch instead of per event. A batch that fails is retried event by event, so one
 * event that cannot be applied fails only its own job.
 */
export class EventBatcher {
  private pending: Pending[] = [];
  private flushing = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly handler: BatchEventHandler,
    private readonly maxSize: number,
  ) {}

  /** Resolves once the event's batch has committed: true when applied now, false when seen before. */
  submit(event: DomainEvent): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.pending.push({ event, resolve, reject });
      this.kick();
    });
  }

  private kick(): void {
    if (this.flushing || this.pending.length === 0) return;
    this.flushing = true;
    const batch = this.pending.splice(0, this.maxSize);
    void this.flush(batch).finally(() => {
      this.flushing = false;
      this.kick();
    });
  }

  private async flush(batch: Pending[]): Promise<void> {
    try {
      const applied = await applyEventsOnce(
        this.dataSource,
        batch.map((p) => p.event),
        this.handler,
      );
      this.settle(batch, applied);
    } catch (err) {
      if (batch.length === 1) {
        batch[0]!.reject(err);
        return;
      }
      for (const one of batch) {
        try {
          this.settle([one], await applyEventsOnce(this.dataSource, [one.event], this.handler));
        } catch (oneErr) {
          one.reject(oneErr);
        }
      }
    }
  }

  /** Every delivery of an id answers the same (a duplicate inside one batch counts as seen before). */
  private settle(batch: Pending[], applied: Set<string>): void {
    const answered = new Set<string>();
    for (const p of batch) {
      p.resolve(applied.has(p.event.id) && !answered.has(p.event.id));
      answered.add(p.event.id);
    }
  }
}

interface ConsumerSettings {
  queue: QueueName;
  dataSource: DataSource;
  redis: Redis;
  queuePrefix: string;
  logger: Logger;
  concurrency?: number;
  /**
   * BullMQ's lock on a job (renewed at half of it) and the stalled-job check interval: a job held by a copy
   * that died goes to another after about twice this. Default 30 s (QUEUE_LOCK_DURATION_MS).
   */
  lockDurationMs?: number;
  /** Told of every delivered event (e.g. EventGapRepair.noticeEvent, to notice a hole early). */
  onEvent?: (event: DomainEvent) => void;
}

/**
 * Either one event per transaction (`handler`), or the events delivered concurrently in batches of up
 * to `maxSize` per transaction (`batch`; `concurrency` then defaults to `maxSize`, the number of jobs the
 * worker holds at once).
 */
export type EventConsumerOptions = ConsumerSettings &
  ({ handler: EventHandler; batch?: never } | { batch: { handler: BatchEventHandler; maxSize: number }; handler?: never });

/**
 * BullMQ worker settings for a lock of `lockDurationMs`: the stalled check runs as often as a lock lasts,
 * so a job whose worker died is handed out again within about two lock durations.
 */
export function workerLockSettings(lockDurationMs: number | undefined): { lockDuration?: number; stalledInterval?: number } {
  return lockDurationMs ? { lockDuration: lockDurationMs, stalledInterval: lockDurationMs } : {};
}

/**
 * A BullMQ worker that validates each event against the contract and applies it exactly once, with the
 * event's request id as the current one (its log lines, and the events and jobs it causes, carry it on)
 * and, with tracing on, inside the job's span, which continues the event's trace. Each event applied
 * counts its lag (from its recording to now) in `salestrail_event_lag_seconds` for this queue.
 */
export function startEventConsumer(options: EventConsumerOptions): Worker {
  const { logger } = options;
  const { dataSource } = options;
  let apply: (event: DomainEvent) => Promise<boolean>;
  if (options.batch) {
    const batcher = new EventBatcher(dataSource, options.batch.handler, options.batch.maxSize);
    apply = (event) => batcher.submit(event);
  } else {
    const { handler } = options;
    apply = (event) => applyEventOnce(dataSource, event, handler);
  }
  const worker = createWorker(
    options.queue,
    async (job: Job) => {
      const parsed = DomainEventSchema.safeParse(job.data);
      if (!parsed.success) {
        logger.error({ jobId: job.id, issues: parsed.error.issues }, 'event does not match the contract');
        throw new UnrecoverableError('event does not match the contract');
      }
      const event = parsed.data;
      return runWithRequestId(event.requestId, async () => {
        const applied = await apply(event);
        if (applied) {
          const labels = { consumer: options.queue, producer: event.producer };
          eventsApplied.inc(labels);
          eventLag.observe(labels, Math.max(0, (Date.now() - Date.parse(event.occurredAt)) / 1000));
        }
        options.onEvent?.(event);
        return { applied };
      });
    },
    {
      connection: options.redis,
      prefix: options.queuePrefix,
      concurrency: options.concurrency ?? options.batch?.maxSize ?? 4,
      ...workerLockSettings(options.lockDurationMs),
      autorun: true,
    },
  );
  worker.on('failed', (job, err) => logger.warn({ jobId: job?.id, err }, 'event job failed'));
  // The queue's waiting / active / delayed / failed counts, read from Redis when the metrics are scraped.
  const stopWatching = watchQueueCounts([options.queue], options.redis, options.queuePrefix);
  worker.once('closed', () => void stopWatching());
  worker.on('error', (err) => logger.error({ err }, 'event worker error'));
  return worker;
}
