import type { DataSource } from 'typeorm';
import { ensureDatabase, migrateDatabase } from '@salestrail/platform';
import type { Actor, Role } from '@salestrail/contract';
import { testDatabaseUrl } from '@salestrail/testkit';
import { createWorkflowDataSource } from '../data-source';

/** The workflow database of this test run, migrated once; tests isolate themselves by team id. */
export async function workflowTestDataSource(): Promise<DataSource> {
  const url = testDatabaseUrl('workflow');
  await ensureDatabase(url);
  const ds = createWorkflowDataSource(url, 4);
  await ds.initialize();
  await migrateDatabase(ds);
  return ds;
}

let counter = 0;
export function uniqueTeam(prefix = 'team'): string {
  counter += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}`;
}

export function actorOf(role: Role, userId: string, teamId: string | null): Actor {
  return { userId, role, teamId, name: userId };
}
