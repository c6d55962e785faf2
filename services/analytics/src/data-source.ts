import { createDataSource } from '@salestrail/platform';
import { analyticsMigrations } from './migrations';

/** Analytics reads and writes its read model with SQL (aggregates), so it maps no entities. */
export function createAnalyticsDataSource(url: string, poolSize?: number) {
  return createDataSource({
    url,
    entities: [],
    migrations: analyticsMigrations,
    poolSize,
    applicationName: 'salestrail-analytics',
  });
}
