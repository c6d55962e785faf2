import { parseArgs } from 'node:util';
import { formatScaleOut, runScaleOut, scaleOutEnv, ScaledSystem, type ScaleOutOptions } from '@salestrail/testkit';
import { withTestServices } from '../with-services';

/**
 * `npm run bench:scaleout -- [--customers 1200] [--reps 40] [--teams 6] [--concurrency 16]`: the two-copy
 * run of e2e/src/scale-out.e2e.spec.ts at full size (about 3.3 mutations per customer), printing its
 * figures (BENCHMARKS.md, "Two copies of every process").
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      customers: { type: 'string', default: '1200' },
      reps: { type: 'string', default: '40' },
      teams: { type: 'string', default: '6' },
      concurrency: { type: 'string', default: '16' },
      copies: { type: 'string', default: '2' },
    },
  });
  const customers = Number(values.customers);
  const reps = Number(values.reps);
  const options: ScaleOutOptions = {
    customers,
    reps,
    teams: Number(values.teams),
    concurrency: Number(values.concurrency),
    // Each salesperson's share of the writes, with room for retries after the kill.
    rateLimitPoints: Math.max(100, Math.ceil((customers / reps) * 4 * 1.5)),
    log: (line) => console.log(line),
  };
  const result = await withTestServices(async () => {
    const system = await ScaledSystem.start('scalebench', { copies: Number(values.copies), env: scaleOutEnv(options) });
    try {
      return await runScaleOut(system, options);
    } finally {
      await system.stop();
    }
  });
  console.log(`\nnpm run bench:scaleout -- --customers ${customers} --reps ${reps} --teams ${options.teams} --concurrency ${options.concurrency}\n`);
  console.log(formatScaleOut(result));
  const failed =
    Object.values(result.events).some((e) => e.missing > 0 || e.applied !== e.published) ||
    result.analyticsMismatches.length > 0 ||
    result.workflowMismatches.length > 0 ||
    result.reminders.sent !== result.reminders.expected ||
    result.reminders.unexpected > 0 ||
    result.rateLimit.ok !== result.rateLimit.points;
  if (failed) {
    console.error('\nthe run broke an invariant (see above)');
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
