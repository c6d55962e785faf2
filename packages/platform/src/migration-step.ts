import type { DataSource } from 'typeorm';
import { ConfigError } from './config';
import { ensureDatabase, migrateDatabase, pendingMigrations } from './db';
import { createLogger, type Logger } from './logger';

export interface MigrationStepOptions {
  service: string;
  url: string;
  /** Builds the service's data source for `url` with a pool of `poolSize` (not initialized). */
  create: (url: string, poolSize?: number) => DataSource;
  logger: Logger;
  /**
   * Instead of migrating, wait until the database has every migration this code needs (for a Kubernetes
   * init container: the service's pods start once the migration Job has finished). Polls every `pollMs`.
   */
  wait?: { pollMs: number; signal?: AbortSignal };
}

/**
 * The migration step on its own (`node services/<service>/dist/migrate.js`): creates the database when
 * missing and applies pending migrations under the advisory lock, then returns the names applied. With
 * `wait`, changes nothing and returns once no migration is pending.
 */
export async function runMigrationStep(options: MigrationStepOptions): Promise<string[]> {
  const { service, url, logger } = options;
  if (options.wait) {
    await waitUntilMigrated(options, options.wait);
    logger.info({ service }, 'schema is up to date');
    return [];
  }
  await ensureDatabase(url);
  // Two connections: one holds the advisory lock while the other runs the migrations.
  const applied = await migrateDatabase(options.create(url, 2), logger);
  logger.info({ service, applied }, applied.length ? 'migrations applied' : 'schema is up to date');
  return applied;
}

async function waitUntilMigrated(options: MigrationStepOptions, wait: NonNullable<MigrationStepOptions['wait']>): Promise<void> {
  let lastReason = '';
  for (;;) {
    let reason: string;
    const dataSource = options.create(options.url, 1);
    try {
      await dataSource.initialize();
      const pending = await pendingMigrations(dataSource);
      if (pending.length === 0) return;
      reason = `pending: ${pending.join(', ')}`;
    } catch (error) {
      // The database may not exist yet (the migration step creates it) or not accept connections yet.
      reason = (error as Error).message;
    } finally {
      if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
    }
    if (reason !== lastReason) options.logger.info({ service: options.service, reason }, 'waiting for the migration step');
    lastReason = reason;
    if (wait.signal?.aborted) throw new Error(`${options.service}: stopped waiting for the migration step (${reason})`);
    await new Promise((resolve) => setTimeout(resolve, wait.pollMs));
  }
}

/**
 * The whole of a service's `dist/migrate.js`: `node dist/migrate.js` migrates, `--wait` waits for the
 * migration step instead (init containers). `settings` reads the service's config (its database URL).
 * Sets exit code 1 on failure; library code never exits the process.
 */
export function migrationStepMain(
  service: string,
  settings: () => { url: string; logLevel: string },
  create: (url: string, poolSize?: number) => DataSource,
  argv: string[] = process.argv.slice(2),
): Promise<void> {
  const run = async () => {
    const { url, logLevel } = settings();
    const unknown = argv.filter((a) => a !== '--wait');
    if (unknown.length) throw new ConfigError([`unknown argument ${unknown.join(' ')} (usage: migrate.js [--wait])`]);
    await runMigrationStep({
      service,
      url,
      create,
      logger: createLogger(`${service}-migrate`, logLevel),
      wait: argv.includes('--wait') ? { pollMs: 2_000 } : undefined,
    });
  };
  return run().catch((error: unknown) => {
    if (error instanceof ConfigError) console.error(`${service} migrate: ${error.message}`);
    else console.error(`${service} migrate failed:`, error);
    process.exitCode = 1;
  });
}
