import type { DataSource } from 'typeorm';
import { Seed, actorOf, recordsEvent, testWorkflow, uniqueTeam, workflowTestDataSource, type TestWorkflow } from '../test/harness';
import { afterSalesPeople } from './after-sales-people';

describe('hand-over to after-sales (real Postgres, Redis)', () => {
  let ds: DataSource;
  let wf: TestWorkflow;
  beforeAll(async () => {
    ds = await workflowTestDataSource();
    wf = await testWorkflow(ds, 'hand-over');
  });
  afterAll(async () => {
    await wf.close();
    await ds.destroy();
  });

  const handOvers = (customerId: string) =>
    ds.query(`SELECT recipient_id AS "recipientId", kind, title, body FROM notification WHERE customer_id = $1 ORDER BY created_at, recipient_id`, [
      customerId,
    ]) as Promise<Array<{ recipientId: string; kind: string; title: string; body: string }>>;

  it('knows a team’s after-sales people from the callers and event actors it has seen, and only those', async () => {
    const teamId = uniqueTeam();
    const seen = wf.module.seenActors;
    await seen.recordCaller(actorOf('AFTER_SALES', `as-1-${teamId}`, teamId));
    await seen.recordCaller(actorOf('AFTER_SALES', `as-1-${teamId}`, teamId));
    await seen.recordCaller(actorOf('AFTER_SALES', `as-other-${teamId}`, `${teamId}-other`));
    await seen.recordCaller(actorOf('AFTER_SALES', `as-none-${teamId}`, null));
    await seen.recordCaller(actorOf('SALES_REP', `rep-${teamId}`, teamId));
    const seed = new Seed(ds, wf.module.eventHandler);
    // Someone seen only through a change they made (an after-sales person logging an interaction).
    const logged = recordsEvent(
      'contact.added',
      { contactId: 'c1', customerId: `cust-${teamId}`, role: 'OTHER', contactCount: 1 },
      { aggregateId: `cust-${teamId}`, version: 1, teamId },
    );
    await seed.apply({ ...logged, actor: actorOf('AFTER_SALES', `as-2-${teamId}`, teamId) });
    expect(await ds.transaction((m) => afterSalesPeople(m, teamId))).toEqual([`as-1-${teamId}`, `as-2-${teamId}`]);
  });

  it('notifies the team’s after-sales people once when a customer reaches DEAL_SIGNING and again at AFTER_SALES', async () => {
    const teamId = uniqueTeam();
    const owner = `rep-${teamId}`;
    await wf.module.seenActors.recordCaller(actorOf('AFTER_SALES', `as-a-${teamId}`, teamId));
    await wf.module.seenActors.recordCaller(actorOf('AFTER_SALES', `as-b-${teamId}`, teamId));
    await wf.module.seenActors.recordCaller(actorOf('AFTER_SALES', `as-x-${teamId}`, `${teamId}-x`));
    const seed = new Seed(ds, wf.module.eventHandler);
    const customerId = await seed.customer({ teamId, ownerId: owner, name: '签约公司' });
    await seed.stage({ customerId, teamId, ownerId: owner, from: 'LEAD_NURTURING', to: 'NEGOTIATION', at: '2024-04-01T02:00:00.000Z' });
    expect(await handOvers(customerId)).toEqual([]);
    await seed.stage({ customerId, teamId, ownerId: owner, from: 'NEGOTIATION', to: 'DEAL_SIGNING', at: '2024-04-02T02:00:00.000Z' });
    const signing = await handOvers(customerId);
    expect(signing.map((n) => [n.recipientId, n.kind, n.title])).toEqual([
      [`as-a-${teamId}`, 'CUSTOMER_HANDED_TO_AFTER_SALES', 'Hand-over to after-sales: 签约公司'],
      [`as-b-${teamId}`, 'CUSTOMER_HANDED_TO_AFTER_SALES', 'Hand-over to after-sales: 签约公司'],
    ]);
    expect(signing[0]!.body).toContain('成交签约');
    await seed.stage({ customerId, teamId, ownerId: owner, from: 'DEAL_SIGNING', to: 'AFTER_SALES', at: '2024-04-03T02:00:00.000Z' });
    const after = await handOvers(customerId);
    expect(after).toHaveLength(4);
    expect(after.slice(2).map((n) => n.body)).toEqual([expect.stringContaining('售后维护'), expect.stringContaining('售后维护')]);
    // The other team's after-sales person hears nothing; the owner's list holds no hand-over.
    const [theirs] = await ds.query(`SELECT count(*)::int AS n FROM notification WHERE recipient_id = $1`, [`as-x-${teamId}`]);
    expect(theirs.n).toBe(0);
  });

  it('notifies nobody when the team has no after-sales person known, and each transition only once', async () => {
    const teamId = uniqueTeam();
    const owner = `rep-${teamId}`;
    const seed = new Seed(ds, wf.module.eventHandler);
    const customerId = await seed.customer({ teamId, ownerId: owner });
    await seed.stage({ customerId, teamId, ownerId: owner, from: 'LEAD_NURTURING', to: 'DEAL_SIGNING', at: '2024-04-02T02:00:00.000Z' });
    expect(await handOvers(customerId)).toEqual([]);
    await wf.module.seenActors.recordCaller(actorOf('AFTER_SALES', `as-${teamId}`, teamId));
    const event = recordsEvent(
      'customer.stage_changed',
      { customerId, from: 'DEAL_SIGNING', to: 'AFTER_SALES', at: '2024-04-03T02:00:00.000Z', reason: null, ownerId: owner, teamId },
      { aggregateId: customerId, version: 5, teamId },
    );
    await seed.apply(event);
    await seed.apply(event);
    expect((await handOvers(customerId)).map((n) => n.recipientId)).toEqual([`as-${teamId}`]);
  });
});
