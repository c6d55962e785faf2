import type { DataSource } from 'typeorm';
import { tamperWith, testDatabaseUrl } from '@salestrail/testkit';
import { Seed, testWorkflow, uniqueTeam, workflowTestDataSource, type TestWorkflow } from '../test/harness';

describe("workflow's stage history is append-only in the database (real Postgres)", () => {
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
});
