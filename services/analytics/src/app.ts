import {
  Lifecycle,
  createLogger,
  createRedis,
  openServiceDatabase,
  startEventConsumer,
  startSubgraph,
  type Logger,
} from '@salestrail/platform';
import DataLoader from 'dataloader';
import { QUEUES } from '@salestrail/contract';
import type { AnalyticsConfig } from './config';
import type { AnalyticsContext, AnalyticsServices } from './context';
import { createAnalyticsDataSource } from './data-source';
import { handleAnalyticsEvents } from './events/analytics-event.handler';
import { CustomerFiguresService } from './customers/customer-figures.service';
import { ExportLogService } from './export/export-log.service';
import { mountCsvExports } from './export/export.routes';
import { FollowUpService } from './follow-up/follow-up.service';
import { FunnelService } from './funnel/funnel.service';
import { PipelineService } from './pipeline/pipeline.service';
import { httpEventSource } from './read-model/event-sources';
import { GapRepair } from './read-model/gap-repair';
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
  const dataSource = await openServiceDatabase({
    service: 'analytics',
    url: config.ANALYTICS_DATABASE_URL,
    create: (url) => createAnalyticsDataSource(url),
    migrateOnStart: config.MIGRATE_ON_START,
    logger,
  });
  lifecycle.onShutdown('stores', 'postgres', () => dataSource.destroy());
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
    lockDurationMs: config.QUEUE_LOCK_DURATION_MS,
    batch: { handler: handleAnalyticsEvents, maxSize: config.ANALYTICS_BATCH_SIZE },
  });
  lifecycle.onShutdown('workers', 'events consumer', () => consumer.close());

  if (config.ANALYTICS_GAP_CHECK_MS > 0) {
    const repair = new GapRepair(dataSource, httpEventSource(config), logger.child({ component: 'gap-repair' }));
    let running: Promise<unknown> = Promise.resolve();
    const timer = setInterval(() => {
      running = repair.check().catch((err: unknown) => logger.warn({ err }, 'gap check failed'));
    }, config.ANALYTICS_GAP_CHECK_MS);
    timer.unref();
    lifecycle.onShutdown('workers', 'gap repair', async () => {
      clearInterval(timer);
      await running;
    });
  }

  // Reports may read from a replica; everything that writes stays on the primary.
  let reports = dataSource;
  if (config.ANALYTICS_READ_DATABASE_URL) {
    const replica = createAnalyticsDataSource(config.ANALYTICS_READ_DATABASE_URL);
    await replica.initialize();
    lifecycle.onShutdown('stores', 'postgres read replica', () => replica.destroy());
    lifecycle.addReadinessCheck('postgres read replica', async () => void (await replica.query('SELECT 1')));
    reports = replica;
  }
  const services: AnalyticsServices = {
    pipeline: new PipelineService(reports),
    funnel: new FunnelService(reports),
    followUp: new FollowUpService(reports),
    customerFigures: new CustomerFiguresService(reports),
    exportLog: new ExportLogService(dataSource),
  };
  const { url, port } = await startSubgraph<AnalyticsContext>({
    name: 'analytics',
    schema: await buildAnalyticsSchema(),
    port: config.ANALYTICS_PORT,
    host: config.ANALYTICS_HOST,
    logger,
    lifecycle,
    identity: config,
    context: (base) => ({
      ...base,
      services,
      loaders: { customerFigures: new DataLoader((ids: readonly string[]) => services.customerFigures.figures(ids)) },
    }),
    routes: (app, { authenticate }) => mountCsvExports(app, authenticate, services, logger),
  });
  return { url, port, lifecycle, stop: () => lifecycle.shutdown('stop') };
}
