import { formatEventLag, runEventLagBenchmark } from './event-lag';

describe('event-lag benchmark (tiny size)', () => {
  it('measures the lag of every steady-phase event and the catch-up of a backlog', async () => {
    const result = await runEventLagBenchmark({ rate: 50, seconds: 2, backlog: 300 });
    expect(result.steadyEvents).toBe(100);
    expect(result.lagMs.p50).toBeGreaterThanOrEqual(0);
    expect(result.lagMs.p99).toBeGreaterThanOrEqual(result.lagMs.p50);
    expect(Number.isFinite(result.lagMs.max)).toBe(true);
    expect(result.catchUpPerSecond).toBeGreaterThan(0);
    expect(formatEventLag(result)).toContain('catch-up rate');
  }, 120_000);
});
