#!/usr/bin/env node
// `npm run migrate`: creates each service's database when missing and applies its pending migrations,
// without starting the services (they also migrate themselves at start).
import { createRequire } from 'node:module';
import { build, ensureInstalled } from './lib/install.mjs';
import { loadEnv } from './lib/env.mjs';
import { provideBackingServices } from './lib/backing-services.mjs';
import { systemEnv } from './lib/processes.mjs';
import { ensureSupportedNode } from './lib/node-runtime.mjs';

const require = createRequire(import.meta.url);
const log = (msg) => console.log(`[salestrail] ${msg}`);

if (ensureSupportedNode()) await migrate();

async function migrate() {
  loadEnv();
  ensureInstalled(log);
  build(log);
  const backing = await provideBackingServices(log);
  try {
    const env = systemEnv({ postgresUrl: backing.postgresUrl, redisUrl: backing.redisUrl });
    const { ensureDatabase, migrateDatabase } = require('@salestrail/platform');
    const services = [
      ['records', env.RECORDS_DATABASE_URL, require('@salestrail/records').createRecordsDataSource],
      ['workflow', env.WORKFLOW_DATABASE_URL, require('@salestrail/workflow').createWorkflowDataSource],
      ['analytics', env.ANALYTICS_DATABASE_URL, require('@salestrail/analytics').createAnalyticsDataSource],
    ];
    for (const [name, url, create] of services) {
      await ensureDatabase(url);
      const applied = await migrateDatabase(create(url, 2));
      log(`${name}: ${applied.length ? `applied ${applied.join(', ')}` : 'up to date'}`);
    }
  } finally {
    await backing.stop();
  }
}
