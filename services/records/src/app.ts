import {
  EventGapRepair,
  Lifecycle,
  OutboxRelay,
  createLogger,
  createRedis,
  httpEventSource,
  mountEventHistory,
  openServiceDatabase,
  startEventConsumer,
  startSubgraph,
  type Logger,
} from '@salestrail/platform';
import { QUEUES } from '@salestrail/contract';
import { concurrencyLimit } from './common/concurrency-limit';
import type { RecordsConfig } from './config';
import { createLoaders, createRecordsServices, type RecordsContext, type RecordsServices } from './context';
import { createRecordsDataSource } from './data-source';
import { handleRecordsEvent } from './events/records-event.handler';
import { HandOverRunner } from './hand-overs/hand-over.runner';
import { buildRecordsSchema } from './schema';

export interface RecordsApp {
  url: string;
  port: number;
  lifecycle: Lifecycle;
  stop: () => Promise<void>;
}

/** Wires the records service: database (migrated), subgraph, inbound events, and the outbox relay. */
export async function startRecordsApp(config: RecordsConfig, logger: Logger = createLogger('records', config.LOG_LEVEL)): Promise<RecordsApp> {
  const lifecycle = new Lifecycle(logger, config.SHUTDOWN_TIMEOUT_MS);
  const dataSource = await openServiceDatabase({
    service: 'records',
    url: config.RECORDS_DATABASE_URL,
    create: (url) => createRecordsDataSource(url),
    migrateOnStart: config.MIGRATE_ON_START,
    logger,
  });
  lifecycle.onShutdown('stores', 'postgres', () => dataSource.destroy());
  const redis = createRedis(config.REDIS_URL);
  lifecycle.onShutdown('stores', 'redis', async () => void (await redis.quit()));
  lifecycle.addReadinessCheck('postgres', async () => void (await dataSource.query('SELECT 1')));
  lifecycle.addReadinessCheck('redis', async () => void (await redis.ping()));

  const services: RecordsServices = createRecordsServices(dataSource);

  // Events lost on the way (e.g. Redis lost its data) are fetched from workflow' history: at start-up,
  // periodically, and soon after an event arrives beyond a hole.
  const gapRepair = new EventGapRepair({
    dataSource,
    sources: { workflow: httpEventSource('workflow', config.WORKFLOW_EVENTS_URL, config.SERVICE_EVENTS_KEY) },
    handler: handleRecordsEvent,
    logger: logger.child({ component: 'gap-repair' }),
  });
  lifecycle.onShutdown('workers', 'gap repair', () => gapRepair.stop());

  // Hand-overs workflow asked for run in batches here: resumed at start-up, after each request, and at
  // every gap check (a request applied by gap repair, or a pass that failed).
  const handOvers = new HandOverRunner(dataSource, logger.child({ component: 'hand-overs' }));
  lifecycle.onShutdown('workers', 'hand-overs', () => handOvers.stop());
  void handOvers.kick();
  const handOverCheck =
    config.RECORDS_GAP_CHECK_MS > 0 ? setInterval(() => void handOvers.kick(), config.RECORDS_GAP_CHECK_MS).unref() : undefined;
  lifecycle.onShutdown('workers', 'hand-over check', async () => clearInterval(handOverCheck));

  const consumer = startEventConsumer({
    queue: QUEUES.recordsEvents,
    dataSource,
    redis,
    queuePrefix: config.QUEUE_PREFIX,
    logger: logger.child({ component: 'events' }),
    lockDurationMs: config.QUEUE_LOCK_DURATION_MS,
    handler: handleRecordsEvent,
    onEvent: (event) => {
      gapRepair.noticeEvent(event);
      if (event.type === 'hand_over.requested') void handOvers.kick();
    },
  });
  lifecycle.onShutdown('workers', 'events consumer', () => consumer.close());

  if (config.RECORDS_RELAY === 'inline') {
    const relay = new OutboxRelay({
      producer: 'records',
      dataSource,
      databaseUrl: config.RECORDS_DATABASE_URL,
      redis,
      queuePrefix: config.QUEUE_PREFIX,
      logger: logger.child({ component: 'relay' }),
    });
    relay.start();
    lifecycle.onShutdown('workers', 'outbox relay', () => relay.stop());
  }

  const { url, port } = await startSubgraph<RecordsContext>({
    name: 'records',
    schema: await buildRecordsSchema(),
    port: config.RECORDS_PORT,
    host: config.RECORDS_HOST,
    logger,
    lifecycle,
    identity: config,
    routes: (app, guards) => {
      mountEventHistory(app, guards, 'records', dataSource);
      app.use('/graphql', concurrencyLimit(config.RECORDS_MAX_CONCURRENT_REQUESTS, config.RECORDS_MAX_QUEUED_REQUESTS));
    },
    context: (base) => ({ ...base, services, loaders: createLoaders(base, services) }),
  });
  gapRepair.start(config.RECORDS_GAP_CHECK_MS);
  return { url, port, lifecycle, stop: () => lifecycle.shutdown('stop') };
}
