import { parseArgs } from 'node:util';
import { withTestServices } from '../with-services';
import { formatReminders, formatStartup, runRemindersBenchmark, runStartupBenchmark } from './reminders';

/**
 * `npm run bench:reminders -- [--actions 100000] [--window 600] [--lead 600]` (`--tiny`: 200 actions
 * due over 10 s): reminder lateness and Redis memory. The issue's scale is 100k actions due over an
 * hour; the default window is 10 minutes (the same 100k jobs, six times denser: a harder test).
 * `--startup <workflow database URL>`: workflow's start-to-ready and reconciliation time on a seeded
 * database instead (nothing is written to it).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      actions: { type: 'string', default: '100000' },
      window: { type: 'string', default: '600' },
      lead: { type: 'string', default: '600' },
      tiny: { type: 'boolean', default: false },
      /** A seeded workflow database: measure workflow's start-up on it instead (read only). */
      startup: { type: 'string' },
      /** With --startup: the workflow entry point to start (default services/workflow/dist/main.js). */
      entry: { type: 'string' },
    },
  });
  if (values.startup) {
    const result = await runStartupBenchmark({
      workflowDatabaseUrl: values.startup,
      ...(values.entry ? { entry: values.entry } : {}),
      log: (l) => console.log(l),
    });
    console.log(`\nnode bench/dist/bench/reminders-main.js --startup ${values.startup}${values.entry ? ` --entry ${values.entry}` : ''}\n`);
    console.log(formatStartup(result));
    return;
  }
  const options = values.tiny
    ? { actions: 200, windowSeconds: 10, leadSeconds: 15 }
    : { actions: Number(values.actions), windowSeconds: Number(values.window), leadSeconds: Number(values.lead) };
  const result = await withTestServices(() => runRemindersBenchmark({ ...options, log: (l) => console.log(l) }));
  console.log(`\nnpm run bench:reminders -- --actions ${options.actions} --window ${options.windowSeconds} --lead ${options.leadSeconds}\n`);
  console.log(formatReminders(result));
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
