import { Client } from 'pg';
import { dataChecks, type CheckRow } from './checks';
import { runChaosCampaign } from './campaign';
import { RespClient } from './resp';

describe('fault campaign (tiny size: 300 mutations, one crash of each kind)', () => {
  it('loses and duplicates nothing through relay, analytics and workflow crashes, a Redis data loss and a gateway restart', async () => {
    let tampered: CheckRow[] = [];
    const report = await runChaosCampaign({
      mutations: 300,
      killsEach: 1,
      concurrency: 6,
      seed: 11,
      settleMs: 45_000,
      // With the system still up: damage the read model and the jobs, and the checks must say so.
      inspect: async (ctx) => {
        const analytics = new Client({ connectionString: ctx.analyticsUrl });
        await analytics.connect();
        const redis = await RespClient.connect(ctx.redisUrl);
        try {
          await analytics.query(`DELETE FROM interaction_fact WHERE interaction_id = (SELECT interaction_id FROM interaction_fact LIMIT 1)`);
          const keys = (await redis.command('KEYS', `${ctx.queuePrefix}:reminders:reminder-escalate-*`)) as string[];
          await redis.command('DEL', keys[0]!);
          tampered = await dataChecks(ctx);
        } finally {
          redis.close();
          await analytics.end();
        }
      },
    });

    expect(report.faults.map((f) => f.what).sort()).toEqual(['analytics', 'gateway', 'records-relay', 'redis', 'workflow']);
    expect(report.load.mutations).toBeGreaterThanOrEqual(300);
    expect(report.rows.filter((r) => !r.passed)).toEqual([]);
    expect(report.rows).toHaveLength(14);
    expect(report.passed).toBe(true);

    const failing = tampered.filter((r) => !r.passed).map((r) => r.check);
    expect(failing).toEqual(
      expect.arrayContaining([
        'analytics: interactions per customer',
        'workflow: every open next action has its reminder jobs',
      ]),
    );
  }, 150_000);
});
