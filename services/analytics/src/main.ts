import { createLogger, reportFailure } from '@salestrail/platform';
import { loadAnalyticsConfig } from './config';
import { startAnalyticsApp } from './app';

async function main(): Promise<void> {
  const config = loadAnalyticsConfig();
  const app = await startAnalyticsApp(config, createLogger('analytics', config.LOG_LEVEL));
  app.lifecycle.installSignalHandlers();
}

main().catch((error) => {
  reportFailure('analytics', 'failed to start', error);
  process.exit(1);
});
