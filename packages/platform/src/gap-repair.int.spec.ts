import { Queue } from 'bullmq';
import type { DataSource, EntityManager } from 'typeorm';
import type { DomainEvent } from '@salestrail/contract';
import { testQueuePrefix, testRedisUrl, waitFor } from '@salestrail/testkit';
import {
  EVENT_POSITION_DDL,
  EventGapRepair,
  OUTBOX_DDL,
  OutboxRelay,
  PROCESSED_EVENT_DDL,
  readEventHistory,
  recordEvents,
  startEventConsumer,
  type EventSource,
} from './index';
import { freshDatabase, logger, teamEvent } from './test/fixtures';
import { createRedis, type Redis } from './redis';

const handler = async (e: DomainEvent, m: EntityManager) => {
  await m.query('INSERT INTO applied VALUES ($1, $2)', [e.id, e.seq]);
};

async function appliedSeqs(ds: DataSource): Promise<number[]> {
  const rows: Array<{ seq: string }> = await ds.query('SELECT seq FROM applied ORDER BY seq');
  return rows.map((r) => Number(r.seq));
}

describe('gap repair: events lost between producer and consumer are fetched from the history (real Postgres and Redis)', () => {
  let producer: { ds: DataSource; url: string };
  let redis: Redis;

  beforeAll(async () => {
    producer = await freshDatabase('gap_producer', OUTBOX_DDL);
    redis = createRedis(testRedisUrl());
  });
  afterAll(async () => {
    await producer.ds.destroy();
    await redis.quit();
  });

  async function publish(prefix: string, names: string[]): Promise<Queue> {
    await producer.ds.transaction((m) => recordEvents(m, names.map(teamEvent)));
    const relay = new OutboxRelay({
      producer: 'workflow',
      dataSource: producer.ds,
      databaseUrl: producer.url,
      redis,
      queuePrefix: prefix,
      logger,
      subscribers: ['events-records'],
      pollIntervalMs: 50,
    });
    relay.start();
    const queue = new Queue('events-records', { connection: redis, prefix });
    try {
      await waitFor(async () => (await queue.getWaitingCount()) >= names.length);
    } finally {
      await relay.stop();
    }
    return queue;
  }

  it('applies events lost in the middle and at the tail of the sequence exactly once, and keeps the position', async () => {
    const consumer = await freshDatabase('gap_consumer', [
      ...PROCESSED_EVENT_DDL,
      ...EVENT_POSITION_DDL,
      'CREATE TABLE applied (event_id uuid PRIMARY KEY, seq bigint)',
    ]);
    const prefix = testQueuePrefix('gap1');
    const queue = await publish(prefix, ['a', 'b', 'c', 'd', 'e', 'f']);
    // Redis loses three of the six jobs: two in the middle and the last one.
    const jobs = await queue.getJobs(['waiting']);
    const lost = jobs.filter((j) => [3, 4, 6].includes((j.data as DomainEvent).seq));
    expect(lost).toHaveLength(3);
    await Promise.all(lost.map((j) => j.remove()));

    let fetched = 0;
    const source: EventSource = async (afterSeq, limit) => {
      fetched += 1;
      return readEventHistory(producer.ds, 'workflow', afterSeq, limit);
    };
    const repair = new EventGapRepair({ dataSource: consumer.ds, sources: { workflow: source }, handler, logger, pageSize: 2, graceMs: 10 });
    const worker = startEventConsumer({
      queue: 'events-records',
      dataSource: consumer.ds,
      redis,
      queuePrefix: prefix,
      logger,
      handler,
      onEvent: (e) => repair.noticeEvent(e),
    });
    try {
      await waitFor(async () => (await queue.getCompletedCount()) === 3);
      expect(await appliedSeqs(consumer.ds)).toEqual([1, 2, 5]);

      const reports = await repair.catchUp();
      expect(reports).toEqual([{ producer: 'workflow', applied: 3, contiguousSeq: 6 }]);
      expect(fetched).toBeGreaterThan(1);
      expect(await appliedSeqs(consumer.ds)).toEqual([1, 2, 3, 4, 5, 6]);
      const [position] = await consumer.ds.query(`SELECT contiguous_seq FROM event_position WHERE producer = 'workflow'`);
      expect(Number(position.contiguous_seq)).toBe(6);

      // The lost jobs arriving late (a relay re-publishing) change nothing; a second pass applies nothing.
      await queue.addBulk(lost.map((j) => ({ name: j.name, data: j.data as DomainEvent, opts: { jobId: `${j.id}-late` } })));
      await waitFor(async () => (await queue.getCompletedCount()) === 6);
      expect(await repair.catchUp()).toEqual([{ producer: 'workflow', applied: 0, contiguousSeq: 6 }]);
      expect(await appliedSeqs(consumer.ds)).toEqual([1, 2, 3, 4, 5, 6]);
    } finally {
      await worker.close();
      await repair.stop();
      await queue.close();
      await consumer.ds.destroy();
    }
  });

  it('notices an event beyond a hole and repairs it without waiting for the periodic pass', async () => {
    const consumer = await freshDatabase('gap_consumer_early', [
      ...PROCESSED_EVENT_DDL,
      ...EVENT_POSITION_DDL,
      'CREATE TABLE applied (event_id uuid PRIMARY KEY, seq bigint)',
    ]);
    const prefix = testQueuePrefix('gap2');
    const source: EventSource = (afterSeq, limit) => readEventHistory(producer.ds, 'workflow', afterSeq, limit);
    const repair = new EventGapRepair({ dataSource: consumer.ds, sources: { workflow: source }, handler, logger, graceMs: 20 });
    // The start-up pass brings the consumer up to the history so far.
    await repair.catchUp();
    const before = (await appliedSeqs(consumer.ds)).length;
    const queue = await publish(prefix, ['g', 'h', 'i']);
    const jobs = await queue.getJobs(['waiting']);
    const firstNew = Math.min(...jobs.map((j) => (j.data as DomainEvent).seq));
    await Promise.all(jobs.filter((j) => (j.data as DomainEvent).seq === firstNew).map((j) => j.remove()));
    const worker = startEventConsumer({
      queue: 'events-records',
      dataSource: consumer.ds,
      redis,
      queuePrefix: prefix,
      logger,
      handler,
      onEvent: (e) => repair.noticeEvent(e),
    });
    try {
      // No periodic pass runs (start() is not called): only the noticed hole brings the lost event in.
      await waitFor(async () => (await appliedSeqs(consumer.ds)).includes(firstNew));
      const seqs = await appliedSeqs(consumer.ds);
      expect(seqs).toHaveLength(before + 3);
      expect(new Set(seqs).size).toBe(seqs.length);
    } finally {
      await worker.close();
      await repair.stop();
      await queue.close();
      await consumer.ds.destroy();
    }
  });
});
