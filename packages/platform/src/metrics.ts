import http from 'node:http';
import client from 'prom-client';
import type { Queue } from 'bullmq';
import type { Logger } from './logger';
import type { Lifecycle } from './lifecycle';

/*
 * Prometheus metrics (prom-client). Every process serves its registry on a port of its own
 * (`startMetricsServer`), never on the public API's. The metrics an operator pages on are declared here
 * once, so that every process names them alike; gauges that need a database or Redis read them when
 * scraped, from the sources a process registers (`watchOutbox`, `watchQueues`).
 */

export const metricsRegistry = client.register;

let defaultsCollected = false;
/** Node's runtime metrics (event loop lag, heap, GC, handles, CPU), once per process. */
export function collectRuntimeMetrics(): void {
  if (defaultsCollected) return;
  defaultsCollected = true;
  client.collectDefaultMetrics({ register: metricsRegistry });
}

const outboxSources = new Map<string, () => Promise<number>>();
const queueSources = new Set<Queue>();

/** Events recorded but not yet published by the relay, per producer (read from the outbox when scraped). */
export const outboxUnpublished = new client.Gauge({
  name: 'salestrail_outbox_unpublished_events',
  help: 'Outbox rows not yet published to the queues, per producer',
  labelNames: ['producer'] as const,
  registers: [metricsRegistry],
  async collect() {
    this.reset();
    await Promise.all(
      [...outboxSources].map(async ([producer, count]) => {
        try {
          this.set({ producer }, await count());
        } catch {
          // The database is unreachable: readiness says so; the gauge leaves the producer out.
        }
      }),
    );
  },
});

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed', 'prioritized', 'waiting-children'] as const;

/** Jobs per queue and state (read from Redis when scraped). */
export const queueJobs = new client.Gauge({
  name: 'salestrail_queue_jobs',
  help: 'BullMQ jobs per queue and state (waiting, active, delayed, failed, ...)',
  labelNames: ['queue', 'state'] as const,
  registers: [metricsRegistry],
  async collect() {
    this.reset();
    await Promise.all(
      [...queueSources].map(async (queue) => {
        try {
          const counts = await queue.getJobCounts(...QUEUE_STATES);
          for (const state of QUEUE_STATES) this.set({ queue: queue.name, state }, counts[state] ?? 0);
        } catch {
          // Redis is unreachable: readiness says so.
        }
      }),
    );
  },
});

/** From an event's occurrence (its outbox commit) to its application by a consumer. */
export const eventLag = new client.Histogram({
  name: 'salestrail_event_lag_seconds',
  help: 'Seconds from an event being recorded by its producer to a consumer applying it',
  labelNames: ['consumer', 'producer'] as const,
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800],
  registers: [metricsRegistry],
});

export const eventsApplied = new client.Counter({
  name: 'salestrail_events_applied_total',
  help: 'Events applied by a consumer (each event once per consumer)',
  labelNames: ['consumer', 'producer'] as const,
  registers: [metricsRegistry],
});

export const eventsPublished = new client.Counter({
  name: 'salestrail_events_published_total',
  help: 'Events published by an outbox relay',
  labelNames: ['producer'] as const,
  registers: [metricsRegistry],
});

/** Jobs whose attempt failed, per queue and job name (each failed attempt counts). */
export const jobFailures = new client.Counter({
  name: 'salestrail_job_failures_total',
  help: 'Failed job attempts per queue and job name',
  labelNames: ['queue', 'job'] as const,
  registers: [metricsRegistry],
});

/** How late a reminder fired against the moment it was scheduled for. */
export const reminderLateness = new client.Histogram({
  name: 'salestrail_reminder_lateness_seconds',
  help: 'Seconds between the moment a reminder job was due and the moment it ran',
  labelNames: ['kind'] as const,
  buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600],
  registers: [metricsRegistry],
});

/** A webhook or e-mail delivery attempt that failed (the job is retried until its attempts run out). */
export const deliveryFailures = new client.Counter({
  name: 'salestrail_notification_delivery_failures_total',
  help: 'Failed delivery attempts of notifications, per channel (webhook, email)',
  labelNames: ['channel'] as const,
  registers: [metricsRegistry],
});

/** Counts a producer's unpublished outbox rows when scraped; returns how to stop. */
export function watchOutbox(producer: string, count: () => Promise<number>): () => void {
  outboxSources.set(producer, count);
  return () => {
    if (outboxSources.get(producer) === count) outboxSources.delete(producer);
  };
}

/** Reports these queues' job counts when scraped; returns how to stop. */
export function watchQueues(queues: readonly Queue[]): () => void {
  for (const q of queues) queueSources.add(q);
  return () => {
    for (const q of queues) queueSources.delete(q);
  };
}

export interface MetricsServerOptions {
  /** Process name (the `process` label is left to Prometheus' target labels). */
  name: string;
  port: number;
  host?: string;
  logger: Logger;
  lifecycle?: Lifecycle;
}

/**
 * Serves `GET /metrics` (Prometheus text format) on its own port, with Node's runtime metrics. Nothing
 * else is served there, and that port is not the public API's: the cluster's Prometheus reaches it, the
 * API's callers do not. Closed in the lifecycle's `http` phase.
 */
export async function startMetricsServer(options: MetricsServerOptions): Promise<{ port: number; close: () => Promise<void> }> {
  collectRuntimeMetrics();
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    metricsRegistry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': metricsRegistry.contentType }).end(text),
      (error: unknown) => {
        options.logger.warn({ err: error }, 'metrics collection failed');
        res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics collection failed\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const close = () => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  };
  options.lifecycle?.onShutdown('http', `${options.name} metrics`, close);
  options.logger.info({ port }, 'metrics listening');
  return { port, close };
}
