import { parseArgs } from 'node:util';
import { withTestServices } from '../with-services';
import { namedTargets } from '../seed/seed';
import { startSeededSystem } from './seeded-system';
import { ms, ratio, table } from './stats';
import { runWebBenchmark, WEB_ENV, type ScreenTimes, type Timing, type WebResults } from './web';

/**
 * `npm run bench:web -- [--customers 100000] [--seed 42] [--prefix st_seed_100000_42] [--runs 15] [--chromium /usr/bin/chromium]`
 * The web app in headless Chromium on a system started on the seeded stores (fresh ones, or those of
 * `npm run seed` with --prefix): the first screen's JavaScript, the customer list's 50 rows, and the
 * log-an-interaction round trip, the manager's review queue of 50 submissions and the conversion funnel for
 * a year; each against floors measured in the same run (see web.ts).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      customers: { type: 'string', default: '100000' },
      seed: { type: 'string', default: '42' },
      prefix: { type: 'string' },
      server: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
      runs: { type: 'string', default: '15' },
      chromium: { type: 'string', default: '/usr/bin/chromium' },
    },
  });
  const results = await withTestServices(async () => {
    const s = await startSeededSystem({
      customers: Number(values.customers),
      seed: Number(values.seed),
      reuse: values.prefix ? namedTargets(values.server, values.prefix) : undefined,
      poolSize: 2,
      log: (line) => console.log(line),
      env: WEB_ENV,
    });
    try {
      if (s.seedReport) console.log(`seed: ${s.seedReport.customers} customers`);
      return await runWebBenchmark(s, { runs: Number(values.runs), chromium: values.chromium, log: (line) => console.log(line) });
    } finally {
      await s.stop();
    }
  });
  console.log(formatWeb(results));
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export function formatWeb(r: WebResults): string {
  const row = (what: string, t: Timing, floor: Timing, target: string) => [what, t.runs, ms(t.p50), ms(t.p95), ratio(t.p50, floor.p50), ratio(t.p95, floor.p95), target];
  const scripts = [...r.firstScreen.scripts].sort((a, b) => b.gzipBytes - a.gzipBytes);
  return [
    `Signed in as ${r.rep} (${r.customersOfRep} customers).`,
    '',
    '### First screen (the workbench, `/`): JavaScript loaded',
    table(
      ['script', 'bytes', 'gzip (level 6)', 'as served'],
      [
        ...scripts.map((x) => [x.url, kb(x.bytes), kb(x.gzipBytes), kb(x.servedBytes)]),
        [`**total (${scripts.length} scripts)**`, kb(r.firstScreen.bytes), `**${kb(r.firstScreen.gzipBytes)}** (${ratio(r.firstScreen.gzipBytes, 350 * 1024)} of 350 KB)`, kb(r.firstScreen.servedBytes)],
      ],
    ),
    '',
    '### Times (ms, on the page\'s clock) and ratios to the floors of the same run',
    table(
      ['what', 'runs', 'p50', 'p95', 'p50 / floor', 'p95 / floor', 'target'],
      [
        ['floor: trivial static page, navigation to load', r.staticPage.runs, ms(r.staticPage.p50), ms(r.staticPage.p95), '1x', '1x', ''],
        ['floor: bare GraphQL round trip from the page (`{ __typename }`)', r.bareGraphql.runs, ms(r.bareGraphql.p50), ms(r.bareGraphql.p95), '1x', '1x', ''],
        row('workbench shown (cold, navigation to heading)', r.firstScreen.shownMs, r.staticPage, ''),
        ...Object.entries(r.firstScreen.requests).map(([op, t]) => row(`workbench's request ${op} (request to response end)`, t, r.bareGraphql, '')),
        row('customer list: navigation to 50 rows, cold (new context)', r.customerList.cold, r.staticPage, '≤ 1 000 ms'),
        row('customer list: navigation to 50 rows, warm (cached assets)', r.customerList.warm, r.staticPage, '≤ 1 000 ms'),
        row('customer list: its GraphQL request alone (CustomerList, 50 rows), from the page', r.customerList.query, r.bareGraphql, ''),
        row('log an interaction: save key to the timeline showing it', r.logInteraction, r.bareGraphql, 'p95 ≤ 300 ms'),
        row('logInteraction mutation alone, from Node', r.logInteractionApi, r.bareGraphql, ''),
        ...screenRows(`review queue (${r.reviewQueue.shown} submissions)`, r.reviewQueue, { queue: 'its entries', record: 'the first record beside them' }, r, row),
        ...screenRows(`funnel for a year, manager (${r.reviewQueue.team})`, r.funnel.manager, { figures: 'stage table and chart' }, r, row),
        ...screenRows('funnel for a year, marketing (every team)', r.funnel.marketing, { figures: 'stage table and chart' }, r, row),
      ],
    ),
    '',
    `Review queue: ${r.reviewQueue.manager}'s; ${r.reviewQueue.decidedFirst} pending reviews (the seeded history's, or an earlier run's) approved through the API first, then ${r.reviewQueue.submitted} records submitted by their owners (${r.reviewQueue.shown} in the queue).`,
    `Funnel: ${r.funnel.period.from} to ${r.funnel.period.to} (custom period), ${r.funnel.stagesEntered} stage entries across every team.`,
  ].join('\n');
}

type Row = (what: string, t: Timing, floor: Timing, target: string) => Array<string | number>;

/** A screen's rows: each mark cold and warm against the static floor, its requests alone against the bare round trip. */
function screenRows(screen: string, t: ScreenTimes, marks: Record<string, string>, r: WebResults, row: Row): Array<Array<string | number>> {
  return [
    ...Object.entries(marks).flatMap(([mark, what]) => [
      row(`${screen}: navigation to ${what}, cold (new context)`, t.cold[mark]!, r.staticPage, '≤ 1 000 ms'),
      row(`${screen}: navigation to ${what}, warm (cached assets)`, t.warm[mark]!, r.staticPage, '≤ 1 000 ms'),
    ]),
    ...Object.entries(t.queries).map(([op, q]) => row(`${screen}: its request ${op} alone, from the page`, q, r.bareGraphql, '')),
  ];
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
