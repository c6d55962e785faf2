import {
  Lifecycle,
  createLogger,
  createRedis,
  ensureDatabase,
  migrateDatabase,
  startEventConsumer,
  startSubgraph,
  type Logger,
} from '@salestrail/platform';
import { QUEUES } from '@salestrail/contract';
import type { AnalyticsConfig } from './config';
import type { AnalyticsContext, AnalyticsServices } from './context';
import { createAnalyticsDataSource } from './data-source';
import { handleAnalyticsEvent } from './events/analytics-event.handler';
import { PipelineService } from './pipeline/pipeline.service';
import { buildAnalyticsSchema } from './schema';

export interface AnalyticsApp {
  url: string;
  port: number;
  lifecycle: Lifecycle;
  stop: () => Promise<void>;
}

/** Wires the analytics service: read-model database (migrated), event consumer, subgraph. */
export async function startAnalyticsApp(
  config: AnalyticsConfig,
  logger: Logger = createLogger('analytics', config.LOG_LEVEL),
): Promise<AnalyticsApp> {
  const lifecycle = new Lifecycle(logger, config.SHUTDOWN_TIMEOUT_MS);
  await ensureDatabase(config.ANALYTICS_DATABASE_URL);
  const dataSource = createAnalyticsDataSource(config.ANALYTICS_DATABASE_URL);
  await dataSource.initialize();
  lifecycle.onShutdown('stores', 'postgres', () => dataSource.destroy());
  await migrateDatabase(dataSource, logger);
  const redis = createRedis(config.REDIS_URL);
  lifecycle.onShutdown('stores', 'redis', async () => void (await redis.quit()));
  lifecycle.addReadinessCheck('postgres', async () => void (await dataSource.query('SELECT 1')));
  lifecycle.addReadinessCheck('redis', async () => void (await redis.ping()));

  const consumer = startEventConsumer({
    queue: QUEUES.analyticsEvents,
    dataSource,
    redis,
    queuePrefix: config.QUEUE_PREFIX,
    logger: logger.child({ component: 'events' }),
    handler: handleAnalyticsEvent,
    concurrency: config.ANALYTICS_CONCURRENCY,
  });
  lifecycle.onShutdown('workers', 'events consumer', () => consumer.close());

  const services: AnalyticsServices = { pipeline: new PipelineService(dataSource) };
  const { url, port } = await startSubgraph<AnalyticsContext>({
    name: 'analytics',
    schema: await buildAnalyticsSchema(),
    port: config.ANALYTICS_PORT,
    host: config.ANALYTICS_HOST,
    logger,
    lifecycle,
    signingKey: config.INTERNAL_SIGNING_KEY,
    context: (base) => ({ ...base, services }),
  });
  return { url, port, lifecycle, stop: () => lifecycle.shutdown('stop') };
}
