import type { DataSource } from 'typeorm';
import { testDatabaseUrl } from '@salestrail/testkit';
import { createDataSource, ensureDatabase } from '../db';
import { createLogger } from '../logger';

/** What the platform's integration tests share: a silent logger, an actor, a database with given tables, an event. */
export const logger = createLogger('test', 'silent');
export const actor = { userId: 'rep-1', role: 'SALES_REP' as const, teamId: 't1' };

/** A database of this test run, with the given DDL applied. */
export async function freshDatabase(name: string, ddl: string[]): Promise<{ ds: DataSource; url: string }> {
  const url = testDatabaseUrl(name);
  await ensureDatabase(url);
  const ds = createDataSource({ url, entities: [], migrations: [] });
  await ds.initialize();
  for (const sql of ddl) await ds.query(sql);
  return { ds, url };
}

/** A `team.upserted` event as a producer records it (the relay adds id, seq and occurredAt). */
export function teamEvent(teamId: string, version = 1) {
  return {
    type: 'team.upserted' as const,
    aggregateId: teamId,
    version,
    teamId,
    actor,
    payload: { teamId, name: teamId, managerId: null, assistantId: null, timezone: 'Asia/Shanghai', workdayEnd: '18:00' },
  };
}
