import { parseArgs } from 'node:util';
import { withTestServices } from '../with-services';
import { namedTargets } from '../seed/seed';
import { formatGateways, runGatewayComparison, type GatewayComparison } from './gateways';
import { formatFootprint, peakRssDuring, sampleRss, type Footprint } from './footprint';
import { formatRead, runReadBenchmark, type ReadRow } from './read';
import { formatReports, runReportsBenchmark, type ReportRow } from './reports';
import { startSeededSystem } from './seeded-system';
import type { Budget } from './stats';
import { formatWrite, runWriteBenchmark, type WriteResult } from './write';

export type BenchmarkName = 'read' | 'write' | 'reports' | 'footprint' | 'gateways';
export const ALL_BENCHMARKS: readonly BenchmarkName[] = ['read', 'write', 'reports', 'footprint', 'gateways'];

export interface BenchmarkOptions {
  tiny: boolean;
  customers: number;
  seed: number;
  only: readonly BenchmarkName[];
  /** Databases seeded by `npm run seed` to reuse (the write benchmark adds rows to them). */
  prefix?: string;
  server: string;
  /** Seconds per measured configuration (full size). */
  seconds: number;
  log?: (line: string) => void;
}

export interface BenchmarkResults {
  seed: { customers: number; rows: number; rowsPerSecond: number; loadSeconds: number; deriveSeconds: number } | null;
  read: ReadRow[] | null;
  write: WriteResult | null;
  reports: ReportRow[] | null;
  footprint: Footprint | null;
  gateways: GatewayComparison | null;
}

/**
 * Seeds (or reuses) the stores, starts the system on them and runs the selected benchmarks. Each
 * figure comes with a floor measured in the same run on the same databases. Needs the environment of
 * the testkit global setup (withTestServices): real Postgres and Redis, a fresh Redis prefix.
 */
export async function runBenchmarks(options: BenchmarkOptions): Promise<BenchmarkResults> {
  const log = options.log ?? (() => undefined);
  const budget: Budget = options.tiny ? { operations: 16 } : { seconds: options.seconds };
  const s = await startSeededSystem({
    customers: options.customers,
    seed: options.seed,
    reuse: options.prefix ? namedTargets(options.server, options.prefix) : undefined,
    // A tiny run shares the Postgres server with whole test suites: few connections (the floor queues on them).
    poolSize: options.tiny ? 2 : 16,
    log,
  });
  const results: BenchmarkResults = {
    seed: s.seedReport && { customers: s.seedReport.customers, rows: s.seedReport.totalRows, rowsPerSecond: s.seedReport.rowsPerSecond, loadSeconds: s.seedReport.loadSeconds, deriveSeconds: s.seedReport.deriveSeconds },
    read: null,
    write: null,
    reports: null,
    footprint: null,
    gateways: null,
  };
  try {
    log(`system ready in ${s.startSeconds.toFixed(1)} s`);
    // Let start-up work (gap repair passes, schedulers) settle before measuring idle memory.
    await new Promise((r) => setTimeout(r, options.tiny ? 500 : 5000));
    const idle = sampleRss(s.system);
    if (options.only.includes('read') || options.only.includes('footprint')) {
      log('read benchmark');
      const { result, peak } = await peakRssDuring(s.system, () => runReadBenchmark(s, budget, [1, 16]));
      if (options.only.includes('read')) {
        results.read = result;
        log(formatRead(result));
      }
      results.footprint = { startSeconds: s.startSeconds, idle, underRead: peak };
      log(formatFootprint(results.footprint));
    }
    if (options.only.includes('write')) {
      log('write benchmark');
      results.write = await runWriteBenchmark(s, budget, 16);
      log(formatWrite(results.write));
    }
    if (options.only.includes('reports')) {
      log('reports benchmark');
      results.reports = await runReportsBenchmark(s, options.tiny ? 3 : 20, options.tiny ? 1 : 3);
      log(formatReports(results.reports));
    }
    if (options.only.includes('gateways')) {
      log('gateway comparison');
      results.gateways = await runGatewayComparison(s, budget, 16);
      log(formatGateways(results.gateways));
    }
    if (!options.only.includes('footprint')) results.footprint = null;
  } finally {
    await s.stop();
  }
  return results;
}

export function formatResults(r: BenchmarkResults): string {
  const parts: string[] = [];
  if (r.seed) parts.push(`Seed: ${r.seed.customers} customers, ${r.seed.rows} rows in ${r.seed.loadSeconds.toFixed(1)} s (${r.seed.rowsPerSecond.toFixed(0)} rows/s), analytics derivation ${r.seed.deriveSeconds.toFixed(1)} s`);
  if (r.read) parts.push('## 1. Dashboard read (pipeline page, 50 customers)', formatRead(r.read));
  if (r.write) parts.push('## 2. Write path (logInteraction)', formatWrite(r.write));
  if (r.reports) parts.push('## 4. Reports', formatReports(r.reports));
  if (r.footprint) parts.push('## 6. Footprint', formatFootprint(r.footprint));
  if (r.gateways) parts.push('## Hive Gateway and @apollo/gateway (50 customers with their latest review)', formatGateways(r.gateways));
  return parts.join('\n\n');
}

/**
 * `npm run bench -- [--tiny] [--customers 100000] [--seed 42] [--only read,write,reports,footprint,gateways]
 *  [--prefix st_seed_100000_42] [--seconds 20]`
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      tiny: { type: 'boolean', default: false },
      customers: { type: 'string' },
      seed: { type: 'string', default: '42' },
      only: { type: 'string', default: ALL_BENCHMARKS.join(',') },
      prefix: { type: 'string' },
      server: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
      seconds: { type: 'string', default: '20' },
    },
  });
  const only = values.only.split(',').map((s) => s.trim()) as BenchmarkName[];
  for (const name of only) if (!ALL_BENCHMARKS.includes(name)) throw new Error(`unknown benchmark ${name} (one of ${ALL_BENCHMARKS.join(', ')})`);
  const results = await withTestServices(() =>
    runBenchmarks({
      tiny: values.tiny,
      customers: Number(values.customers ?? (values.tiny ? 300 : 100_000)),
      seed: Number(values.seed),
      only,
      prefix: values.prefix,
      server: values.server,
      seconds: Number(values.seconds),
      log: (line) => console.log(line),
    }),
  );
  console.log(formatResults(results));
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
