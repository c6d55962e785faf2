import { formatReminders, runRemindersBenchmark } from './reminders';

describe('reminders benchmark (tiny size)', () => {
  it('sends one overdue reminder per action and measures its lateness and Redis memory', async () => {
    const result = await runRemindersBenchmark({ actions: 200, windowSeconds: 8, leadSeconds: 12 });
    expect(result.lateness.count).toBe(200);
    expect(result.dueSoonBurst.count).toBe(200);
    expect(result.duplicates).toBe(0);
    expect(result.lateness.p99).toBeGreaterThanOrEqual(result.lateness.p50);
    expect(result.redis.scheduledMb).toBeGreaterThan(result.redis.baselineMb);
    expect(formatReminders(result)).toContain('lateness p99');
  }, 120_000);
});
