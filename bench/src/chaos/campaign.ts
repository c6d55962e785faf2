import { devToken, TestSystem, type ProcessName } from '@salestrail/testkit';
import { dataChecks, loadChecks, formatTable, type CheckContext, type CheckRow, type OutageWindow } from './checks';
import { Prng } from '../seed/prng';
import { runLoad, type LoadReport } from './load';
import { DedicatedRedis } from './redis-server';

export interface ChaosOptions {
  mutations: number;
  /** Kill -9 of the records relay, analytics and workflow: this many times each. */
  killsEach: number;
  concurrency?: number;
  teams?: number;
  seed?: number;
  /** How long to wait after the load for the system to settle before the checks fail. */
  settleMs?: number;
  log?: (line: string) => void;
  /** Runs with the system still up after the checks (tests use it to show a check notices damage). */
  inspect?: (ctx: CheckContext, system: TestSystem) => Promise<void>;
}

export interface FaultRecord {
  what: OutageWindow['what'];
  action: string;
  atProgress: number;
  downMs: number;
}

export interface ChaosReport {
  passed: boolean;
  rows: CheckRow[];
  faults: FaultRecord[];
  load: Pick<LoadReport, 'startedAt' | 'endedAt'> & { mutations: number; failedAttempts: number };
  settleMs: number;
  durationMs: number;
}

/** Settings that make repair fast enough to observe inside a bounded campaign (defaults are 30 s). */
export const CHAOS_ENV = {
  RECORDS_RELAY: 'off',
  ANALYTICS_GAP_CHECK_MS: '2000',
  WORKFLOW_GAP_CHECK_MS: '3000',
  RECORDS_GAP_CHECK_MS: '3000',
  WORKFLOW_JOB_CHECK_MS: '2000',
  LOG_LEVEL: 'error',
};

interface Fault {
  what: OutageWindow['what'];
  at: number;
}

/**
 * The fault campaign: the system as separate processes (records relay as its own process) on a Redis
 * of its own, a load of mixed mutations through the gateway, and while it runs: kill -9 of the relay,
 * analytics and workflow (`killsEach` times each), one Redis restart with its data lost and one gateway
 * SIGTERM with a fresh gateway started. Then the checks, once the system has settled.
 */
export async function runChaosCampaign(options: ChaosOptions): Promise<ChaosReport> {
  const log = options.log ?? (() => undefined);
  const teams = options.teams ?? 4;
  const concurrency = options.concurrency ?? 8;
  const seed = options.seed ?? 42;
  const prng = new Prng(seed + 1);
  const random = () => prng.next();
  const started = Date.now();

  const redis = await DedicatedRedis.start();
  let system: TestSystem | null = null;
  try {
    system = await TestSystem.start(`chaos${seed}`, { ...CHAOS_ENV, REDIS_URL: redis.url });
    await system.startProcess('records-relay');
    const sys = system;
    log(`system up (gateway ${sys.gatewayUrl}, redis ${redis.url}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const admin = await devToken('ADMIN', 'chaos-admin', null);
    const teamIds = Array.from({ length: teams }, (_, t) => `chaos-team-${t}`);
    for (const [t, id] of teamIds.entries()) {
      const res = await sys.graphql(admin, `mutation T($input: TeamInput!) { upsertTeam(input: $input) { id } }`, {
        input: { id, name: `故障演练${t}组`, managerId: `chaos-manager-${t}` },
      });
      if (res.errors) throw new Error(`upsertTeam: ${JSON.stringify(res.errors)}`);
    }
    const industries = await sys.graphql<{ industries: Array<{ code: string }> }>(admin, '{ industries { code } }');
    const codes = industries.data!.industries.map((i) => i.code).filter((c) => /^[A-Z]\d\d$/.test(c));
    const repTokens = await Promise.all(Array.from({ length: concurrency }, (_, u) => devToken('SALES_REP', `chaos-rep-${u}`, teamIds[u % teams]!, { expiresIn: '6h' })));
    const managerTokens = await Promise.all(teamIds.map((id, t) => devToken('SALES_MANAGER', `chaos-manager-${t}`, id, { expiresIn: '6h' })));

    const faults: Fault[] = [];
    for (const what of ['records-relay', 'analytics', 'workflow'] as const) {
      for (let i = 0; i < options.killsEach; i++) faults.push({ what, at: 0.05 + random() * 0.8 });
    }
    faults.push({ what: 'redis', at: 0.3 + random() * 0.4 }, { what: 'gateway', at: 0.1 + random() * 0.75 });
    faults.sort((a, b) => a.at - b.at);

    let progress = 0;
    let faultsDone = false;
    const windows: OutageWindow[] = [];
    const records: FaultRecord[] = [];
    const pause = () => new Promise((r) => setTimeout(r, 200 + random() * 1_500));
    const faultLoop = (async () => {
      for (const fault of faults) {
        while (progress < fault.at * options.mutations) await new Promise((r) => setTimeout(r, 20));
        const from = Date.now();
        let action: string;
        switch (fault.what) {
          case 'redis':
            await redis.restart();
            action = 'redis-server killed and started empty (no persistence)';
            break;
          case 'gateway':
            await sys.terminate('gateway');
            await sys.startProcess('gateway');
            action = 'SIGTERM, fresh gateway started';
            break;
          default:
            await sys.kill(fault.what as ProcessName);
            await pause();
            await sys.startProcess(fault.what as ProcessName);
            action = 'kill -9, restarted';
        }
        const to = Date.now();
        windows.push({ what: fault.what, from, to: fault.what === 'redis' ? to + 3_000 : to });
        records.push({ what: fault.what, action, atProgress: progress, downMs: to - from });
        log(`${fault.what}: ${action} at mutation ${progress} (${to - from} ms)`);
      }
      faultsDone = true;
    })();

    const load = await runLoad({
      gatewayUrl: sys.gatewayUrl,
      tokens: { rep: (u) => repTokens[u]!, manager: (t) => managerTokens[t]! },
      teams,
      industries: codes,
      mutations: options.mutations,
      concurrency,
      seed,
      keepGoing: () => !faultsDone,
      onProgress: (done) => {
        progress = done;
        if (done % 1000 === 0) log(`${done} mutations`);
      },
    });
    await faultLoop;
    log(`load done: ${load.outcomes.length} mutations in ${((load.endedAt - load.startedAt) / 1000).toFixed(1)} s, ${load.failures.length} failed attempts`);

    const ctx: CheckContext = {
      recordsUrl: sys.env.RECORDS_DATABASE_URL!,
      workflowUrl: sys.env.WORKFLOW_DATABASE_URL!,
      analyticsUrl: sys.env.ANALYTICS_DATABASE_URL!,
      redisUrl: redis.url,
      queuePrefix: sys.env.QUEUE_PREFIX!,
      gatewayUrl: sys.gatewayUrl,
      adminToken: admin,
      teamIds,
    };
    const settleStart = Date.now();
    const settleDeadline = settleStart + (options.settleMs ?? 90_000);
    let rows = await dataChecks(ctx);
    while (rows.some((r) => !r.passed) && Date.now() < settleDeadline) {
      await new Promise((r) => setTimeout(r, 1_000));
      rows = await dataChecks(ctx);
    }
    const settleMs = Date.now() - settleStart;
    rows = [...rows, ...(await loadChecks(ctx, load, windows))];
    log(formatTable(rows));
    await options.inspect?.(ctx, sys);
    return {
      passed: rows.every((r) => r.passed),
      rows,
      faults: records,
      load: { startedAt: load.startedAt, endedAt: load.endedAt, mutations: load.outcomes.length, failedAttempts: load.failures.length },
      settleMs,
      durationMs: Date.now() - started,
    };
  } catch (error) {
    if (system) log(system.output.slice(-20).join(''));
    throw error;
  } finally {
    await system?.stop();
    await redis.stop();
  }
}
