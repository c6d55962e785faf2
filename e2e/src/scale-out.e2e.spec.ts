import { writeFileSync } from 'node:fs';
import { formatScaleOut, runScaleOut, scaleOutEnv, ScaledSystem, type ScaleOutOptions, type ScaleOutResult } from '@salestrail/testkit';

/**
 * Two copies of every process (gateway, records, records' relay, workflow's subgraph, its workers and
 * its relay, analytics) against one Postgres and one Redis, with a hash-tagged queue prefix as in a
 * Redis Cluster. Mutations go through both gateways; copy 0 of every role is killed (SIGKILL) mid-run and
 * started again. Then: every event applied exactly once by every consumer, analytics and workflow equal
 * to the records, every reminder sent once, the weekly cycle once per team, the rate limit one budget
 * across both gateways. `npm run bench:scaleout` runs the same at full size and prints the figures.
 */
describe('two copies of every process', () => {
  const options: ScaleOutOptions = { customers: 90, reps: 10, teams: 3, concurrency: 6, rateLimitPoints: 100 };
  let system: ScaledSystem;
  let result: ScaleOutResult;

  beforeAll(async () => {
    process.stdout.write(`${new Date().toISOString()} starting\n`);
    system = await ScaledSystem.start('scale', { copies: 2, env: scaleOutEnv(options) });
    try {
      result = await runScaleOut(system, { ...options, log: (line) => process.stdout.write(`${new Date().toISOString()} ${line}\n`) });
    } catch (error) {
      const errors = system.output.filter((line) => /"level":(50|60)|exited/.test(line)).slice(-20);
      throw new Error(`${(error as Error).message}\n${errors.join('')}`, { cause: error });
    }
    process.stdout.write(`${formatScaleOut(result)}\n`);
  }, 600_000);
  afterAll(async () => {
    // The processes' own logs, for a look after a run (errors and warnings only: LOG_LEVEL=warn).
    if (process.env.SCALE_OUT_LOG && system) writeFileSync(process.env.SCALE_OUT_LOG, system.output.join(''));
    await system?.stop();
  }, 60_000);

  it('served the mutations through both gateways and both copies of each subgraph', () => {
    expect(result.mutations.sent).toBeGreaterThanOrEqual(options.customers * 3);
    for (const n of result.mutations.perGateway) expect(n).toBeGreaterThan(0);
    for (const [name, copies] of Object.entries(result.balancedConnections)) {
      expect([name, copies.length, copies.every((n) => n > 0)]).toEqual([name, 2, true]);
    }
    // A relay copy took over each producer's lock after the kill.
    expect(result.relayTakeoverMs.records).toBeGreaterThan(0);
    expect(result.relayTakeoverMs.workflow).toBeGreaterThan(0);
  });

  it('applied every event exactly once in every consumer', () => {
    expect(Object.keys(result.events).sort()).toEqual(['records → analytics', 'records → workflow', 'workflow → analytics', 'workflow → records']);
    for (const e of Object.values(result.events)) {
      expect(e.missing).toBe(0);
      expect(e.applied).toBe(e.published);
      expect(e.distinct).toBe(e.published);
    }
  });

  it('keeps analytics and the workflow projection equal to the records', () => {
    expect(result.records.customers).toBeGreaterThanOrEqual(options.customers);
    expect(result.analyticsMismatches).toEqual([]);
    expect(result.workflowMismatches).toEqual([]);
    expect(result.pipeline.viaGateway).toEqual(result.pipeline.inRecords);
  });

  it('sent every reminder once, and none of a completed action after it', () => {
    expect(result.reminders.expected).toBeGreaterThan(0);
    expect(result.reminders.sent).toBe(result.reminders.expected);
    expect(result.reminders.duplicates).toBe(0);
    expect(result.reminders.unexpected).toBe(0);
    expect(result.reminders.failedJobs).toBe(0);
  });

  it('keeps one weekly scheduler per team and step, and ran each once', () => {
    expect(result.weekly.schedulersPerTeamStep).toEqual(Array(options.teams * 2).fill(1));
    expect(result.weekly.runsPerTeamStep).toEqual(Array(options.teams * 2).fill(1));
    expect(Object.values(result.weekly.summaries)).toEqual(Array(options.teams).fill(1));
  });

  it('shares one rate-limit budget between the gateways', () => {
    expect(result.rateLimit.ok).toBe(options.rateLimitPoints);
    expect(result.rateLimit.refused).toBe(4);
    for (const g of result.rateLimit.perGateway) expect(g.ok).toBeGreaterThan(0);
  });
});
