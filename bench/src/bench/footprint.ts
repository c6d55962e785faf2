import { readFileSync } from 'node:fs';
import type { TestSystem } from '@salestrail/testkit';
import { table } from './stats';

/** Resident set size of a process in MB (Linux /proc). */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status);
  return kb ? Number(kb[1]) / 1024 : Number.NaN;
}

/** CPU time (user + system) a process has used so far, in ms (Linux /proc; 100 clock ticks a second). */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** CPU ms each process of the system uses while `work` runs. */
export async function cpuDuring<T>(system: TestSystem, work: () => Promise<T>): Promise<{ result: T; cpu: Record<string, number> }> {
  const take = () => {
    const out: Record<string, number> = {};
    for (const [name, child] of system.processes) if (child.pid && child.exitCode === null) out[name] = cpuMs(child.pid);
    return out;
  };
  const before = take();
  const result = await work();
  const after = take();
  const cpu: Record<string, number> = {};
  for (const [name, ms] of Object.entries(after)) if (before[name] !== undefined) cpu[name] = ms - before[name]!;
  return { result, cpu };
}

export function sampleRss(system: TestSystem): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, child] of system.processes) if (child.pid && child.exitCode === null) out[name] = rssMb(child.pid);
  return out;
}

/** Samples every process's RSS while `work` runs and keeps each one's maximum. */
export async function peakRssDuring<T>(system: TestSystem, work: () => Promise<T>): Promise<{ result: T; peak: Record<string, number> }> {
  const peak: Record<string, number> = {};
  const take = () => {
    for (const [name, mb] of Object.entries(sampleRss(system))) peak[name] = Math.max(peak[name] ?? 0, mb);
  };
  const timer = setInterval(take, 250);
  try {
    const result = await work();
    take();
    return { result, peak };
  } finally {
    clearInterval(timer);
  }
}

export interface Footprint {
  startSeconds: number;
  idle: Record<string, number>;
  underRead: Record<string, number> | null;
}

export function formatFootprint(f: Footprint): string {
  const names = Object.keys(f.idle);
  return [
    `Start to gateway ready (three subgraphs in parallel, then the gateway; built tree): ${f.startSeconds.toFixed(1)} s`,
    '',
    table(
      ['process', 'RSS idle MB', 'RSS peak under read benchmark MB', 'target'],
      names.map((n) => [n, f.idle[n]!.toFixed(0), f.underRead?.[n] !== undefined ? f.underRead[n]!.toFixed(0) : '-', '< 200 MB']),
    ),
  ].join('\n');
}
