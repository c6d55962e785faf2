import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Queue } from 'bullmq';
import type { Express, NextFunction, Request, Response } from 'express';
import { QUEUES } from '@salestrail/contract';
import { DomainError, IdentityCheckUnavailableError, identityCheckRefusal, type Lifecycle, type Logger, type Redis, type RouteGuards } from '@salestrail/platform';

/** Where the console is served, here and at the gateway (which forwards it only to ADMINs). */
export const QUEUE_CONSOLE_PATH = '/admin/queues';

/**
 * What the console may change: retry and remove jobs, one or all failed ones of a queue. Everything else
 * it offers (adding jobs, editing their data, emptying, obliterating or pausing a queue, changing job
 * schedulers) would bypass the rules the services keep, and is refused.
 */
const ALLOWED_CHANGES: RegExp[] = [
  /^\/api\/queues\/[^/]+\/[^/]+\/retry$/, // retry one job
  /^\/api\/queues\/[^/]+\/retry\/failed$/, // retry every failed job of a queue
  /^\/api\/queues\/[^/]+\/[^/]+\/clean$/, // remove one job
  /^\/api\/queues\/[^/]+\/clean\/failed$/, // remove every failed job of a queue
];

function refuse(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

/**
 * Bull Board over every SalesTrail queue (events of each consumer, review routing, reminders, the weekly
 * cycle, notifications), for ADMINs only: each request needs the gateway's identity made for it (the
 * gateway forwards `/admin/queues` to ADMINs alone; anyone else 401/403 there), and is refused here too
 * unless that identity is an ADMIN's. Reading is free; of the changes only retrying and removing jobs.
 */
export function mountQueueConsole(app: Express, guards: RouteGuards, redis: Redis, prefix: string, lifecycle: Lifecycle, logger: Logger): void {
  const queues = Object.values(QUEUES).map((name) => new Queue(name, { connection: redis, prefix }));
  lifecycle.onShutdown('queues', 'queue console', async () => void (await Promise.all(queues.map((q) => q.close()))));
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUE_CONSOLE_PATH);
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue, { allowRetries: true, description: queue.name })),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'SalesTrail queues' } },
  });
  app.use(
    QUEUE_CONSOLE_PATH,
    async (req: Request, res: Response, next: NextFunction) => {
      try {
        const { actor } = await guards.authenticate(req);
        if (actor.role !== 'ADMIN') return refuse(res, 403, 'FORBIDDEN', 'The queue console is for ADMIN only');
        if (req.method !== 'GET' && req.method !== 'HEAD' && !ALLOWED_CHANGES.some((allowed) => allowed.test(req.path))) {
          return refuse(res, 403, 'FORBIDDEN', 'The queue console only retries and removes jobs');
        }
        if (req.method !== 'GET' && req.method !== 'HEAD') logger.info({ userId: actor.userId, method: req.method, path: req.path }, 'queue console change');
        next();
      } catch (error) {
        if (error instanceof IdentityCheckUnavailableError) {
          const busy = identityCheckRefusal(error);
          return void res.status(busy.status).set(busy.headers).json(busy.body);
        }
        if (error instanceof DomainError) return refuse(res, 401, 'UNAUTHENTICATED', error.message);
        next(error);
      }
    },
    serverAdapter.getRouter() as (req: Request, res: Response, next: NextFunction) => void,
  );
}
