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
import { webhookNetworkSettings, type WorkflowConfig } from './config';
import { createWorkflowContext, type WorkflowContext } from './context';
import { createWorkflowDataSource } from './data-source';
import { mountQueueConsole } from './queue-console';
import { JobWatch } from './reconciliation/job-watch';
import { buildWorkflowSchema } from './schema';
import { WorkflowModule } from './workflow.module';

export interface WorkflowApp {
  url: string;
  port: number;
  lifecycle: Lifecycle;
  stop: () => Promise<void>;
}

/** Wires the workflow service: database (migrated), subgraph, inbound events, and the outbox relay. */
export async function startWorkflowApp(config: WorkflowConfig, logger: Logger = createLogger('workflow', config.LOG_LEVEL)): Promise<WorkflowApp> {
  const lifecycle = new Lifecycle(logger, config.SHUTDOWN_TIMEOUT_MS);
  const dataSource = await openServiceDatabase({
    service: 'workflow',
    url: config.WORKFLOW_DATABASE_URL,
    create: (url) => createWorkflowDataSource(url),
    migrateOnStart: config.MIGRATE_ON_START,
    logger,
  });
  lifecycle.onShutdown('stores', 'postgres', () => dataSource.destroy());
  const redis = createRedis(config.REDIS_URL);
  lifecycle.onShutdown('stores', 'redis', async () => void (await redis.quit()));
  lifecycle.addReadinessCheck('postgres', async () => void (await dataSource.query('SELECT 1')));
  lifecycle.addReadinessCheck('redis', async () => void (await redis.ping()));

  const workflow = new WorkflowModule({
    dataSource,
    redis,
    queuePrefix: config.QUEUE_PREFIX,
    logger,
    adminReviewerId: config.WORKFLOW_ADMIN_REVIEWER_ID,
    escalateAfterMs: config.WORKFLOW_ESCALATE_AFTER_HOURS * 3600_000,
    reminderConcurrency: config.WORKFLOW_REMINDER_CONCURRENCY,
    lockDurationMs: config.QUEUE_LOCK_DURATION_MS,
    webhookAttempts: config.WORKFLOW_WEBHOOK_ATTEMPTS,
    webhookBackoffMs: config.WORKFLOW_WEBHOOK_BACKOFF_MS,
    webhookNetwork: webhookNetworkSettings(config),
    email: config.SMTP_URL ? { smtpUrl: config.SMTP_URL, from: config.SMTP_FROM } : null,
  });
  const { services } = workflow;
  lifecycle.onShutdown('queues', 'workflow queues', () => workflow.closeQueues());

  // Events lost on the way (e.g. Redis lost its data) are fetched from records' history: at start-up,
  // periodically, and soon after an event arrives beyond a hole.
  const gapRepair = new EventGapRepair({
    dataSource,
    sources: { records: httpEventSource('records', config.RECORDS_EVENTS_URL, config.SERVICE_EVENTS_KEY) },
    handler: workflow.eventHandler,
    logger: logger.child({ component: 'gap-repair' }),
  });
  lifecycle.onShutdown('workers', 'gap repair', () => gapRepair.stop());

  const consumer = startEventConsumer({
    queue: QUEUES.workflowEvents,
    dataSource,
    redis,
    queuePrefix: config.QUEUE_PREFIX,
    logger: logger.child({ component: 'events' }),
    lockDurationMs: config.QUEUE_LOCK_DURATION_MS,
    batch: { handler: workflow.batchEventHandler, maxSize: config.WORKFLOW_EVENT_BATCH_SIZE },
    onEvent: (event) => gapRepair.noticeEvent(event),
  });
  lifecycle.onShutdown('workers', 'events consumer', () => consumer.close());

  if (config.WORKFLOW_WORKERS === 'on') {
    workflow.startWorkers();
    lifecycle.onShutdown('workers', 'workflow workers', () => workflow.closeWorkers());
  }
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
    identity: config,
    routes: (app, guards) => {
      mountEventHistory(app, guards, 'workflow', dataSource);
      mountQueueConsole(app, guards, redis, config.QUEUE_PREFIX, lifecycle, logger.child({ component: 'queue-console' }));
    },
    context: (base) => createWorkflowContext(base, services),
  });
  gapRepair.start(config.WORKFLOW_GAP_CHECK_MS);

  // Redis losing its data takes the delayed jobs with it: the job watch notices and reconciles them from
  // the database, in the background once the subgraph listens (with 100 000 open next actions it takes
  // a while).
  const jobWatch = new JobWatch({
    redis,
    queuePrefix: config.QUEUE_PREFIX,
    reconcile: (signal) => services.reconciliation.reconcile({ signal }),
    logger,
  });
  lifecycle.onShutdown('workers', 'job reconciliation', () => jobWatch.stop());
  if (config.WORKFLOW_RECONCILE_ON_START === 'on') void jobWatch.reconcile('start-up');
  jobWatch.start(config.WORKFLOW_JOB_CHECK_MS);
  return { url, port, lifecycle, stop: () => lifecycle.shutdown('stop') };
}
