import { performance } from 'node:perf_hooks';

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  /** Completed operations per second over the measured window. */
  perSecond: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export function summarize(latencies: readonly number[], seconds: number): LatencySummary {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { count: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), perSecond: sorted.length / seconds };
}

/** How long to run a measurement: a duration, or a number of operations (tiny runs). */
export interface Budget {
  seconds?: number;
  operations?: number;
}

/** Runs `operation` in `concurrency` parallel loops until the budget is spent; one latency per call. */
export async function measureLoops(concurrency: number, budget: Budget, operation: (loop: number, i: number) => Promise<void>): Promise<LatencySummary> {
  const latencies: number[] = [];
  const start = performance.now();
  const deadline = budget.seconds ? start + budget.seconds * 1000 : Number.POSITIVE_INFINITY;
  let issued = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, loop) => {
      while (performance.now() < deadline && (budget.operations === undefined || issued < budget.operations)) {
        const i = issued;
        issued += 1;
        const t = performance.now();
        await operation(loop, i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  return summarize(latencies, (performance.now() - start) / 1000);
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '-');
export const ms = (n: number) => fmt(n, n < 10 ? 2 : 1);
export const ratio = (n: number, floor: number) => (Number.isFinite(n) && Number.isFinite(floor) && floor > 0 ? `${(n / floor).toFixed(2)}x` : '-');

/** A Markdown table (BENCHMARKS.md takes the output as is). */
export function table(headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  const line = (cells: ReadonlyArray<string | number>) => `| ${cells.map(String).join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}
