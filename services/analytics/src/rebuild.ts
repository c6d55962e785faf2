import { createLogger, ensureDatabase, migrateDatabase, reportFailure } from '@salestrail/platform';
import { loadAnalyticsConfig } from './config';
import { createAnalyticsDataSource } from './data-source';
import { httpEventSource } from './read-model/event-sources';
import { rebuildReadModel } from './read-model/rebuild-read-model';

/** `npm run analytics:rebuild`: drops the analytics read model and replays the producers' event history. */
async function main(): Promise<void> {
  const config = loadAnalyticsConfig();
  const logger = createLogger('analytics-rebuild', config.LOG_LEVEL);
  await ensureDatabase(config.ANALYTICS_DATABASE_URL);
  const dataSource = createAnalyticsDataSource(config.ANALYTICS_DATABASE_URL);
  await dataSource.initialize();
  try {
    await migrateDatabase(dataSource, logger);
    const counts = await rebuildReadModel(dataSource, httpEventSource(config), logger);
    logger.info(counts, 'analytics read model rebuilt');
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error) => {
  reportFailure('analytics-rebuild', 'analytics rebuild failed', error);
  process.exitCode = 1;
});
