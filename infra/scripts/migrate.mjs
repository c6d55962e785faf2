#!/usr/bin/env node
// `npm run migrate`: creates each service's database when missing and applies its pending migrations,
// without starting the services. It runs each service's own migration step (services/<service>/dist/
// migrate.js, as the Kubernetes migration Jobs do); the services also migrate themselves at start unless
// MIGRATE_ON_START=off.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { build, ensureInstalled, ROOT } from './lib/install.mjs';
import { loadEnv } from './lib/env.mjs';
import { provideBackingServices } from './lib/backing-services.mjs';
import { SERVICES, systemEnv } from './lib/processes.mjs';
import { ensureSupportedNode } from './lib/node-runtime.mjs';

const log = (msg) => console.log(`[salestrail] ${msg}`);

if (ensureSupportedNode()) await migrate();

async function migrate() {
  loadEnv();
  ensureInstalled(log);
  build(log);
  const backing = await provideBackingServices(log);
  try {
    const env = systemEnv({ postgresUrl: backing.postgresUrl, redisUrl: backing.redisUrl });
    for (const service of SERVICES) {
      log(`${service.name}: migrating`);
      const result = spawnSync(process.execPath, [path.join(ROOT, service.migrateEntry)], { cwd: ROOT, env, stdio: 'inherit' });
      if (result.status !== 0) throw new Error(`${service.name}: the migration step failed (exit ${result.status ?? result.signal})`);
    }
  } catch (error) {
    log(error.message);
    process.exitCode = 1;
  } finally {
    await backing.stop();
  }
}
