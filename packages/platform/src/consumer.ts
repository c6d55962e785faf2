import { Worker, UnrecoverableError, type Job } from 'bullmq';
import type { DataSource, EntityManager } from 'typeorm';
import { DomainEventSchema, type DomainEvent, type QueueName } from '@salestrail/contract';
import type { Logger } from './logger';
import type { Redis } from './redis';

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

export type EventHandler = (event: DomainEvent, manager: EntityManager) => Promise<void>;

/**
 * Applies one event exactly once: inserts its id into processed_event and runs the handler in one
 * transaction; an event seen before is skipped. Returns whether it was applied now.
 */
export async function applyEventOnce(
  dataSource: DataSource,
  event: DomainEvent,
  handler: EventHandler,
): Promise<boolean> {
  return dataSource.transaction(async (manager) => {
    const inserted: unknown[] = await manager.query(
      `INSERT INTO processed_event (event_id, producer, seq, type) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING event_id`,
      [event.id, event.producer, event.seq, event.type],
    );
    if (inserted.length === 0) return false;
    await handler(event, manager);
    return true;
  });
}

export interface EventConsumerOptions {
  queue: QueueName;
  dataSource: DataSource;
  redis: Redis;
  queuePrefix: string;
  logger: Logger;
  handler: EventHandler;
  concurrency?: number;
  /** Told of every delivered event (e.g. EventGapRepair.noticeEvent, to notice a hole early). */
  onEvent?: (event: DomainEvent) => void;
}

/** A BullMQ worker that validates each event against the contract and applies it exactly once. */
export function startEventConsumer(options: EventConsumerOptions): Worker {
  const { logger } = options;
  const worker = new Worker(
    options.queue,
    async (job: Job) => {
      const parsed = DomainEventSchema.safeParse(job.data);
      if (!parsed.success) {
        logger.error({ jobId: job.id, issues: parsed.error.issues }, 'event does not match the contract');
        throw new UnrecoverableError('event does not match the contract');
      }
      const applied = await applyEventOnce(options.dataSource, parsed.data, options.handler);
      options.onEvent?.(parsed.data);
      return { applied };
    },
    {
      connection: options.redis,
      prefix: options.queuePrefix,
      concurrency: options.concurrency ?? 4,
      autorun: true,
    },
  );
  worker.on('failed', (job, err) => logger.warn({ jobId: job?.id, err }, 'event job failed'));
  worker.on('error', (err) => logger.error({ err }, 'event worker error'));
  return worker;
}
