import './instrument';
import { createLogger, reportFailure, startMetricsServer, stopTracing } from '@salestrail/platform';
import { loadAnalyticsConfig } from './config';
import { startAnalyticsApp } from './app';

async function main(): Promise<void> {
  const config = loadAnalyticsConfig();
  const logger = createLogger('analytics', config.LOG_LEVEL);
  const app = await startAnalyticsApp(config, logger);
  if (config.ANALYTICS_METRICS_PORT > 0) {
    await startMetricsServer({ name: 'analytics', port: config.ANALYTICS_METRICS_PORT, host: config.ANALYTICS_HOST, logger, lifecycle: app.lifecycle });
  }
  app.lifecycle.onShutdown('stores', 'tracing', stopTracing);
  app.lifecycle.installSignalHandlers();
}

main().catch((error) => {
  reportFailure('analytics', 'failed to start', error);
  process.exit(1);
});
