import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import type { DataSource, EntityManager } from 'typeorm';
import { QUEUES, type DomainEvent } from '@salestrail/contract';
import { testQueuePrefix, testRedisUrl, waitFor } from '@salestrail/testkit';
import { EventBatcher, PROCESSED_EVENT_DDL, applyEventOnce, applyEventsOnce, startEventConsumer } from './consumer';
import { freshDatabase, logger, teamEvent } from './test/fixtures';
import { createRedis, type Redis } from './redis';

let seq = 0;
function event(): DomainEvent {
  seq += 1;
  return { ...teamEvent(`team-${seq}`), id: randomUUID(), producer: 'workflow', seq, occurredAt: new Date().toISOString() };
}

describe('batched event consumer (real Postgres and Redis)', () => {
  let ds: DataSource;
  let redis: Redis;
  const batches: number[] = [];
  const poison = new Set<string>();

  const batchHandler = async (events: DomainEvent[], m: EntityManager) => {
    batches.push(events.length);
    for (const e of events) {
      if (poison.has(e.id)) throw new Error('this event cannot be applied');
      await m.query('INSERT INTO applied VALUES ($1, $2)', [e.id, e.seq]);
    }
  };
  const applied = async (ids: string[]): Promise<number> => {
    const [row]: Array<{ n: number }> = await ds.query(
      'SELECT count(*)::int AS n FROM applied WHERE id = ANY($1::uuid[])',
      [ids],
    );
    return row!.n;
  };

  beforeAll(async () => {
    ({ ds } = await freshDatabase('batched_consumer', [
      'DROP TABLE IF EXISTS applied, processed_event',
      ...PROCESSED_EVENT_DDL,
      'CREATE TABLE applied (id uuid PRIMARY KEY, seq bigint NOT NULL)',
    ]));
    redis = createRedis(testRedisUrl());
  });
  afterAll(async () => {
    await redis.quit();
    await ds.destroy();
  });

  it('applies events delivered together in shared transactions, each exactly once, batches never over the limit', async () => {
    const prefix = testQueuePrefix();
    const queue = new Queue(QUEUES.analyticsEvents, { connection: redis, prefix });
    const events = Array.from({ length: 80 }, event);
    batches.length = 0;
    await queue.addBulk(events.map((e) => ({ name: e.type, data: e, opts: { jobId: e.id } })));
    const worker = startEventConsumer({
      queue: QUEUES.analyticsEvents,
      dataSource: ds,
      redis,
      queuePrefix: prefix,
      logger,
      batch: { handler: batchHandler, maxSize: 16 },
    });
    try {
      await waitFor(async () => (await applied(events.map((e) => e.id))) === events.length, {
        timeoutMs: 30_000,
        what: 'every event applied',
      });
      expect(Math.max(...batches)).toBeLessThanOrEqual(16);
      expect(batches.some((n) => n > 1)).toBe(true);
      expect(batches.reduce((a, b) => a + b, 0)).toBe(events.length);

      // A redelivery (same event, another job) is acknowledged without being applied again.
      const again = events[3]!;
      const job = await queue.add(again.type, again, { jobId: `again-${again.id}` });
      await waitFor(async () => (await job.isCompleted()) === true, {
        timeoutMs: 10_000,
        what: 'the redelivery answered',
      });
      expect((await queue.getJob(job.id!))!.returnvalue).toEqual({ applied: false });
      expect(await applied([again.id])).toBe(1);
      const [row]: Array<{ n: number }> = await ds.query(
        'SELECT count(*)::int AS n FROM processed_event WHERE event_id = $1',
        [again.id],
      );
      expect(row!.n).toBe(1);
    } finally {
      await worker.close();
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });

  it('retries a failed batch event by event: only the event that cannot be applied fails, and it leaves nothing', async () => {
    const batcher = new EventBatcher(ds, batchHandler, 50);
    const events = Array.from({ length: 6 }, event);
    poison.add(events[2]!.id);
    // The first is applied at once; the other five arrive meanwhile and form one batch, which fails.
    const results = await Promise.allSettled(events.map((e) => batcher.submit(e)));
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ]);
    expect(
      results
        .filter((r) => r.status === 'fulfilled')
        .map((r) => (r as PromiseFulfilledResult<boolean>).value),
    ).toEqual([true, true, true, true, true]);
    expect(await applied(events.map((e) => e.id))).toBe(5);
    const [row]: Array<{ n: number }> = await ds.query(
      'SELECT count(*)::int AS n FROM processed_event WHERE event_id = $1',
      [events[2]!.id],
    );
    expect(row!.n).toBe(0);
  });

  it('answers a duplicate inside one batch as seen before, and applies it once', async () => {
    const e = event();
    const applied1 = await applyEventsOnce(ds, [e, e, event()], batchHandler);
    expect(applied1.has(e.id)).toBe(true);
    expect(await applied([e.id])).toBe(1);
    const batcher = new EventBatcher(ds, batchHandler, 10);
    const f = event();
    expect(await Promise.all([batcher.submit(f), batcher.submit(f), batcher.submit(f)])).toEqual([
      true,
      false,
      false,
    ]);
    expect(await applied([f.id])).toBe(1);
  });

  it('runs what a handler leaves for after the commit once the events are committed, and not for events seen before', async () => {
    const seen: number[] = [];
    const handler = async (events: DomainEvent[], m: EntityManager) => {
      await batchHandler(events, m);
      const ids = events.map((e) => e.id);
      // Read on another connection: only committed rows are visible there.
      return async () => void seen.push(await applied(ids));
    };
    const [a, b] = [event(), event()];
    await applyEventsOnce(ds, [a, b], handler);
    expect(seen).toEqual([2]);
    await applyEventOnce(ds, event(), (e, m) => handler([e], m));
    expect(seen).toEqual([2, 1]);
    await applyEventsOnce(ds, [a], handler);
    await applyEventOnce(ds, b, (e, m) => handler([e], m));
    expect(seen).toEqual([2, 1]);
  });
});
