import type { Logger } from './logger';

/** Shutdown order: stop taking requests first, then stop workers and queues, then close stores. */
export type ShutdownPhase = 'http' | 'workers' | 'queues' | 'stores';
const PHASES: ShutdownPhase[] = ['http', 'workers', 'queues', 'stores'];

/**
 * One lifecycle per process: components register how to close, readiness checks are collected here,
 * and SIGTERM/SIGINT run the closers phase by phase. Library code never calls process.exit; only
 * `installSignalHandlers` (called from a service's main) decides the exit code.
 */
export class Lifecycle {
  private readonly closers = new Map<ShutdownPhase, Array<{ name: string; close: () => Promise<void> }>>();
  private readonly readiness: Array<{ name: string; check: () => Promise<void> }> = [];
  private stopping: Promise<void> | null = null;

  constructor(
    private readonly logger: Logger,
    private readonly timeoutMs = 10_000,
  ) {}

  get isStopping(): boolean {
    return this.stopping !== null;
  }

  onShutdown(phase: ShutdownPhase, name: string, close: () => Promise<void>): void {
    const list = this.closers.get(phase) ?? [];
    list.push({ name, close });
    this.closers.set(phase, list);
  }

  addReadinessCheck(name: string, check: () => Promise<void>): void {
    this.readiness.push({ name, check });
  }

  /** Runs every readiness check; returns the failures by name (empty when ready). */
  async checkReadiness(): Promise<Record<string, string>> {
    const failures: Record<string, string> = {};
    if (this.isStopping) failures.lifecycle = 'shutting down';
    await Promise.all(
      this.readiness.map(async ({ name, check }) => {
        try {
          await withTimeout(check(), 2_000, `${name} readiness timed out`);
        } catch (error) {
          failures[name] = (error as Error).message;
        }
      }),
    );
    return failures;
  }

  shutdown(reason: string): Promise<void> {
    if (!this.stopping) {
      this.logger.info({ reason }, 'shutting down');
      this.stopping = withTimeout(this.runClosers(), this.timeoutMs, 'shutdown timed out').catch((error) => {
        this.logger.error({ err: error }, 'shutdown incomplete');
        throw error;
      });
    }
    return this.stopping;
  }

  private async runClosers(): Promise<void> {
    for (const phase of PHASES) {
      const list = this.closers.get(phase) ?? [];
      await Promise.all(
        list.map(async ({ name, close }) => {
          try {
            await close();
            this.logger.debug({ phase, name }, 'closed');
          } catch (error) {
            this.logger.warn({ phase, name, err: error }, 'close failed');
          }
        }),
      );
    }
  }

  /** For a service's main: SIGTERM/SIGINT shut down, then the process exits (0, or 1 on timeout). */
  installSignalHandlers(): void {
    const handle = (signal: NodeJS.Signals) => {
      this.shutdown(signal).then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once('SIGTERM', handle);
    process.once('SIGINT', handle);
  }
}

export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
