import type { DataSource } from 'typeorm';
import { applyEventOnce, ForbiddenError } from '@salestrail/platform';
import { actorOf, analyticsTestDataSource, envelope, uniqueTeam } from '../test/harness';
import { handleAnalyticsEvent } from '../events/analytics-event.handler';
import { PipelineService } from './pipeline.service';

function created(customerId: string, ownerId: string, teamId: string, industryCode = 'C34') {
  return envelope({
    type: 'customer.created',
    aggregateId: customerId,
    version: 1,
    teamId,
    actor: actorOf('SALES_REP', ownerId, teamId),
    payload: {
      customerId,
      name: customerId,
      kind: 'ENTERPRISE',
      industryCode,
      sourceChannel: 'TRADE_SHOW',
      firstContactDate: '2024-03-15',
      ownerId,
      teamId,
      stage: 'LEAD_NURTURING',
      createdAt: '2024-03-15T02:00:00.000Z',
    },
  });
}

describe('pipeline (events applied to the read model, real Postgres)', () => {
  let ds: DataSource;
  let pipeline: PipelineService;
  beforeAll(async () => {
    ds = await analyticsTestDataSource();
    pipeline = new PipelineService(ds);
  });
  afterAll(() => ds.destroy());

  it('counts customers per current stage, scoped to the caller', async () => {
    const team = uniqueTeam();
    for (const [id, owner] of [
      [`${team}-a`, 'rep-a'],
      [`${team}-b`, 'rep-a'],
      [`${team}-c`, 'rep-b'],
    ] as const) {
      await applyEventOnce(ds, created(id, owner, team), handleAnalyticsEvent);
    }
    await applyEventOnce(
      ds,
      envelope({
        type: 'customer.stage_changed',
        aggregateId: `${team}-c`,
        version: 2,
        teamId: team,
        actor: actorOf('SALES_REP', 'rep-b', team),
        payload: { customerId: `${team}-c`, from: 'LEAD_NURTURING', to: 'NEEDS_CONFIRMED', at: '2024-03-20T06:30:00.000Z', reason: null, ownerId: 'rep-b', teamId: team },
      }),
      handleAnalyticsEvent,
    );
    const manager = await pipeline.pipeline(actorOf('SALES_MANAGER', 'm', team), undefined);
    expect(manager.find((s) => s.stage === 'LEAD_NURTURING')!.count).toBe(2);
    expect(manager.find((s) => s.stage === 'NEEDS_CONFIRMED')!.count).toBe(1);
    expect(manager).toHaveLength(7);
    const repA = await pipeline.pipeline(actorOf('SALES_REP', 'rep-a', team), { teamId: team });
    expect(repA.find((s) => s.stage === 'LEAD_NURTURING')!.count).toBe(2);
    expect(repA.find((s) => s.stage === 'NEEDS_CONFIRMED')!.count).toBe(0);
    await expect(pipeline.pipeline(actorOf('AFTER_SALES', 'x', null), undefined)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('counts a customer recorded at class or group level in its division', async () => {
    const team = uniqueTeam();
    await applyEventOnce(ds, created(`${team}-ev`, 'rep-a', team, 'C3612'), handleAnalyticsEvent);
    await applyEventOnce(ds, created(`${team}-car`, 'rep-a', team, 'C361'), handleAnalyticsEvent);
    await applyEventOnce(ds, created(`${team}-pump`, 'rep-a', team, 'C34'), handleAnalyticsEvent);
    const count = async (industryCode: string) =>
      (await pipeline.pipeline(actorOf('ADMIN', 'admin', null), { teamId: team, industryCode })).find((s) => s.stage === 'LEAD_NURTURING')!.count;
    expect([await count('C36'), await count('C34'), await count('C3612')]).toEqual([2, 1, 0]);
    const [row] = await ds.query(`SELECT industry_code FROM customer_state WHERE customer_id = $1`, [`${team}-ev`]);
    expect(row.industry_code).toBe('C36');
  });
});
