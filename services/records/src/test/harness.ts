import type { DataSource } from 'typeorm';
import { ensureDatabase, migrateDatabase } from '@salestrail/platform';
import type { Actor, Role } from '@salestrail/contract';
import { testDatabaseUrl } from '@salestrail/testkit';
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

let counter = 0;
/** A team id no other test uses. */
export function uniqueTeam(prefix = 'team'): string {
  counter += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}`;
}

export function actorOf(role: Role, userId: string, teamId: string | null): Actor {
  return { userId, role, teamId, name: userId };
}
