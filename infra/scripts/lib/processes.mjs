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
/**
 * The development OpenID Connect provider (packages/dev-idp): development only (it refuses production),
 * never in the image. Ready when it serves its discovery document.
 */
export const DEV_IDP = { name: 'dev-idp', entry: 'packages/dev-idp/dist/main.js', portVar: 'DEV_IDP_PORT', port: 4100, readyPath: '/.well-known/openid-configuration' };

/** Where a process answers when it is ready: its `readyPath`, else `/readyz`. */
export function readyUrl(service, env) {
  return `http://127.0.0.1:${env[service.portVar] ?? service.port}${service.readyPath ?? '/readyz'}`;
}

/**
 * Whether `npm start` runs the development identity provider: in development, unless AUTH_JWKS_URL
 * already names a provider (the company's, tried out locally).
 */
export function usesDevIdentityProvider(env = process.env) {
  return env.NODE_ENV !== 'production' && !env.AUTH_JWKS_URL;
}

/**
 * The sign-in settings with the development provider: the gateway verifies its tokens with its JWKS (and
 * still HS256 tokens: `npm run token` and the printed tokens carry no issuer, so AUTH_ISSUER stays unset),
 * and tells the web app where to sign in (WEB_OIDC_*); the provider sends people back to the gateway's
 * origin, which serves the app.
 */
export function devIdentityEnv(env = process.env) {
  const issuer = (env.DEV_IDP_ISSUER ?? `http://127.0.0.1:${env.DEV_IDP_PORT ?? DEV_IDP.port}`).replace(/\/+$/, '');
  const gatewayPort = env.GATEWAY_PORT ?? GATEWAY.port;
  return {
    DEV_IDP_ISSUER: issuer,
    DEV_IDP_APP_ORIGINS: env.DEV_IDP_APP_ORIGINS ?? `http://127.0.0.1:${gatewayPort},http://localhost:${gatewayPort}`,
    DEV_IDP_KEY_FILE: env.DEV_IDP_KEY_FILE ?? path.join(ROOT, '.data', 'dev-idp', 'signing-key.json'),
    AUTH_JWKS_URL: `${issuer}/jwks`,
    WEB_OIDC_ISSUER: env.WEB_OIDC_ISSUER ?? issuer,
    WEB_OIDC_CLIENT_ID: env.WEB_OIDC_CLIENT_ID ?? env.DEV_IDP_CLIENT_ID ?? 'salestrail-web',
  };
}

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
