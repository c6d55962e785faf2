import type { DataSource } from 'typeorm';
import { tamperWith, testDatabaseUrl } from '@salestrail/testkit';
import { Seed, actorOf, addPeople, testWorkflow, uniqueTeam, workflowTestDataSource, type TestWorkflow } from '../test/harness';

describe("workflow's histories are append-only in the database (real Postgres)", () => {
  let ds: DataSource;
  let wf: TestWorkflow;
  beforeAll(async () => {
    ds = await workflowTestDataSource();
    wf = await testWorkflow(ds, 'append-only');
  });
  afterAll(async () => {
    await wf.close();
    await ds.destroy();
  });

  it('refuses UPDATE, DELETE and TRUNCATE on wf_stage_change', async () => {
    const teamId = uniqueTeam();
    const seed = new Seed(ds, wf.module.eventHandler);
    const customerId = await seed.customer({ teamId, ownerId: 'rep-1' });
    await seed.stage({ customerId, teamId, ownerId: 'rep-1', from: 'LEAD_NURTURING', to: 'NEEDS_CONFIRMED', at: new Date().toISOString() });
    expect(await tamperWith(testDatabaseUrl('workflow'), 'wf_stage_change', 'to_stage', 'customer_id = $1', [customerId])).toEqual({
      rows: 2,
      update: 'wf_stage_change is append-only (UPDATE refused)',
      delete: 'wf_stage_change is append-only (DELETE refused)',
      truncate: 'wf_stage_change is append-only (TRUNCATE refused)',
      unchanged: true,
    });
  });

  it('refuses UPDATE, DELETE and TRUNCATE on hand_over_review, the reviews a hand-over moved', async () => {
    const teamId = uniqueTeam();
    const [manager, leaving, successor] = [`mgr-${teamId}`, `rep-leave-${teamId}`, `rep-next-${teamId}`];
    await addPeople(ds, [
      { id: manager, name: '陈经理', role: 'SALES_MANAGER', teamId },
      { id: leaving, name: '李明', teamId },
      { id: successor, name: '王强', teamId },
    ]);
    await wf.module.services.teams.upsert(actorOf('ADMIN', 'admin-1', null), { id: teamId, name: '华东销售组', managerId: manager });
    const customerId = await new Seed(ds, wf.module.eventHandler).customer({ teamId, ownerId: leaving, name: 'ABC公司' });
    await wf.module.services.reviews.submit(actorOf('SALES_REP', leaving, teamId), [customerId], null);
    const handOver = await wf.module.services.handOvers.request(actorOf('SALES_MANAGER', manager, teamId), leaving, successor, '李明离职交接');
    expect(await tamperWith(testDatabaseUrl('workflow'), 'hand_over_review', 'to_user_id', 'hand_over_id = $1', [handOver.id])).toEqual({
      rows: 1,
      update: 'hand_over_review is append-only (UPDATE refused)',
      delete: 'hand_over_review is append-only (DELETE refused)',
      truncate: 'hand_over_review is append-only (TRUNCATE refused)',
      unchanged: true,
    });
  });
});
