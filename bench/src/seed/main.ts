import { parseArgs } from 'node:util';
import { DEFAULT_UNTIL, namedTargets, seed } from './seed';

/**
 * `npm run seed -- --customers 100000 --seed 42 [--prefix st_seed] [--until 2026-11-01T00:00:00+08:00] [--server URL]
 *  [--records-url URL --workflow-url URL --analytics-url URL]`
 * Without URLs the tool creates fresh databases `<prefix>_records|_workflow|_analytics` (prefix default
 * st_seed_<customers>_<seed>) on --server (default postgres://postgres@127.0.0.1:5432/postgres) and prints their names.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      customers: { type: 'string', default: '100000' },
      seed: { type: 'string', default: '42' },
      prefix: { type: 'string' },
      server: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
      until: { type: 'string' },
      'records-url': { type: 'string' },
      'workflow-url': { type: 'string' },
      'analytics-url': { type: 'string' },
    },
  });
  const customers = Number(values.customers);
  const seedValue = Number(values.seed);
  if (!Number.isInteger(customers) || customers < 1) throw new Error('--customers must be a positive integer');
  if (!Number.isInteger(seedValue)) throw new Error('--seed must be an integer');
  const explicit = values['records-url'] ?? values['workflow-url'] ?? values['analytics-url'];
  const server = values.server;
  const prefix = values.prefix ?? `st_seed_${customers}_${seedValue}`;
  const targets = explicit
    ? { records: required(values['records-url'], 'records-url'), workflow: required(values['workflow-url'], 'workflow-url'), analytics: required(values['analytics-url'], 'analytics-url') }
    : namedTargets(server, prefix);
  if (!explicit) console.log(`seed: fresh databases ${prefix}_records, ${prefix}_workflow, ${prefix}_analytics`);
  const report = await seed({
    customers,
    seed: seedValue,
    until: values.until ? new Date(values.until) : DEFAULT_UNTIL,
    targets,
    fresh: !explicit,
    log: (line) => console.log(line),
  });
  console.log(JSON.stringify(report, null, 2));
  console.log(`seed: RECORDS_DATABASE_URL=${targets.records}`);
  console.log(`seed: WORKFLOW_DATABASE_URL=${targets.workflow}`);
  console.log(`seed: ANALYTICS_DATABASE_URL=${targets.analytics}`);
}

function required(value: string | undefined, flag: string): string {
  if (!value) throw new Error(`--${flag} is required when any database URL is given`);
  return value;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
