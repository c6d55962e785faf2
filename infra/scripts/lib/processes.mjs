// Starts SalesTrail's four processes and stops them in order.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './install.mjs';
import { databaseUrl } from './backing-services.mjs';

/**
 * `nodeArgs` caps the old generation where V8 would otherwise let the heap grow far past what is live
 * under load (measured in BENCHMARKS.md, section 6; the packages' own `npm start` use the same flags).
 */
export const SERVICES = [
  { name: 'records', entry: 'services/records/dist/main.js', migrateEntry: 'services/records/dist/migrate.js', portVar: 'RECORDS_PORT', port: 4001, nodeArgs: ['--max-old-space-size=160'] },
  { name: 'workflow', entry: 'services/workflow/dist/main.js', migrateEntry: 'services/workflow/dist/migrate.js', portVar: 'WORKFLOW_PORT', port: 4002 },
  { name: 'analytics', entry: 'services/analytics/dist/main.js', migrateEntry: 'services/analytics/dist/migrate.js', portVar: 'ANALYTICS_PORT', port: 4003 },
];
export const GATEWAY = { name: 'gateway', entry: 'gateway/dist/main.js', portVar: 'GATEWAY_PORT', port: 4000, nodeArgs: ['--max-old-space-size=128'] };

/** Environment for every process: per-service database URLs and subgraph URLs derived from the ports. */
export function systemEnv({ postgresUrl, redisUrl, env = process.env }) {
  const port = (s) => Number(env[s.portVar] ?? s.port);
  return {
    ...env,
    REDIS_URL: redisUrl,
    RECORDS_DATABASE_URL: env.RECORDS_DATABASE_URL ?? databaseUrl(postgresUrl, 'salestrail_records'),
    WORKFLOW_DATABASE_URL: env.WORKFLOW_DATABASE_URL ?? databaseUrl(postgresUrl, 'salestrail_workflow'),
    ANALYTICS_DATABASE_URL: env.ANALYTICS_DATABASE_URL ?? databaseUrl(postgresUrl, 'salestrail_analytics'),
    RECORDS_URL: `http://127.0.0.1:${port(SERVICES[0])}/graphql`,
    WORKFLOW_URL: `http://127.0.0.1:${port(SERVICES[1])}/graphql`,
    ANALYTICS_URL: `http://127.0.0.1:${port(SERVICES[2])}/graphql`,
    RECORDS_EVENTS_URL: `http://127.0.0.1:${port(SERVICES[0])}`,
    WORKFLOW_EVENTS_URL: `http://127.0.0.1:${port(SERVICES[1])}`,
  };
}

export function startProcess(service, env, { quiet = false } = {}) {
  const child = spawn(process.execPath, [...(service.nodeArgs ?? []), path.join(ROOT, service.entry)], {
    cwd: ROOT,
    env,
    stdio: ['ignore', quiet ? 'ignore' : 'inherit', 'inherit'],
  });
  child.service = service;
  return child;
}

export async function waitReady(url, child, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${child.service.name} exited with code ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${child.service.name} was not ready within ${timeoutMs / 1000} s (${url})`);
}

export function stopProcess(child, timeoutMs = 15_000) {
  return new Promise((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
