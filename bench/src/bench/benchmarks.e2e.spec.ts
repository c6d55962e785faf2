import { Client } from 'pg';
import { testDatabaseUrl } from '@salestrail/testkit';
import { REFRESH_CUSTOMER_SEARCH } from '@salestrail/records/dist/migrations/1734100000000-record-rules';
import { seed } from '../seed/seed';
import { ALL_BENCHMARKS, formatResults, runBenchmarks } from './main';

const positive = (n: number) => Number.isFinite(n) && n > 0;

async function checksum(url: string): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT md5(string_agg(id::text || name || stage || version, ',' ORDER BY id)) AS customers,
              (SELECT md5(string_agg(seq || type || payload::text, ',' ORDER BY seq)) FROM outbox_event) AS events
       FROM customer`,
    );
    return JSON.stringify(rows[0]);
  } finally {
    await client.end();
  }
}

describe('benchmarks (tiny size)', () => {
  it('the seed is deterministic: the same seed gives the same customers and event history', async () => {
    const targets = (n: string) => ({ records: testDatabaseUrl(`seed${n}_records`), workflow: testDatabaseUrl(`seed${n}_workflow`), analytics: testDatabaseUrl(`seed${n}_analytics`) });
    const a = await seed({ customers: 60, seed: 7, targets: targets('a'), fresh: true });
    const b = await seed({ customers: 60, seed: 7, targets: targets('b'), fresh: true });
    await seed({ customers: 60, seed: 8, targets: targets('c'), fresh: true });
    expect(a.rows).toEqual(b.rows);
    expect(await checksum(targets('a').records)).toBe(await checksum(targets('b').records));
    expect(await checksum(targets('a').records)).not.toBe(await checksum(targets('c').records));
    expect(a.recordsLastSeq).toBeGreaterThan(60 * 10);
    // The search columns the load writes itself are what records' triggers keep.
    const client = new Client({ connectionString: targets('a').records });
    await client.connect();
    try {
      const written = await client.query(`SELECT id, search_names, search_phones FROM customer ORDER BY id`);
      await client.query(`UPDATE customer SET search_names = '', search_phones = ''`);
      await client.query(REFRESH_CUSTOMER_SEARCH);
      const refreshed = await client.query(`SELECT id, search_names, search_phones FROM customer ORDER BY id`);
      expect(written.rows.filter((r) => r.search_phones.length > 10)).toHaveLength(60);
      expect(written.rows).toEqual(refreshed.rows);
    } finally {
      await client.end();
    }
  });

  it('seeds a small system and every benchmark produces its figures and floors', async () => {
    const results = await runBenchmarks({ tiny: true, customers: 200, seed: 42, only: ALL_BENCHMARKS, server: '', seconds: 1 });
    console.log(formatResults(results));
    expect(results.seed!.customers).toBe(200);
    expect(positive(results.seed!.rowsPerSecond)).toBe(true);

    expect(results.read!.map((r) => r.clients)).toEqual([1, 16]);
    for (const r of results.read!) {
      for (const m of [r.floor, r.gateway, r.recordsDirect]) {
        expect(m.count).toBe(16);
        expect([m.p50, m.p95, m.p99, m.perSecond].every(positive)).toBe(true);
      }
      expect(r.gateway.non2xx + r.gateway.errors + r.recordsDirect.non2xx + r.recordsDirect.errors).toBe(0);
    }

    const write = results.write!;
    expect(write.gateway.non2xx + write.gateway.errors).toBe(0);
    // Every mutation the load generator counted really wrote its interaction.
    expect(write.gatewayRowsWritten).toBe(write.gateway.count);
    expect([write.floor.perSecond, write.gateway.perSecond, write.gateway.p95].every(positive)).toBe(true);

    const perPeriod = ['conversionFunnel/OWNER', 'conversionFunnel/INDUSTRY', 'followUpEfficiency/OWNER', 'followUpEfficiency/INDUSTRY'];
    expect(results.reports!.map((r) => `${r.report}/${r.groupBy}`)).toEqual([...perPeriod, ...perPeriod]);
    expect(new Set(results.reports!.map((r) => r.period)).size).toBe(2);
    for (const r of results.reports!) {
      expect(r.groups).toBeGreaterThan(1);
      expect([r.gatewayP95, r.floorP95].every(positive)).toBe(true);
    }

    const gateways = results.gateways!;
    for (const m of [gateways.hive, gateways.apollo]) {
      expect(m.count).toBe(16);
      expect(m.non2xx + m.errors).toBe(0);
      expect(positive(m.p95)).toBe(true);
    }

    const footprint = results.footprint!;
    expect(positive(footprint.startSeconds)).toBe(true);
    expect(Object.keys(footprint.idle).sort()).toEqual(['analytics', 'gateway', 'records', 'workflow']);
    expect(Object.values(footprint.idle).every(positive)).toBe(true);
    expect(Object.values(footprint.underRead!).every(positive)).toBe(true);
  });
});
