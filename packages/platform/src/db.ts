import { Client } from 'pg';
import { DataSource, MigrationExecutor, type DataSourceOptions, type EntitySchema, type MixedList } from 'typeorm';
import type { Logger } from './logger';

/** Creates the database named in `url` when it does not exist yet (connects to the server's `postgres` db). */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`Database name "${name}" must be letters, digits and _`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      try {
        await client.query(`CREATE DATABASE "${name}"`);
      } catch (error) {
        // 42P04 duplicate_database: another process created it between our check and create.
        if ((error as { code?: string }).code !== '42P04') throw error;
      }
    }
  } finally {
    await client.end();
  }
}

export async function dropDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

export interface DataSourceSettings {
  url: string;
  // TypeORM's own option types: entities and migrations are classes or schemas.
  entities: MixedList<string | EntitySchema | (new () => unknown)>;
  migrations: DataSourceOptions['migrations'];
  poolSize?: number;
  applicationName?: string;
  /** Postgres settings for every connection of the pool (e.g. `{ work_mem: '32MB' }` for report queries). */
  sessionSettings?: Record<string, string>;
}

export function createDataSource(settings: DataSourceSettings): DataSource {
  return new DataSource({
    type: 'postgres',
    url: settings.url,
    entities: settings.entities as DataSourceOptions['entities'],
    migrations: settings.migrations,
    migrationsTableName: 'schema_migration',
    synchronize: false,
    logging: false,
    applicationName: settings.applicationName,
    extra: {
      max: settings.poolSize ?? 10,
      ...(settings.sessionSettings
        ? { options: Object.entries(settings.sessionSettings).map(([name, value]) => `-c ${name}=${value}`).join(' ') }
        : {}),
    },
  });
}

/**
 * Creates the database if needed and applies pending migrations under a Postgres advisory lock, so
 * that several instances starting together migrate once.
 */
export async function migrateDatabase(dataSource: DataSource, logger?: Logger): Promise<string[]> {
  const initialized = dataSource.isInitialized;
  if (!initialized) await dataSource.initialize();
  const runner = dataSource.createQueryRunner();
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', ['salestrail-migrations']);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    for (const m of applied) logger?.info({ migration: m.name }, 'migration applied');
    return applied.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock(hashtext($1))', ['salestrail-migrations']).catch(() => undefined);
    await runner.release();
    if (!initialized) await dataSource.destroy();
  }
}

/** Names of the migrations the database has not applied yet (all of them on a new database). Reads only. */
export async function pendingMigrations(dataSource: DataSource): Promise<string[]> {
  const pending = await new MigrationExecutor(dataSource).getPendingMigrations();
  return pending.map((m) => m.name);
}

/**
 * A service started with `MIGRATE_ON_START=off` found migrations its code needs that the migration step
 * has not applied: it refuses to serve against that schema.
 */
export class SchemaNotMigratedError extends Error {
  constructor(
    readonly service: string,
    readonly pending: string[],
  ) {
    super(
      `${service}: the database lacks ${pending.length} migration(s) this version needs (${pending.join(', ')}); ` +
        `run the migration step first (node services/${service}/dist/migrate.js, the ${service}-migrate Job) ` +
        'or start with MIGRATE_ON_START=on',
    );
    this.name = 'SchemaNotMigratedError';
  }
}

export interface OpenServiceDatabaseOptions {
  service: string;
  url: string;
  /** Builds the service's data source for `url` (not initialized). */
  create: (url: string) => DataSource;
  /** `on`: create the database when missing and apply pending migrations; `off`: only check that none is pending. */
  migrateOnStart: 'on' | 'off';
  logger?: Logger;
}

/**
 * A service's database at start, initialized and with the schema its code needs. With migrations left to
 * their own step (`off`), the service neither creates the database nor changes its schema, so it can run
 * with a role that has no DDL rights, and it stops with SchemaNotMigratedError rather than serve against
 * an older schema.
 */
export async function openServiceDatabase(options: OpenServiceDatabaseOptions): Promise<DataSource> {
  if (options.migrateOnStart === 'on') await ensureDatabase(options.url);
  const dataSource = options.create(options.url);
  await dataSource.initialize();
  try {
    if (options.migrateOnStart === 'on') {
      await migrateDatabase(dataSource, options.logger);
    } else {
      const pending = await pendingMigrations(dataSource);
      if (pending.length > 0) throw new SchemaNotMigratedError(options.service, pending);
    }
  } catch (error) {
    await dataSource.destroy().catch(() => undefined);
    throw error;
  }
  return dataSource;
}
