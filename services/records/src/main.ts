import './instrument';
import { createLogger, reportFailure, startMetricsServer, stopTracing } from '@salestrail/platform';
import { loadRecordsConfig } from './config';
import { startRecordsApp } from './app';

async function main(): Promise<void> {
  const config = loadRecordsConfig();
  const logger = createLogger('records', config.LOG_LEVEL);
  const app = await startRecordsApp(config, logger);
  if (config.RECORDS_METRICS_PORT > 0) {
    await startMetricsServer({ name: 'records', port: config.RECORDS_METRICS_PORT, host: config.RECORDS_HOST, logger, lifecycle: app.lifecycle });
  }
  app.lifecycle.onShutdown('stores', 'tracing', stopTracing);
  app.lifecycle.installSignalHandlers();
}

main().catch((error) => {
  reportFailure('records', 'failed to start', error);
  process.exit(1);
});
