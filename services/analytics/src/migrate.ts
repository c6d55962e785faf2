import { migrationStepMain } from '@salestrail/platform';
import { loadAnalyticsMigrateConfig } from './config';
import { createAnalyticsDataSource } from './data-source';

/**
 * `node services/analytics/dist/migrate.js`: creates the analytics database when missing and applies pending
 * migrations, without serving (the release's migration step, e.g. a Kubernetes Job). `--wait` changes
 * nothing and returns once the schema is up to date (an init container before the service starts).
 */
void migrationStepMain('analytics', () => loadAnalyticsMigrateConfig(), createAnalyticsDataSource);
