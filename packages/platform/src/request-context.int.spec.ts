import { Writable } from 'node:stream';
import { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { testQueuePrefix, testRedisUrl, waitFor } from '@salestrail/testkit';
import {
  OUTBOX_DDL,
  OutboxRelay,
  PROCESSED_EVENT_DDL,
  createLogger,
  createQueue,
  createWorker,
  currentRequestId,
  metricsRegistry,
  recordEvents,
  runWithRequestId,
  startEventConsumer,
} from './index';
import { createRedis, type Redis } from './redis';
import { freshDatabase, logger, teamEvent } from './test/fixtures';

/** The value of one sample in the registry's Prometheus text (0 when absent). */
async function sampleValue(name: string, labels: Record<string, string>): Promise<number> {
  const text = await metricsRegistry.metrics();
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && wanted.every((w) => l.includes(w)));
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('a request id from the request through the outbox, the relay, the consumer and its jobs (real Postgres and Redis)', () => {
  let producer: { ds: DataSource; url: string };
  let consumerDb: { ds: DataSource; url: string };
  let redis: Redis;

  beforeAll(async () => {
    producer = await freshDatabase('reqctx_producer', OUTBOX_DDL);
    consumerDb = await freshDatabase('reqctx_consumer', PROCESSED_EVENT_DDL);
    redis = createRedis(testRedisUrl());
  });
  afterAll(async () => {
    await producer.ds.destroy();
    await consumerDb.ds.destroy();
    await redis.quit();
  });

  it('carries the id into the event envelope, the consumer, the jobs it adds, their worker and every log line', async () => {
    const prefix = testQueuePrefix('reqctx');
    const lines: Array<Record<string, unknown>> = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const log = createLogger('reqctx', 'info', sink);

    // A request records an event: its outbox row keeps the request id.
    await runWithRequestId('req-abc.1', () => producer.ds.transaction((m) => recordEvents(m, [teamEvent('team-ctx')])));
    const [row] = (await producer.ds.query(`SELECT request_id FROM outbox_event`)) as Array<{ request_id: string }>;
    expect(row!.request_id).toBe('req-abc.1');
    // Outside any request: none.
    await producer.ds.transaction((m) => recordEvents(m, [teamEvent('team-no-ctx')]));

    const followUps = createQueue('reqctx-follow-up', { connection: redis, prefix });
    const seen: Array<{ aggregateId: string; requestId: string | undefined }> = [];
    const consumer = startEventConsumer({
      queue: 'events-analytics',
      dataSource: consumerDb.ds,
      redis,
      queuePrefix: prefix,
      logger,
      handler: async (event) => {
        seen.push({ aggregateId: event.aggregateId, requestId: currentRequestId() });
        log.info({ aggregateId: event.aggregateId }, 'applying');
        await followUps.add('follow-up', { aggregateId: event.aggregateId });
      },
    });
    const ran: Array<{ data: unknown; requestId: string | undefined }> = [];
    const worker = createWorker(
      'reqctx-follow-up',
      async (job) => {
        ran.push({ data: job.data, requestId: currentRequestId() });
      },
      { connection: redis, prefix },
    );
    const relay = new OutboxRelay({
      producer: 'workflow',
      dataSource: producer.ds,
      databaseUrl: producer.url,
      redis,
      queuePrefix: prefix,
      logger,
      subscribers: ['events-analytics'],
      pollIntervalMs: 50,
    });
    const appliedBefore = await sampleValue('salestrail_events_applied_total', { consumer: 'events-analytics', producer: 'workflow' });
    relay.start();
    const peek = new Queue('events-analytics', { connection: redis, prefix });
    try {
      await waitFor(() => (ran.length === 2 ? true : undefined), { timeoutMs: 15_000, what: 'both follow-up jobs' });
      expect(seen).toEqual(
        expect.arrayContaining([
          { aggregateId: 'team-ctx', requestId: 'req-abc.1' },
          { aggregateId: 'team-no-ctx', requestId: undefined },
        ]),
      );
      expect(ran).toEqual(
        expect.arrayContaining([
          { data: { aggregateId: 'team-ctx', requestId: 'req-abc.1' }, requestId: 'req-abc.1' },
          { data: { aggregateId: 'team-no-ctx' }, requestId: undefined },
        ]),
      );
      const applying = lines.filter((l) => l.msg === 'applying');
      expect(applying.find((l) => l.aggregateId === 'team-ctx')?.requestId).toBe('req-abc.1');
      expect(applying.find((l) => l.aggregateId === 'team-no-ctx')).not.toHaveProperty('requestId');
      // The published envelope carries the id; the consumer counted both events and their lag.
      const job = (await peek.getJobs(['completed'])).find((j) => (j.data as { aggregateId: string }).aggregateId === 'team-ctx');
      expect((job!.data as { requestId?: string }).requestId).toBe('req-abc.1');
      expect(await sampleValue('salestrail_events_applied_total', { consumer: 'events-analytics', producer: 'workflow' })).toBe(appliedBefore + 2);
      expect(await sampleValue('salestrail_event_lag_seconds_count', { consumer: 'events-analytics', producer: 'workflow' })).toBeGreaterThanOrEqual(2);
      expect(await sampleValue('salestrail_outbox_unpublished_events', { producer: 'workflow' })).toBe(0);
    } finally {
      await relay.stop();
      await worker.close();
      await consumer.close();
      await followUps.close();
      await peek.close();
    }
  });
});
