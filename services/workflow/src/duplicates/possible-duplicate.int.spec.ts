import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Seed, actorOf, addPeople, testWorkflow, uniqueTeam, workflowTestDataSource, type TestWorkflow } from '../test/harness';

describe('possible duplicates across teams (real Postgres, Redis)', () => {
  let ds: DataSource;
  let wf: TestWorkflow;
  const admin = actorOf('ADMIN', 'admin-1', null);
  beforeAll(async () => {
    ds = await workflowTestDataSource();
    wf = await testWorkflow(ds, 'duplicates');
  });
  afterAll(async () => {
    await wf.close();
    await ds.destroy();
  });

  const told = (customerIds: string[]) =>
    ds.query(
      `SELECT recipient_id AS "recipientId", team_id AS "teamId", customer_id AS "customerId", kind, body FROM notification
       WHERE customer_id = ANY($1) ORDER BY recipient_id`,
      [customerIds],
    ) as Promise<Array<{ recipientId: string; teamId: string; customerId: string; kind: string; body: string }>>;

  it('tells the managers each team has, each about their own customer, and names people and teams', async () => {
    const [ours, theirs, third] = [uniqueTeam(), uniqueTeam(), uniqueTeam()];
    await wf.module.services.teams.upsert(admin, { id: ours, name: '华东组', managerId: `m-${ours}` });
    await wf.module.services.teams.upsert(admin, { id: theirs, name: '华南组', managerId: `m-${theirs}` });
    await addPeople(ds, [
      { id: `rep-${ours}`, name: '李明', role: 'SALES_REP', teamId: ours },
      { id: `m-${ours}`, name: '陈经理', role: 'SALES_MANAGER', teamId: ours },
      { id: `m2-${ours}`, name: '周经理', role: 'SALES_MANAGER', teamId: ours },
      { id: `m-gone-${ours}`, name: '离职经理', role: 'SALES_MANAGER', teamId: ours, active: false },
      // Their team's manager has left: the other manager the directory knows there is told.
      { id: `m-${theirs}`, name: '吴经理', role: 'SALES_MANAGER', teamId: theirs, active: false },
      { id: `m3-${theirs}`, name: '郑经理', role: 'SALES_MANAGER', teamId: theirs },
    ]);
    const seed = new Seed(ds, wf.module.eventHandler);
    const [theirId, thirdId] = [randomUUID(), randomUUID()];
    const newId = await seed.customer({
      teamId: ours,
      ownerId: `rep-${ours}`,
      name: '星辰动力有限公司',
      possibleDuplicates: [
        { customerId: theirId, teamId: theirs },
        { customerId: thirdId, teamId: third },
      ],
    });
    const notes = await told([newId, theirId, thirdId]);
    expect(notes.map((n) => [n.recipientId, n.teamId, n.customerId, n.kind])).toEqual(
      [
        [`m-${ours}`, ours, newId, 'POSSIBLE_DUPLICATE_CUSTOMER'],
        [`m2-${ours}`, ours, newId, 'POSSIBLE_DUPLICATE_CUSTOMER'],
        [`m3-${theirs}`, theirs, theirId, 'POSSIBLE_DUPLICATE_CUSTOMER'],
        // A team unknown to workflow, without managers: the ADMIN reviewer settles it.
        ['admin-1', third, thirdId, 'POSSIBLE_DUPLICATE_CUSTOMER'],
      ].sort((x, y) => x[0]!.localeCompare(y[0]!)),
    );
    expect(notes.find((n) => n.recipientId === `m-${ours}`)!.body).toBe(`你的团队刚录入的 星辰动力有限公司（负责人 李明）与 华南组和${third} 的客户同名：请与对方经理商定由谁跟进。`);
    expect(notes.find((n) => n.recipientId === `m3-${theirs}`)!.body).toBe('华东组 刚录入了 星辰动力有限公司，与你团队的这个客户同名：请与对方经理商定由谁跟进。');
  });

  it('tells nobody about a customer without a match', async () => {
    const team = uniqueTeam();
    const id = await new Seed(ds, wf.module.eventHandler).customer({ teamId: team, ownerId: `rep-${team}` });
    expect(await told([id])).toEqual([]);
  });
});
