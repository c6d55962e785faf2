import { createLogger, reportFailure } from '@salestrail/platform';
import { loadWorkflowConfig } from './config';
import { startWorkflowApp } from './app';

async function main(): Promise<void> {
  const config = loadWorkflowConfig();
  const logger = createLogger('workflow', config.LOG_LEVEL);
  const app = await startWorkflowApp(config, logger);
  app.lifecycle.installSignalHandlers();
}

main().catch((error) => {
  reportFailure('workflow', 'failed to start', error);
  process.exit(1);
});
