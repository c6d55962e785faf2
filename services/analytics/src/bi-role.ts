import { createLogger, ensureDatabase, migrateDatabase, reportFailure } from '@salestrail/platform';
import { loadBiRoleConfig } from './config';
import { createAnalyticsDataSource } from './data-source';
import { ensureBiRole } from './bi/bi-role';

/** `npm run analytics:bi-role`: the read-only database role for BI tools (see README, "BI"). */
async function main(): Promise<void> {
  const config = loadBiRoleConfig();
  const logger = createLogger('analytics-bi-role', config.LOG_LEVEL);
  await ensureDatabase(config.ANALYTICS_DATABASE_URL);
  const dataSource = createAnalyticsDataSource(config.ANALYTICS_DATABASE_URL);
  await dataSource.initialize();
  try {
    await migrateDatabase(dataSource, logger);
    await ensureBiRole(dataSource, config.BI_ROLE, config.BI_PASSWORD);
    logger.info({ role: config.BI_ROLE, login: Boolean(config.BI_PASSWORD) }, 'BI role ready');
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error) => {
  reportFailure('analytics-bi-role', 'analytics bi-role failed', error);
  process.exitCode = 1;
});
