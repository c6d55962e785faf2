import type { DataSource } from 'typeorm';
import { ensureDatabase, migrateDatabase } from '@salestrail/platform';
import { testDatabaseUrl } from '@salestrail/testkit';

/** Shared with every service's tests; re-exported so test files import one harness. */
export { actorOf, uniqueTeam } from '@salestrail/testkit';
import { createRecordsDataSource } from '../data-source';

/**
 * The records database of this test run, migrated once (migrations run under an advisory lock, so
 * parallel test files share it safely). Tests isolate themselves by using their own team ids.
 */
export async function recordsTestDataSource(): Promise<DataSource> {
  const url = testDatabaseUrl('records');
  await ensureDatabase(url);
  const ds = createRecordsDataSource(url, 4);
  await ds.initialize();
  await migrateDatabase(ds);
  return ds;
}

