import { parseArgs } from 'node:util';
import type { Actor } from '@salestrail/contract';
import { createRecordsDataSource } from '@salestrail/records/dist/data-source';
import { CustomerService } from '@salestrail/records/dist/customers/customer.service';
import { DuplicateService } from '@salestrail/records/dist/duplicates/duplicates.service';
import { namedTargets } from '../seed/seed';

/**
 * `node bench/dist/bench/search-main.js --prefix st_seed_100000_42 [--server URL] [--runs 21]`
 * Times records' customer search (`customers(filter: { search })`: a page of 50 and totalCount, as
 * CustomerService.list answers it) and `similarCustomers` on a seeded records database, for a sales rep,
 * a manager (one team of ten) and an ADMIN (every customer), straight on the service (no HTTP): the
 * database work is what the search changes. Prints p50 / p95 per caller and search text.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      prefix: { type: 'string', default: 'st_seed_100000_42' },
      server: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
      runs: { type: 'string', default: '21' },
    },
  });
  const runs = Number(values.runs);
  const ds = createRecordsDataSource(namedTargets(values.server, values.prefix).records, 2);
  await ds.initialize();
  try {
    const [{ owner_id: rep, team_id: team }] = (await ds.query(
      `SELECT owner_id, team_id FROM customer GROUP BY owner_id, team_id ORDER BY count(*) DESC, owner_id LIMIT 1`,
    )) as [{ owner_id: string; team_id: string }];
    const actors: Record<string, Actor> = {
      rep: { userId: rep, role: 'SALES_REP', teamId: team },
      manager: { userId: 'bench-manager', role: 'SALES_MANAGER', teamId: team },
      admin: { userId: 'bench-admin', role: 'ADMIN', teamId: null },
    };
    const [sample] = (await ds.query(
      `SELECT ct.name AS contact, ct.phone, c.name FROM contact ct JOIN customer c ON c.id = ct.customer_id
       WHERE c.owner_id = $1 AND ct.phone IS NOT NULL AND c.kind = 'ENTERPRISE' ORDER BY ct.id LIMIT 1`,
      [rep],
    )) as [{ contact: string; phone: string; name: string }];
    const digits = sample.phone.replace(/\D/g, '');
    const customers = new CustomerService(ds);
    const duplicates = new DuplicateService(ds);
    const time = async <T>(fn: () => Promise<T>): Promise<[number, number, T]> => {
      for (let i = 0; i < 3; i += 1) await fn();
      const ms: number[] = [];
      let last!: T;
      for (let i = 0; i < runs; i += 1) {
        const started = process.hrtime.bigint();
        last = await fn();
        ms.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
      ms.sort((a, b) => a - b);
      return [ms[Math.floor(runs / 2)]!, ms[Math.ceil(runs * 0.95) - 1]!, last];
    };
    const searches = [sample.name.slice(2, 4), sample.name.slice(2, 6), '有限公司', 'Analytics', sample.contact, sample.contact.slice(-2), 'on', digits, `${digits.slice(3, 7)} ${digits.slice(7)}`, 'zzzz不存在'];
    console.log('| caller | search | matches | p50 ms | p95 ms |\n| --- | --- | --- | --- | --- |');
    for (const [who, actor] of Object.entries(actors)) {
      for (const search of searches) {
        const [p50, p95, page] = await time(() => customers.list(actor, { search }, 50, undefined, true));
        console.log(`| ${who} | ${search} | ${page.totalCount} | ${p50.toFixed(1)} | ${p95.toFixed(1)} |`);
      }
    }
    console.log('\n| caller | typed | offered | inOtherTeams | p50 ms | p95 ms |\n| --- | --- | --- | --- | --- | --- |');
    for (const [who, actor] of Object.entries(actors)) {
      for (const typed of [sample.name.slice(0, 4), sample.name, '完全不同的名字甲乙丙丁', 'Sterling']) {
        const [p50, p95, found] = await time(() => duplicates.similar(actor, typed));
        console.log(`| ${who} | ${typed} | ${found.customers.length} | ${found.inOtherTeams} | ${p50.toFixed(1)} | ${p95.toFixed(1)} |`);
      }
    }
  } finally {
    await ds.destroy();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
