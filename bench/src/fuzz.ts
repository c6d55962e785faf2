import { parseArgs } from 'node:util';
import { formatReport, runFuzzCampaign } from './fuzz/campaign';
import { withTestServices } from './with-services';

/** `npm run fuzz -- [--count 1000] [--seed 7]`: the bad-input campaign; exits 1 when it fails. */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { count: { type: 'string', default: '1000' }, seed: { type: 'string', default: '7' } } });
  const report = await withTestServices(() =>
    runFuzzCampaign({ count: Number(values.count), seed: Number(values.seed), log: (l) => console.log(l) }),
  );
  console.log(formatReport(report));
  if (!report.passed) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
