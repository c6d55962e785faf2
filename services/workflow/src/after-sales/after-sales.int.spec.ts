import type { DataSource } from 'typeorm';
import { Seed, actorOf, addPeople, recordsEvent, testWorkflow, uniqueTeam, workflowTestDataSource, type TestWorkflow } from '../test/harness';

describe('hand-over to after-sales (real Postgres, Redis)', () => {
  let ds: DataSource;
  let wf: TestWorkflow;
  beforeAll(async () => {
    ds = await workflowTestDataSource();
    wf = await testWorkflow(ds, 'after-sales');
  });
  afterAll(async () => {
    await wf.close();
    await ds.destroy();
  });

  // After-sales people of no team serve every team, those of other tests too: each test looks at its own people.
  const ownPeople = (teamId: string) => (ids: string[]) => ids.filter((id) => id.endsWith(teamId));
  const afterSalesOf = async (teamId: string) => ownPeople(teamId)(await ds.transaction((m) => wf.module.services.directory.people.afterSalesPeople(m, teamId)));
  const handOvers = async (customerId: string, teamId: string) => {
    const rows: Array<{ recipientId: string; kind: string; title: string; body: string }> = await ds.query(
      `SELECT recipient_id AS "recipientId", kind, title, body FROM notification WHERE customer_id = $1 ORDER BY created_at, recipient_id`,
      [customerId],
    );
    return rows.filter((n) => n.recipientId.endsWith(teamId));
  };

  it('reads a team’s after-sales people from the directory: active, of that team or of none', async () => {
    const teamId = uniqueTeam();
    await addPeople(ds, [
      { id: `as-a-${teamId}`, name: '售后甲', role: 'AFTER_SALES', teamId },
      { id: `as-gone-${teamId}`, name: '已离职', role: 'AFTER_SALES', teamId, active: false },
      { id: `as-other-${teamId}`, name: '别组售后', role: 'AFTER_SALES', teamId: `${teamId}-other` },
      { id: `as-all-${teamId}`, name: '全公司售后', role: 'AFTER_SALES', teamId: null },
      { id: `rep-${teamId}`, name: '销售', role: 'SALES_REP', teamId },
    ]);
    // Someone the directory learns of through their first request, and someone through a change they made.
    await wf.module.services.directory.ensureKnown(actorOf('AFTER_SALES', `as-b-${teamId}`, teamId));
    const logged = recordsEvent(
      'contact.added',
      { contactId: 'c1', customerId: `cust-${teamId}`, role: 'OTHER', contactCount: 1 },
      { aggregateId: `cust-${teamId}`, version: 1, teamId },
    );
    await new Seed(ds, wf.module.eventHandler).apply({ ...logged, actor: actorOf('AFTER_SALES', `as-c-${teamId}`, teamId) });
    expect(await afterSalesOf(teamId)).toEqual([`as-a-${teamId}`, `as-all-${teamId}`, `as-b-${teamId}`, `as-c-${teamId}`]);
    // The one of no team serves another team too; the one of the other team only theirs.
    expect(ownPeople(teamId)(await ds.transaction((m) => wf.module.services.directory.people.afterSalesPeople(m, `${teamId}-other`)))).toEqual([
      `as-all-${teamId}`,
      `as-other-${teamId}`,
    ]);
  });

  it('notifies the team’s after-sales people once when a customer reaches DEAL_SIGNING and again at AFTER_SALES, naming the owner', async () => {
    const teamId = uniqueTeam();
    const owner = `rep-${teamId}`;
    await addPeople(ds, [
      { id: owner, name: '王销售', role: 'SALES_REP', teamId },
      { id: `as-a-${teamId}`, name: '售后甲', role: 'AFTER_SALES', teamId },
      { id: `as-b-${teamId}`, name: '售后乙', role: 'AFTER_SALES', teamId: null },
      { id: `as-x-${teamId}`, name: '别组售后', role: 'AFTER_SALES', teamId: `${teamId}-x` },
      { id: `as-gone-${teamId}`, name: '已离职', role: 'AFTER_SALES', teamId, active: false },
    ]);
    const seed = new Seed(ds, wf.module.eventHandler);
    const customerId = await seed.customer({ teamId, ownerId: owner, name: '签约公司' });
    await seed.stage({ customerId, teamId, ownerId: owner, from: 'LEAD_NURTURING', to: 'NEGOTIATION', at: '2024-04-01T02:00:00.000Z' });
    expect(await handOvers(customerId, teamId)).toEqual([]);
    await seed.stage({ customerId, teamId, ownerId: owner, from: 'NEGOTIATION', to: 'DEAL_SIGNING', at: '2024-04-02T02:00:00.000Z' });
    const signing = await handOvers(customerId, teamId);
    expect(signing.map((n) => [n.recipientId, n.kind, n.title])).toEqual([
      [`as-a-${teamId}`, 'CUSTOMER_HANDED_TO_AFTER_SALES', '转交售后：签约公司'],
      [`as-b-${teamId}`, 'CUSTOMER_HANDED_TO_AFTER_SALES', '转交售后：签约公司'],
    ]);
    // The stage by its name, the moment in the team's time zone, the owner by name.
    expect(signing[0]!.body).toBe('签约公司 于 4月2日 10:00 进入「成交签约」阶段（负责人 王销售）：合同即将签订，记录已向售后开放，请做好交接。');
    await seed.stage({ customerId, teamId, ownerId: owner, from: 'DEAL_SIGNING', to: 'AFTER_SALES', at: '2024-04-03T02:00:00.000Z' });
    const after = await handOvers(customerId, teamId);
    expect(after).toHaveLength(4);
    expect(after.slice(2).map((n) => n.body)).toEqual([expect.stringContaining('售后维护'), expect.stringContaining('售后维护')]);
    // The other team's after-sales person and the one who left hear nothing; the owner's list holds no hand-over.
    const [theirs] = await ds.query(`SELECT count(*)::int AS n FROM notification WHERE recipient_id = ANY($1)`, [
      [`as-x-${teamId}`, `as-gone-${teamId}`, owner],
    ]);
    expect(theirs.n).toBe(0);
  });

  it('notifies nobody when the team has no after-sales person, and each transition only once', async () => {
    const teamId = uniqueTeam();
    const owner = `rep-${teamId}`;
    const seed = new Seed(ds, wf.module.eventHandler);
    const customerId = await seed.customer({ teamId, ownerId: owner });
    await seed.stage({ customerId, teamId, ownerId: owner, from: 'LEAD_NURTURING', to: 'DEAL_SIGNING', at: '2024-04-02T02:00:00.000Z' });
    expect(await handOvers(customerId, teamId)).toEqual([]);
    await addPeople(ds, [{ id: `as-${teamId}`, name: '售后', role: 'AFTER_SALES', teamId }]);
    const event = recordsEvent(
      'customer.stage_changed',
      { customerId, from: 'DEAL_SIGNING', to: 'AFTER_SALES', at: '2024-04-03T02:00:00.000Z', reason: null, ownerId: owner, teamId },
      { aggregateId: customerId, version: 5, teamId },
    );
    await seed.apply(event);
    await seed.apply(event);
    expect((await handOvers(customerId, teamId)).map((n) => n.recipientId)).toEqual([`as-${teamId}`]);
  });
});
