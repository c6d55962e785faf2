import { createLogger, reportFailure } from '@salestrail/platform';
import { loadRecordsConfig } from './config';
import { startRecordsApp } from './app';

async function main(): Promise<void> {
  const config = loadRecordsConfig();
  const logger = createLogger('records', config.LOG_LEVEL);
  const app = await startRecordsApp(config, logger);
  app.lifecycle.installSignalHandlers();
}

main().catch((error) => {
  reportFailure('records', 'failed to start', error);
  process.exit(1);
});
