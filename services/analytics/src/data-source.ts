import { createDataSource } from '@salestrail/platform';
import { analyticsMigrations } from './migrations';

/**
 * Analytics reads and writes its read model with SQL (aggregates), so it maps no entities. Report
 * queries group and sort tens of thousands of histogram rows: 32 MB of work memory per sort keeps them
 * in memory instead of spilling to disk (the server's default is 4 MB).
 */
export function createAnalyticsDataSource(url: string, poolSize?: number) {
  return createDataSource({
    url,
    entities: [],
    migrations: analyticsMigrations,
    poolSize,
    applicationName: 'salestrail-analytics',
    sessionSettings: { work_mem: '32MB' },
  });
}
