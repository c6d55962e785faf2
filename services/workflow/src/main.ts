import './instrument';
import { createLogger, reportFailure, startMetricsServer, stopTracing } from '@salestrail/platform';
import { loadWorkflowConfig } from './config';
import { startWorkflowApp } from './app';

async function main(): Promise<void> {
  const config = loadWorkflowConfig();
  const logger = createLogger('workflow', config.LOG_LEVEL);
  const app = await startWorkflowApp(config, logger);
  if (config.WORKFLOW_METRICS_PORT > 0) {
    await startMetricsServer({ name: 'workflow', port: config.WORKFLOW_METRICS_PORT, host: config.WORKFLOW_HOST, logger, lifecycle: app.lifecycle });
  }
  app.lifecycle.onShutdown('stores', 'tracing', stopTracing);
  app.lifecycle.installSignalHandlers();
}

main().catch((error) => {
  reportFailure('workflow', 'failed to start', error);
  process.exit(1);
});
