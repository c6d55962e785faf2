import { ConfigError, createLogger } from '@salestrail/platform';
import { loadWorkflowConfig } from './config';
import { startWorkflowApp } from './app';

async function main(): Promise<void> {
  const config = loadWorkflowConfig();
  const logger = createLogger('workflow', config.LOG_LEVEL);
  const app = await startWorkflowApp(config, logger);
  app.lifecycle.installSignalHandlers();
}

main().catch((error) => {
  if (error instanceof ConfigError) console.error(`workflow: ${error.message}`);
  else console.error('workflow: failed to start', error);
  process.exit(1);
});
