import { randomUUID } from 'node:crypto';
import type { Logger, Redis } from '@salestrail/platform';
import type { ReconcileReport } from './reconciliation.service';

/**
 * Completes a pass atomically: its pass key still there means Redis kept its data through the whole
 * pass, and only then is the marker written. A pass key gone means Redis lost its data meanwhile, and
 * with it what the pass had already added.
 */
const COMPLETE_PASS = `if redis.call('DEL', KEYS[1]) == 1 then redis.call('SET', KEYS[2], ARGV[1]) return 1 end return 0`;

export interface JobWatchOptions {
  redis: Redis;
  queuePrefix: string;
  reconcile: (signal: AbortSignal) => Promise<ReconcileReport>;
  logger: Logger;
}

/**
 * Redis losing its data (a restart without persistence) takes the delayed jobs with it. A marker key
 * written after each complete reconcile disappears with them, and its absence triggers a reconcile.
 *
 * A pass writes a key of its own before it starts and completes only if that key is still there: a
 * loss of data during the pass (which takes the jobs the pass had added before it) makes the pass run
 * again instead of marking Redis as reconciled. One pass at a time per process; stopped between chunks
 * at shutdown.
 */
export class JobWatch {
  readonly marker: string;
  private readonly stopping = new AbortController();
  private running: Promise<void> | null = null;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: JobWatchOptions) {
    this.marker = `${options.queuePrefix}:workflow:jobs-reconciled`;
  }

  /** Checks the marker every `intervalMs` (0: never) and reconciles when it is missing. */
  start(intervalMs: number): void {
    if (intervalMs <= 0) return;
    this.timer = setInterval(() => void this.check(), intervalMs).unref();
  }

  /** Reconciles if the marker is missing; resolves when that pass (or the one running) ends. */
  async check(): Promise<void> {
    if (this.running) return this.running;
    try {
      if (await this.options.redis.exists(this.marker)) return;
    } catch (err) {
      this.options.logger.warn({ err }, 'job check failed');
      return;
    }
    return this.reconcile('lost');
  }

  /** Runs passes until one completes with Redis' data intact; one at a time. */
  reconcile(why: 'start-up' | 'lost'): Promise<void> {
    this.running ??= this.passes(why)
      .catch((err: unknown) => {
        if (this.stopping.signal.aborted) this.options.logger.info('job reconciliation stopped by shutdown');
        else this.options.logger.warn({ err }, 'job reconciliation failed');
      })
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    clearInterval(this.timer);
    await this.running;
  }

  private async passes(why: 'start-up' | 'lost'): Promise<void> {
    const { redis, logger } = this.options;
    for (let pass = 1; ; pass++) {
      this.stopping.signal.throwIfAborted();
      const started = Date.now();
      const passKey = `${this.marker}:pass:${randomUUID()}`;
      // Expires on its own if this process dies during the pass.
      await redis.set(passKey, new Date(started).toISOString(), 'EX', 86_400);
      const report = await this.options.reconcile(this.stopping.signal);
      const completed = (await redis.eval(COMPLETE_PASS, 2, passKey, this.marker, report.ranAt.toISOString())) === 1;
      const ms = Date.now() - started;
      if (!completed) {
        logger.warn({ report, ms, pass }, 'Redis lost its data during job reconciliation; reconciling again');
        continue;
      }
      if (why === 'lost' || pass > 1) logger.warn({ report, ms, pass }, 'Redis had lost the jobs; reconciled');
      else logger.info({ report, ms }, 'jobs reconciled');
      return;
    }
  }
}
