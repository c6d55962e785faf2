import { parseArgs } from 'node:util';
import { withTestServices } from '../with-services';
import { formatEventLag, runEventLagBenchmark } from './event-lag';

/**
 * `npm run bench:lag -- [--rate 200] [--seconds 60] [--backlog 100000]` (`--tiny`: 50/s for 2 s, a
 * backlog of 300): event lag from records' commit to the analytics read model, and the catch-up rate.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rate: { type: 'string', default: '200' },
      seconds: { type: 'string', default: '60' },
      backlog: { type: 'string', default: '100000' },
      tiny: { type: 'boolean', default: false },
    },
  });
  const options = values.tiny
    ? { rate: 50, seconds: 2, backlog: 300 }
    : { rate: Number(values.rate), seconds: Number(values.seconds), backlog: Number(values.backlog) };
  const result = await withTestServices(() => runEventLagBenchmark({ ...options, log: (l) => console.log(l) }));
  console.log(`\nnpm run bench:lag -- --rate ${options.rate} --seconds ${options.seconds} --backlog ${options.backlog}\n`);
  console.log(formatEventLag(result));
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
