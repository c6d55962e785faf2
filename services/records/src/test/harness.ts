import type { DataSource } from 'typeorm';
import type { Actor } from '@salestrail/contract';
import { createLogger, ensureDatabase, migrateDatabase } from '@salestrail/platform';
import { testDatabaseUrl } from '@salestrail/testkit';

/** Shared with every service's tests; re-exported so test files import one harness. */
export { actorOf, uniqueTeam } from '@salestrail/testkit';
import { createLoaders, type RecordsContext, type RecordsServices } from '../context';
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


/** The context a GraphQL request of `actor` gets, for executing the schema in tests without HTTP. */
export function recordsContext(services: RecordsServices, actor: Actor): RecordsContext {
  const base = { actor, requestId: 'test', logger: createLogger('test', 'silent') };
  return { ...base, services, loaders: createLoaders(base, services) };
}
