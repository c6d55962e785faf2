import './instrument';
import { Lifecycle, OutboxRelay, createLogger, createRedis, reportFailure, startHealthServer, startMetricsServer, stopTracing } from '@salestrail/platform';
import { loadRecordsConfig } from './config';
import { createRecordsDataSource } from './data-source';

/** The records outbox relay as a process of its own (for deployments that scale it separately). */
async function main(): Promise<void> {
  const config = loadRecordsConfig();
  const logger = createLogger('records-relay', config.LOG_LEVEL);
  const lifecycle = new Lifecycle(logger, config.SHUTDOWN_TIMEOUT_MS);
  const dataSource = createRecordsDataSource(config.RECORDS_DATABASE_URL, 2);
  await dataSource.initialize();
  const redis = createRedis(config.REDIS_URL);
  const relay = new OutboxRelay({
    producer: 'records',
    dataSource,
    databaseUrl: config.RECORDS_DATABASE_URL,
    redis,
    queuePrefix: config.QUEUE_PREFIX,
    logger,
  });
  relay.start();
  lifecycle.onShutdown('workers', 'relay', () => relay.stop());
  lifecycle.onShutdown('stores', 'postgres', () => dataSource.destroy());
  lifecycle.onShutdown('stores', 'redis', async () => void (await redis.quit()));
  lifecycle.addReadinessCheck('postgres', async () => void (await dataSource.query('SELECT 1')));
  lifecycle.addReadinessCheck('redis', async () => void (await redis.ping()));
  // Probes: the relay serves nothing else, so its health endpoints get a port of their own.
  await startHealthServer({ name: 'records-relay', port: config.RECORDS_RELAY_PORT, host: config.RECORDS_HOST, lifecycle, logger });
  if (config.RECORDS_RELAY_METRICS_PORT > 0) {
    await startMetricsServer({ name: 'records-relay', port: config.RECORDS_RELAY_METRICS_PORT, host: config.RECORDS_HOST, logger, lifecycle });
  }
  lifecycle.onShutdown('stores', 'tracing', stopTracing);
  lifecycle.installSignalHandlers();
}

main().catch((error) => {
  reportFailure('records-relay', 'failed to start', error);
  process.exit(1);
});
