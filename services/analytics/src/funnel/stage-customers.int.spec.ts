import type { DataSource } from 'typeorm';
import { ForbiddenError } from '@salestrail/platform';
import { STAGES } from '@salestrail/contract';
import { actorOf, analyticsTestDataSource, uniqueTeam } from '../test/harness';
import { funnelScenario } from '../test/scenarios';
import { FunnelService } from './funnel.service';

const admin = actorOf('ADMIN', 'admin', null);

describe('funnelStageCustomers: the customers behind a stage of conversionFunnel (real Postgres)', () => {
  let ds: DataSource;
  let funnel: FunnelService;
  beforeAll(async () => {
    ds = await analyticsTestDataSource();
    funnel = new FunnelService(ds);
  });
  afterAll(() => ds.destroy());

  it('lists, for every stage, exactly the customers counted in entered, advanced and terminated', async () => {
    const team = uniqueTeam();
    await funnelScenario(team).apply(ds);
    for (const period of [
      { from: '2024-03-01', to: '2024-03-31' },
      { from: '2024-04-01', to: '2024-04-30' },
    ]) {
      const [group] = await funnel.exactConversionFunnel(admin, { ...period, filter: { teamId: team } });
      for (const stage of STAGES) {
        const figures = group!.stages.find((s) => s.stage === stage)!;
        const listed = await funnel.stageCustomers(admin, { ...period, stage, filter: { teamId: team } });
        expect({
          stage,
          entered: listed.length,
          advanced: listed.filter((c) => c.advanced).length,
          terminated: listed.filter((c) => c.terminated).length,
        }).toEqual({
          stage,
          entered: figures.entered,
          advanced: figures.advanced,
          terminated: figures.terminated,
        });
      }
    }
    // By hand (see the scenario): March's LEAD_NURTURING entries are A, C and D, newest first; A advanced, C
    // was terminated from it (in April), D skipped ahead.
    const nurturing = await funnel.stageCustomers(admin, {
      from: '2024-03-01',
      to: '2024-03-31',
      stage: 'LEAD_NURTURING',
      filter: { teamId: team },
    });
    expect(nurturing.map((c) => [c.customer.id, c.advanced, c.terminated])).toEqual([
      [`${team}-c`, false, true],
      [`${team}-d`, true, false],
      [`${team}-a`, true, false],
    ]);
    expect(nurturing[0]!.enteredAt.toISOString()).toBe('2024-03-31T15:59:00.000Z');
  });

  it("narrows to a group's key and to the caller's scope, and refuses AFTER_SALES", async () => {
    const team = uniqueTeam();
    await funnelScenario(team).apply(ds);
    const march = { from: '2024-03-01', to: '2024-03-31', stage: 'DEAL_SIGNING' as const };
    expect(
      (await funnel.stageCustomers(admin, { ...march, filter: { teamId: team, ownerId: 'rep-2' } })).map(
        (c) => c.customer.id,
      ),
    ).toEqual([`${team}-d`]);
    expect(
      await funnel.stageCustomers(admin, { ...march, filter: { teamId: team, ownerId: 'rep-1' } }),
    ).toEqual([]);
    expect(
      (
        await funnel.stageCustomers(actorOf('SALES_MANAGER', 'm', team), {
          ...march,
          stage: 'NEEDS_CONFIRMED',
        })
      )
        .map((c) => c.customer.id)
        .sort(),
    ).toEqual([`${team}-a`, `${team}-b`]);
    expect(
      await funnel.stageCustomers(actorOf('SALES_MANAGER', 'm', 'another-team'), {
        ...march,
        filter: { teamId: team },
      }),
    ).toEqual([]);
    // rep-1 sees only their own customers: not rep-2's signing (other tests' rep-1 customers are outside the team)
    expect(
      await funnel.stageCustomers(actorOf('SALES_REP', 'rep-1', team), {
        ...march,
        filter: { teamId: team },
      }),
    ).toEqual([]);
    await expect(funnel.stageCustomers(actorOf('AFTER_SALES', 'x', team), march)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });

  it('rejects a bad period or page size with the field and reason', async () => {
    await expect(
      funnel.stageCustomers(admin, { from: '2024-03-02', to: '2024-03-01', stage: 'NEGOTIATION' }),
    ).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { field: 'from', reason: 'INVALID_PERIOD' },
    });
    await expect(
      funnel.stageCustomers(admin, {
        from: '2024-03-01',
        to: '2024-03-31',
        stage: 'NEGOTIATION',
        first: 201,
      }),
    ).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { field: 'first', reason: 'OUT_OF_RANGE' },
    });
  });
});
