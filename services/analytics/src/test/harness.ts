import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ensureDatabase, migrateDatabase } from '@salestrail/platform';
import type { DomainEvent } from '@salestrail/contract';
import { testDatabaseUrl } from '@salestrail/testkit';

/** Shared with every service's tests; re-exported so test files import one harness. */
export { actorOf, uniqueTeam } from '@salestrail/testkit';
import { createAnalyticsDataSource } from '../data-source';

/** The analytics database of this test run, migrated once; tests isolate themselves by team id. */
export async function analyticsTestDataSource(url = testDatabaseUrl('analytics')): Promise<DataSource> {
  await ensureDatabase(url);
  const ds = createAnalyticsDataSource(url, 4);
  await ds.initialize();
  await migrateDatabase(ds);
  return ds;
}


let seq = 1_000_000 + Math.floor(Math.random() * 1_000_000_000);
/** Completes an event with envelope fields as the relay would. */
export function envelope<T extends Omit<DomainEvent, 'id' | 'producer' | 'seq' | 'occurredAt'>>(
  event: T,
  occurredAt = new Date().toISOString(),
): DomainEvent {
  seq += 1;
  return { ...event, id: randomUUID(), producer: 'records', seq, occurredAt } as unknown as DomainEvent;
}
