import type { EntityManager } from 'typeorm';
import type { DomainEvent } from '@salestrail/contract';
import type { BatchEventHandler, EventHandler } from '@salestrail/platform';
import { lockCustomers, recomputeCustomers } from '../read-model/recompute';
import { applyFacts } from './facts';

/**
 * Applies one domain event to the read model (inside the exactly-once transaction of applyEventOnce).
 * Facts are upserted by their own id, current-state columns are guarded by the aggregate version, and
 * everything derived from a customer's facts is recomputed for that customer, so the same set of events
 * gives the same read model whatever order they arrive in.
 */
export const handleAnalyticsEvent: EventHandler = (event, manager) => handleAnalyticsEvents([event], manager);

/**
 * Applies a batch of events in one transaction: the facts of every event (set-based, events/facts.ts), then one
 * recomputation of each customer they touched (set-based: one statement per derived table for the whole
 * batch, and one pass over each aggregate). The result is the same as applying them one by one.
 */
export const handleAnalyticsEvents: BatchEventHandler = async (events, manager) => {
  await recordPositions(events, manager);
  // Customers are locked in one order (sorted ids) so concurrent batches cannot deadlock on them.
  const own = new Set(events.map(customerOf).filter((id): id is string => id !== null));
  await lockCustomers(manager, [...own]);
  const touched = await applyFacts(events, manager);
  if (touched.length === 0) return;
  // A team's time-zone change touches customers beyond the events' own: they are locked now.
  await lockCustomers(manager, touched.filter((id) => !own.has(id)));
  await recomputeCustomers(manager, touched);
};

/**
 * Applies only the facts; deriving is left to one `recomputeAll` at the end (a rebuild replays every
 * event, and deriving once per event there would redo each customer's work once per event).
 */
export const applyFactsOnly: BatchEventHandler = async (events, manager) => {
  await recordPositions(events, manager);
  await applyFacts(events, manager);
};

/** The customer an event is about (null for team events). */
function customerOf(event: DomainEvent): string | null {
  const payload = event.payload as { customerId?: unknown };
  return typeof payload.customerId === 'string' ? payload.customerId : null;
}

/** The highest seq applied per producer (gap detection compares it with what processed_event holds). */
async function recordPositions(events: readonly DomainEvent[], manager: EntityManager): Promise<void> {
  const highest = new Map<string, number>();
  for (const e of events) highest.set(e.producer, Math.max(highest.get(e.producer) ?? 0, e.seq));
  const producers = [...highest.keys()].sort();
  await manager.query(
    `INSERT INTO producer_position (producer, last_seq) SELECT * FROM unnest($1::text[], $2::bigint[])
     ON CONFLICT (producer) DO UPDATE SET last_seq = greatest(producer_position.last_seq, EXCLUDED.last_seq)`,
    [producers, producers.map((p) => highest.get(p))],
  );
}
