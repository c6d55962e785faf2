import { Client } from 'pg';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { databaseExists, testDatabaseUrl } from '@salestrail/testkit';
import { createDataSource, dropDatabase, openServiceDatabase, pendingMigrations, runMigrationStep, SchemaNotMigratedError } from './index';
import { logger } from './test/fixtures';

class CreateThing1700000000001 implements MigrationInterface {
  name = 'CreateThing1700000000001';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE TABLE thing (id int PRIMARY KEY)');
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE thing');
  }
}
class AddThingName1700000000002 implements MigrationInterface {
  name = 'AddThingName1700000000002';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE thing ADD COLUMN name text');
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE thing DROP COLUMN name');
  }
}

const create = (migrations: Array<new () => MigrationInterface>) => (url: string, poolSize?: number) =>
  createDataSource({ url, entities: [], migrations, poolSize });
const both = create([CreateThing1700000000001, AddThingName1700000000002]);

async function tables(url: string): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
    );
    return rows.map((r) => r.table_name);
  } finally {
    await client.end();
  }
}

describe('the migration step and MIGRATE_ON_START (real Postgres)', () => {
  it('creates the database and applies pending migrations once; a second run applies nothing', async () => {
    const url = testDatabaseUrl('migstep_once');
    await dropDatabase(url);
    expect(await runMigrationStep({ service: 'things', url, create: both, logger })).toEqual([
      'CreateThing1700000000001',
      'AddThingName1700000000002',
    ]);
    expect(await tables(url)).toEqual(['schema_migration', 'thing']);
    expect(await runMigrationStep({ service: 'things', url, create: both, logger })).toEqual([]);
  });

  it('with MIGRATE_ON_START=off refuses a database that lacks a migration, and changes nothing', async () => {
    const url = testDatabaseUrl('migstep_off');
    await dropDatabase(url);
    // The previous release's schema: the first migration only.
    await runMigrationStep({ service: 'things', url, create: create([CreateThing1700000000001]), logger });
    const before = await tables(url);

    const refused = openServiceDatabase({ service: 'things', url, create: (u) => both(u), migrateOnStart: 'off', logger });
    await expect(refused).rejects.toBeInstanceOf(SchemaNotMigratedError);
    await expect(refused).rejects.toMatchObject({ service: 'things', pending: ['AddThingName1700000000002'] });
    expect(await tables(url)).toEqual(before);
    const check = both(url);
    await check.initialize();
    expect(await pendingMigrations(check)).toEqual(['AddThingName1700000000002']);
    await check.destroy();

    // Once the migration step has run, the same start succeeds without migrating.
    await runMigrationStep({ service: 'things', url, create: both, logger });
    const opened = await openServiceDatabase({ service: 'things', url, create: (u) => both(u), migrateOnStart: 'off', logger });
    expect(await opened.query(`SELECT count(*)::int AS n FROM thing`)).toEqual([{ n: 0 }]);
    await opened.destroy();
  });

  it('with MIGRATE_ON_START=off does not create a missing database', async () => {
    const url = testDatabaseUrl('migstep_missing');
    await dropDatabase(url);
    await expect(openServiceDatabase({ service: 'things', url, create: (u) => both(u), migrateOnStart: 'off', logger })).rejects.toThrow(
      /does not exist/,
    );
    expect(await databaseExists(url)).toBe(false);
  });

  it('with MIGRATE_ON_START=on (the default) creates and migrates the database at start', async () => {
    const url = testDatabaseUrl('migstep_on');
    await dropDatabase(url);
    const opened = await openServiceDatabase({ service: 'things', url, create: (u) => both(u), migrateOnStart: 'on', logger });
    expect(await pendingMigrations(opened)).toEqual([]);
    await opened.destroy();
  });

  it('--wait returns only once the migration step has brought the schema up to date', async () => {
    const url = testDatabaseUrl('migstep_wait');
    await dropDatabase(url);
    const stop = new AbortController();
    let done = false;
    const waiting = runMigrationStep({ service: 'things', url, create: both, logger, wait: { pollMs: 50, signal: stop.signal } }).then(
      (applied) => {
        done = true;
        return applied;
      },
    );
    // Neither a missing database nor a half-migrated one ends the wait, and waiting creates nothing.
    await new Promise((r) => setTimeout(r, 300));
    expect(done).toBe(false);
    expect(await databaseExists(url)).toBe(false);
    await runMigrationStep({ service: 'things', url, create: create([CreateThing1700000000001]), logger });
    await new Promise((r) => setTimeout(r, 300));
    expect(done).toBe(false);

    await runMigrationStep({ service: 'things', url, create: both, logger });
    await expect(waiting).resolves.toEqual([]);
  });

  it('--wait gives up when told to stop, naming what it waited for', async () => {
    const url = testDatabaseUrl('migstep_abort');
    await dropDatabase(url);
    const stop = new AbortController();
    const waiting = runMigrationStep({ service: 'things', url, create: both, logger, wait: { pollMs: 50, signal: stop.signal } });
    stop.abort();
    await expect(waiting).rejects.toThrow(/things: stopped waiting for the migration step \(.*does not exist/);
  });
});
