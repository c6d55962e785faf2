import { parseArgs } from 'node:util';
import { withTestServices } from '../with-services';
import { runChaosCampaign } from './campaign';
import { formatTable } from './checks';

/**
 * `npm run chaos -- [--mutations 10000] [--kills 3] [--concurrency 8] [--seed 42] [--settle 900]`:
 * the fault campaign on loopback (fresh databases, a redis-server of its own); exits 1 when a check fails.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      mutations: { type: 'string', default: '10000' },
      kills: { type: 'string', default: '3' },
      concurrency: { type: 'string', default: '8' },
      seed: { type: 'string', default: '42' },
      settle: { type: 'string', default: '900' },
    },
  });
  const report = await withTestServices(() =>
    runChaosCampaign({
      mutations: Number(values.mutations),
      killsEach: Number(values.kills),
      concurrency: Number(values.concurrency),
      seed: Number(values.seed),
      settleMs: Number(values.settle) * 1000,
      log: (line) => console.log(line),
    }),
  );
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  console.log('\nFaults:');
  for (const f of report.faults) console.log(`  ${f.what.padEnd(14)} ${f.action} at mutation ${f.atProgress}, down ${seconds(f.downMs)}`);
  console.log(
    `\n${report.load.mutations} mutations in ${seconds(report.load.endedAt - report.load.startedAt)}, settled ${seconds(report.settleMs)} after the load, campaign ${seconds(report.durationMs)}\n`,
  );
  console.log(formatTable(report.rows));
  console.log(report.passed ? '\nchaos campaign PASSED' : '\nchaos campaign FAILED');
  if (!report.passed) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
