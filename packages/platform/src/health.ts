import http from 'node:http';
import express, { type Express } from 'express';
import type { Lifecycle } from './lifecycle';
import type { Logger } from './logger';

/**
 * `/healthz` (the process is alive: liveness probes) and `/readyz` (every readiness check of the
 * lifecycle passes: readiness probes, load balancers). Every SalesTrail process serves both.
 */
export function mountHealthRoutes(app: Express, name: string, lifecycle: Lifecycle, logger: Logger): void {
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: name });
  });
  // Anonymous: it says ready or not; why not (error texts naming hosts, databases, users) goes to the log.
  app.get('/readyz', async (_req, res) => {
    const failures = await lifecycle.checkReadiness();
    const ready = Object.keys(failures).length === 0;
    if (!ready) logger.warn({ failures }, 'not ready');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready' });
  });
}

export interface HealthServerOptions {
  name: string;
  port: number;
  host?: string;
  lifecycle: Lifecycle;
  logger: Logger;
}

/**
 * The health endpoints alone, for a process that serves nothing else (an outbox relay), so that an
 * orchestrator can probe it like the others. Closed in the lifecycle's `http` phase.
 */
export async function startHealthServer(options: HealthServerOptions): Promise<{ port: number }> {
  const app = express();
  app.disable('x-powered-by');
  mountHealthRoutes(app, options.name, options.lifecycle, options.logger);
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  options.lifecycle.onShutdown('http', `${options.name} health`, () => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  options.logger.info({ port }, 'health endpoints listening');
  return { port };
}
