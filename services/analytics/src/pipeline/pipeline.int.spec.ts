import type { DataSource } from 'typeorm';
import { applyEventOnce, ForbiddenError } from '@salestrail/platform';
import { actorOf, analyticsTestDataSource, envelope, uniqueTeam } from '../test/harness';
import { handleAnalyticsEvent } from '../events/analytics-event.handler';
import { PipelineService } from './pipeline.service';

function created(customerId: string, ownerId: string, teamId: string) {
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
      industryCode: 'C34',
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
});
