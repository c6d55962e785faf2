import { Client } from 'pg';
import { waitFor } from '@salestrail/testkit';
import { devToken, TestSystem } from './system';

/**
 * Kill -9 the outbox relay and the analytics service while customers are being created: after they
 * restart, analytics holds every customer exactly once.
 */
describe('crash safety of the event pipeline', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start('crash', { RECORDS_RELAY: 'off' });
    await system.startProcess('records-relay');
  }, 90_000);
  afterAll(async () => {
    await system?.stop();
  });

  it('loses and duplicates nothing when the relay and analytics are killed and restarted', async () => {
    const rep = await devToken('SALES_REP', 'rep-crash', 'team-crash');
    const total = 60;
    const create = (i: number) =>
      system.graphql(rep, `mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }`, {
        i: {
          name: `崩溃测试客户${i}`,
          kind: 'ENTERPRISE',
          industryCode: 'C34',
          sourceChannel: 'REFERRAL',
          firstContactDate: '2024-03-15',
          contacts: [{ name: '赵主管', role: 'EXECUTOR' }],
        },
      });
    for (let i = 0; i < total; i++) {
      const res = await create(i);
      expect(res.errors).toBeUndefined();
      if (i === 15) await system.kill('records-relay');
      if (i === 25) await system.startProcess('records-relay');
      if (i === 35) await system.kill('analytics');
      if (i === 40) await system.kill('records-relay');
      if (i === 45) {
        await system.startProcess('analytics');
        await system.startProcess('records-relay');
      }
    }

    const analytics = new Client({ connectionString: system.env.ANALYTICS_DATABASE_URL });
    await analytics.connect();
    try {
      await waitFor(
        async () => {
          const { rows } = await analytics.query<{ n: string }>('SELECT count(*) AS n FROM customer_state');
          return Number(rows[0]!.n) === total ? true : undefined;
        },
        // Jobs the killed analytics held are handed out again once their BullMQ lock has expired and the
        // stalled-job check has run (30 s each by default), or fetched by gap repair (every 30 s).
        { timeoutMs: 75_000, what: `${total} customers in analytics` },
      );
      const processed = await analytics.query<{ n: string; distinct_seq: string }>(
        `SELECT count(*) AS n, count(DISTINCT seq) AS distinct_seq FROM processed_event WHERE producer = 'records'`,
      );
      expect(Number(processed.rows[0]!.n)).toBe(total);
      expect(Number(processed.rows[0]!.distinct_seq)).toBe(total);
    } finally {
      await analytics.end();
    }
    const res = await system.graphql<{ pipeline: Array<{ stage: string; count: number }> }>(
      rep,
      '{ pipeline { stage count } }',
    );
    expect(res.data!.pipeline.find((s) => s.stage === 'LEAD_NURTURING')!.count).toBe(total);
  }, 120_000);
});
