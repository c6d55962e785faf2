import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Seed, actorOf, recordsEvent, testWorkflow, uniqueTeam, workflowTestDataSource, type TestWorkflow } from '../test/harness';

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

  function created(customerId: string, teamId: string, ownerId: string, possibleDuplicates?: Array<{ customerId: string; teamId: string }>) {
    return recordsEvent(
      'customer.created',
      {
        customerId,
        name: '星辰动力有限公司',
        kind: 'ENTERPRISE',
        industryCode: 'C34',
        sourceChannel: 'TRADE_SHOW',
        firstContactDate: '2024-03-15',
        ownerId,
        teamId,
        contactCount: 1,
        stage: 'LEAD_NURTURING',
        createdAt: new Date().toISOString(),
        ...(possibleDuplicates ? { possibleDuplicates } : {}),
      },
      { aggregateId: customerId, version: 1, teamId, actorId: ownerId },
    );
  }

  it('tells the managers of both teams, each about their own customer, once', async () => {
    const [ours, theirs, third] = [uniqueTeam(), uniqueTeam(), uniqueTeam()];
    await wf.module.services.teams.upsert(admin, { id: ours, name: 'ours', managerId: `m-${ours}` });
    await wf.module.services.teams.upsert(admin, { id: theirs, name: 'theirs', managerId: `m-${theirs}` });
    const seed = new Seed(ds, wf.module.eventHandler);
    const [newId, theirId, thirdId] = [randomUUID(), randomUUID(), randomUUID()];
    const event = created(newId, ours, `rep-${ours}`, [
      { customerId: theirId, teamId: theirs },
      { customerId: thirdId, teamId: third },
    ]);
    await seed.apply(event);
    await seed.apply(event);
    const notes = await told([newId, theirId, thirdId]);
    expect(notes.map((n) => [n.recipientId, n.teamId, n.customerId, n.kind])).toEqual(
      [
        [`m-${ours}`, ours, newId, 'POSSIBLE_DUPLICATE_CUSTOMER'],
        [`m-${theirs}`, theirs, theirId, 'POSSIBLE_DUPLICATE_CUSTOMER'],
        // A team unknown to workflow: the ADMIN reviewer settles it.
        ['admin-1', third, thirdId, 'POSSIBLE_DUPLICATE_CUSTOMER'],
      ].sort((x, y) => x[0]!.localeCompare(y[0]!)),
    );
    expect(notes.find((n) => n.recipientId === `m-${ours}`)!.body).toContain(`team ${theirs}, ${third}`);
    expect(notes.find((n) => n.recipientId === `m-${theirs}`)!.body).toContain(`Team ${ours} has just recorded 星辰动力有限公司`);
  });

  it('tells nobody about a customer without a match', async () => {
    const team = uniqueTeam();
    const id = randomUUID();
    await new Seed(ds, wf.module.eventHandler).apply(created(id, team, `rep-${team}`));
    expect(await told([id])).toEqual([]);
  });
});
