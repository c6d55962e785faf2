import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import type { DomainEvent } from '@salestrail/contract';
import { testQueuePrefix, testRedisUrl, waitFor } from '@salestrail/testkit';
import { applyEventOnce, OUTBOX_DDL, OutboxRelay, PROCESSED_EVENT_DDL, readEventHistory, recordEvents, startEventConsumer } from './index';
import { freshDatabase, logger, teamEvent } from './test/fixtures';
import { createRedis, type Redis } from './redis';

describe('outbox relay and exactly-once consumer (real Postgres and Redis)', () => {
  let producer: { ds: DataSource; url: string };
  let consumerDb: { ds: DataSource; url: string };
  let redis: Redis;

  beforeAll(async () => {
    producer = await freshDatabase('outbox_producer', OUTBOX_DDL);
    consumerDb = await freshDatabase('outbox_consumer', [
      ...PROCESSED_EVENT_DDL,
      'CREATE TABLE applied (event_id uuid, team_id text)',
    ]);
    redis = createRedis(testRedisUrl());
  });
  afterAll(async () => {
    await producer.ds.destroy();
    await consumerDb.ds.destroy();
    await redis.quit();
  });

  it('publishes each committed event once, with a gap-free seq, and never a rolled-back one', async () => {
    const prefix = testQueuePrefix('relay1');
    await producer.ds.transaction((m) => recordEvents(m, [teamEvent('a'), teamEvent('b')]));
    await producer.ds
      .transaction(async (m) => {
        await recordEvents(m, [teamEvent('rolled-back')]);
        throw new Error('abort');
      })
      .catch(() => undefined);
    await producer.ds.transaction((m) => recordEvents(m, [teamEvent('c')]));

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
    relay.start();
    const queue = new Queue('events-analytics', { connection: redis, prefix });
    try {
      const jobs = await waitFor(async () => {
        const all = await queue.getJobs(['waiting']);
        return all.length === 3 ? all : undefined;
      });
      const events = jobs.map((j) => j.data as DomainEvent).sort((x, y) => x.seq - y.seq);
      expect(events.map((e) => e.aggregateId)).toEqual(['a', 'b', 'c']);
      expect(events.map((e) => e.seq)).toEqual([1, 2, 3]);
      expect(jobs.every((j) => j.id === (j.data as DomainEvent).id)).toBe(true);
      const history = await readEventHistory(producer.ds, 'workflow', 1, 10);
      expect(history.map((e) => e.aggregateId)).toEqual(['b', 'c']);
    } finally {
      await relay.stop();
      await queue.close();
    }
  });

  it('keeps the seq a killed relay gave its events: the successor publishes them with the same seq', async () => {
    const own = await freshDatabase('outbox_numbered', OUTBOX_DDL);
    const prefix = testQueuePrefix('relay2');
    // A relay numbered x and y (and may have published them) and died before marking them sent; z came after.
    await own.ds.transaction((m) => recordEvents(m, [teamEvent('x'), teamEvent('y')]));
    await own.ds.query(`UPDATE outbox_event SET seq = position WHERE aggregate_id IN ('x', 'y')`);
    await own.ds.transaction((m) => recordEvents(m, [teamEvent('z')]));
    const relay = new OutboxRelay({
      producer: 'workflow',
      dataSource: own.ds,
      databaseUrl: own.url,
      redis,
      queuePrefix: prefix,
      logger,
      subscribers: ['events-analytics'],
      pollIntervalMs: 50,
    });
    relay.start();
    const queue = new Queue('events-analytics', { connection: redis, prefix });
    try {
      const jobs = await waitFor(async () => {
        const all = await queue.getJobs(['waiting']);
        return all.length === 3 ? all : undefined;
      });
      const published = jobs.map((j) => j.data as DomainEvent).sort((a, b) => a.seq - b.seq);
      expect(published.map((e) => [e.aggregateId, e.seq])).toEqual([['x', 1], ['y', 2], ['z', 3]]);
      const history = await readEventHistory(own.ds, 'workflow', 0, 10);
      expect(history.map((e) => [e.id, e.seq])).toEqual(published.map((e) => [e.id, e.seq]));
      await waitFor(async () => {
        const rows: Array<{ n: number }> = await own.ds.query('SELECT count(*)::int AS n FROM outbox_event WHERE sent_at IS NULL');
        return rows[0]!.n === 0;
      });
    } finally {
      await relay.stop();
      await queue.close();
      await own.ds.destroy();
    }
  });

  it('applies an event once however often it is delivered, and rolls back with a failing handler', async () => {
    const event = {
      ...teamEvent('once'),
      id: randomUUID(),
      producer: 'workflow',
      seq: 1000,
      occurredAt: new Date().toISOString(),
    } as DomainEvent;
    const handler = async (e: DomainEvent, m: import('typeorm').EntityManager) => {
      await m.query('INSERT INTO applied VALUES ($1, $2)', [e.id, e.teamId]);
    };
    expect(await applyEventOnce(consumerDb.ds, event, handler)).toBe(true);
    expect(await applyEventOnce(consumerDb.ds, event, handler)).toBe(false);
    const failing = { ...event, id: randomUUID(), seq: 1001 } as DomainEvent;
    await expect(
      applyEventOnce(consumerDb.ds, failing, async (e, m) => {
        await handler(e, m);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const rows: Array<{ event_id: string }> = await consumerDb.ds.query('SELECT event_id FROM applied');
    expect(rows.map((r) => r.event_id)).toEqual([event.id]);
    const processed = await consumerDb.ds.query('SELECT 1 FROM processed_event WHERE event_id = $1', [failing.id]);
    expect(processed).toHaveLength(0);
  });

  it('delivers through a BullMQ worker and skips a re-published duplicate', async () => {
    const prefix = testQueuePrefix('consumer1');
    const seen: string[] = [];
    const worker = startEventConsumer({
      queue: 'events-analytics',
      dataSource: consumerDb.ds,
      redis,
      queuePrefix: prefix,
      logger,
      handler: async (e, m) => {
        seen.push(e.aggregateId);
        await m.query('INSERT INTO applied VALUES ($1, $2)', [e.id, e.teamId]);
      },
    });
    const queue = new Queue('events-analytics', { connection: redis, prefix });
    try {
      const event = { ...teamEvent('dup'), id: randomUUID(), producer: 'workflow', seq: 2000, occurredAt: new Date().toISOString() };
      // The same event under two job ids (as after a relay crash between publish and commit).
      await queue.add('team.upserted', event, { jobId: event.id });
      await queue.add('team.upserted', event, { jobId: `${event.id}-again` });
      await queue.add('bad', { type: 'nonsense' }, { jobId: 'bad-event' });
      await waitFor(async () => (await queue.getCompletedCount()) === 2 && (await queue.getFailedCount()) === 1);
      expect(seen).toEqual(['dup']);
      const rows = await consumerDb.ds.query('SELECT 1 FROM applied WHERE event_id = $1', [event.id]);
      expect(rows).toHaveLength(1);
    } finally {
      await worker.close();
      await queue.close();
    }
  });
});
