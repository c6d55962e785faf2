import {
  Lifecycle,
  OutboxRelay,
  createLogger,
  createRedis,
  ensureDatabase,
  migrateDatabase,
  mountEventHistory,
  startEventConsumer,
  startSubgraph,
  type Logger,
} from '@salestrail/platform';
import { QUEUES } from '@salestrail/contract';
import type { WorkflowConfig } from './config';
import type { WorkflowContext, WorkflowServices } from './context';
import { TeamService } from './teams/team.service';
import { createWorkflowDataSource } from './data-source';
import { handleWorkflowEvent } from './events/workflow-event.handler';
import { buildWorkflowSchema } from './schema';

export interface WorkflowApp {
  url: string;
  port: number;
  lifecycle: Lifecycle;
  stop: () => Promise<void>;
}

/** Wires the workflow service: database (migrated), subgraph, inbound events, and the outbox relay. */
export async function startWorkflowApp(config: WorkflowConfig, logger: Logger = createLogger('workflow', config.LOG_LEVEL)): Promise<WorkflowApp> {
  const lifecycle = new Lifecycle(logger, config.SHUTDOWN_TIMEOUT_MS);
  await ensureDatabase(config.WORKFLOW_DATABASE_URL);
  const dataSource = createWorkflowDataSource(config.WORKFLOW_DATABASE_URL);
  await dataSource.initialize();
  lifecycle.onShutdown('stores', 'postgres', () => dataSource.destroy());
  await migrateDatabase(dataSource, logger);
  const redis = createRedis(config.REDIS_URL);
  lifecycle.onShutdown('stores', 'redis', async () => void (await redis.quit()));
  lifecycle.addReadinessCheck('postgres', async () => void (await dataSource.query('SELECT 1')));
  lifecycle.addReadinessCheck('redis', async () => void (await redis.ping()));

  const services: WorkflowServices = { teams: new TeamService(dataSource) };

  const consumer = startEventConsumer({
    queue: QUEUES.workflowEvents,
    dataSource,
    redis,
    queuePrefix: config.QUEUE_PREFIX,
    logger: logger.child({ component: 'events' }),
    handler: handleWorkflowEvent,
  });
  lifecycle.onShutdown('workers', 'events consumer', () => consumer.close());

  if (config.WORKFLOW_RELAY === 'inline') {
    const relay = new OutboxRelay({
      producer: 'workflow',
      dataSource,
      databaseUrl: config.WORKFLOW_DATABASE_URL,
      redis,
      queuePrefix: config.QUEUE_PREFIX,
      logger: logger.child({ component: 'relay' }),
    });
    relay.start();
    lifecycle.onShutdown('workers', 'outbox relay', () => relay.stop());
  }

  const { url, port } = await startSubgraph<WorkflowContext>({
    name: 'workflow',
    schema: await buildWorkflowSchema(),
    port: config.WORKFLOW_PORT,
    host: config.WORKFLOW_HOST,
    logger,
    lifecycle,
    signingKey: config.INTERNAL_SIGNING_KEY,
    routes: (app, authenticate) => mountEventHistory(app, authenticate, 'workflow', dataSource),
    context: (base) => ({ ...base, services }),
  });
  return { url, port, lifecycle, stop: () => lifecycle.shutdown('stop') };
}
