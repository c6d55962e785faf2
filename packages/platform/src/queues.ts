import { Queue, Worker, type ConnectionOptions, type Job, type JobsOptions, type Processor, type QueueOptions, type WorkerOptions } from 'bullmq';
import { jobFailures, watchQueues } from './metrics';
import { currentRequestId, runWithRequestId } from './request-context';
import { bullmqTelemetry } from './tracing';

/** A job's data with the current request id added (when there is one and the data names none). */
function stamped<T>(data: T): T {
  const requestId = currentRequestId();
  if (!requestId || !data || typeof data !== 'object' || Array.isArray(data) || 'requestId' in data) return data;
  return { ...data, requestId };
}

/**
 * A BullMQ queue whose jobs carry the request id of the work that added them (in `data.requestId`, an
 * optional field of every job schema in the contract) and, when tracing is on, its trace context (BullMQ's
 * OpenTelemetry support, in the job's options).
 */
class ContextQueue extends Queue {
  override add(name: string, data: unknown, opts?: JobsOptions): Promise<Job> {
    return super.add(name, stamped(data), opts);
  }

  override addBulk(jobs: Array<{ name: string; data: unknown; opts?: Parameters<Queue['addBulk']>[0][number]['opts'] }>): Promise<Job[]> {
    return super.addBulk(jobs.map((job) => ({ ...job, data: stamped(job.data) })));
  }
}

export function createQueue(name: string, options: QueueOptions): Queue {
  return new ContextQueue(name, { ...options, telemetry: options.telemetry ?? bullmqTelemetry() });
}

/**
 * A BullMQ worker whose processor runs with the job's request id as the current one (its log lines name
 * it; the events and jobs it causes carry it on), continuing the job's trace when tracing is on; each
 * failed attempt counts in `salestrail_job_failures_total`.
 */
export function createWorker(name: string, processor: Processor, options: WorkerOptions & { connection: ConnectionOptions }): Worker {
  const worker = new Worker(
    name,
    (job, token, signal) => runWithRequestId((job.data as { requestId?: unknown } | null)?.requestId, () => processor(job, token, signal)),
    { ...options, telemetry: options.telemetry ?? bullmqTelemetry() },
  );
  worker.on('failed', (job) => jobFailures.inc({ queue: name, job: job?.name ?? 'unknown' }));
  return worker;
}

/**
 * Reports these queues' job counts in `salestrail_queue_jobs` when the metrics are scraped (queues of
 * their own on the given connection, which only read); returns how to stop.
 */
export function watchQueueCounts(names: readonly string[], connection: ConnectionOptions, prefix: string): () => Promise<void> {
  const queues = names.map((name) => new Queue(name, { connection, prefix }));
  const unwatch = watchQueues(queues);
  return async () => {
    unwatch();
    await Promise.all(queues.map((q) => q.close().catch(() => undefined)));
  };
}
