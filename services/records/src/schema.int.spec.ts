import { graphql, type GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import type { Actor } from '@salestrail/contract';
import { buildRecordsSchema } from './schema';
import { recordsContext, recordsTestDataSource } from './test/harness';
import { seedKit } from './test/seed';

interface ListedCustomer {
  name: string;
  interactions: { totalCount: number; pageInfo: { hasNextPage: boolean }; edges: Array<{ node: { summary: string } }> };
  needs: Array<{ description: string; history: Array<{ change: string; description: string }> }>;
  painPoints: Array<{ needIds: string[] }>;
  nextActions: unknown[];
  contacts: unknown[];
}
type Data = Record<string, unknown> | null | undefined;
const customersOf = (data: Data) =>
  (data as { customers: { edges: Array<{ node: ListedCustomer }> } }).customers.edges.map((e) => e.node);
const customerOf = (data: Data) => (data as { customer: { remarks: string | null } }).customer;

const LIST = /* GraphQL */ `
  query($teamId: ID!) {
    customers(filter: { teamId: $teamId }, first: 10) {
      totalCount
      edges {
        node {
          name
          interactions(first: 1) { totalCount pageInfo { hasNextPage } edges { node { summary nextAction { content } } } }
          needs { description history { change description } }
          painPoints { description needIds history { change } }
          nextActions(status: OPEN) { content overdue }
          contacts { name }
          stageHistory { to }
          transfers { reason }
        }
      }
    }
  }
`;

describe('the records schema over real Postgres', () => {
  let ds: DataSource;
  let kit: ReturnType<typeof seedKit>;
  let schema: GraphQLSchema;
  beforeAll(async () => {
    ds = await recordsTestDataSource();
    kit = seedKit(ds);
    schema = await buildRecordsSchema();
  });
  afterAll(() => ds.destroy());

  const context = (actor: Actor) => recordsContext(kit.services, actor);

  it('resolves nested lists of many customers with one batched load per kind', async () => {
    const team = await kit.team();
    for (const name of ['甲公司', '乙公司', '丙公司']) {
      const c = await team.customer(name);
      await team.interaction(c);
      await team.interaction(c, team.rep, { needs: [], painPoints: [], summary: `${name}第二次沟通`, occurredAt: new Date('2024-03-22T10:00:00+08:00') });
    }
    const spies = [
      jest.spyOn(kit.services.interactions, 'pageOf'),
      jest.spyOn(kit.services.needs, 'activeNeedsOf'),
      jest.spyOn(kit.services.needs, 'needHistoryOf'),
      jest.spyOn(kit.services.needs, 'activePainPointsOf'),
      jest.spyOn(kit.services.nextActions, 'ofCustomers'),
      jest.spyOn(kit.services.nextActions, 'byIds'),
      jest.spyOn(kit.services.customers, 'contactsOf'),
      jest.spyOn(kit.services.transfers, 'historyOf'),
    ];
    const res = await graphql({ schema, source: LIST, variableValues: { teamId: team.teamId }, contextValue: context(team.manager) });
    expect(res.errors).toBeUndefined();
    const nodes = customersOf(res.data);
    expect(nodes.map((n) => n.name)).toEqual(['丙公司', '乙公司', '甲公司']);
    for (const n of nodes) {
      expect(n.interactions).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: true } });
      expect(n.interactions.edges[0]!.node.summary).toBe(`${n.name}第二次沟通`);
      expect(n.needs.map((x) => x.description)).toEqual(['预算50万以内', '要求3年质保']);
      expect(n.needs[0]!.history).toEqual([{ change: 'RECORDED', description: '预算50万以内' }]);
      expect(n.painPoints[0]!.needIds).toHaveLength(1);
      expect(n.nextActions).toHaveLength(2);
      expect(n.contacts).toHaveLength(2);
    }
    for (const spy of spies) {
      expect(spy).toHaveBeenCalledTimes(1);
      spy.mockRestore();
    }
  });

  it('maps marketing reads of confidential fields to FORBIDDEN errors on those fields only', async () => {
    const team = await kit.team();
    const c = await team.customer('丁公司', team.rep, { remarks: '风险提示' });
    const res = await graphql({
      schema,
      source: `query($id: ID!) { customer(id: $id) { name remarks contacts { name phone email } } }`,
      variableValues: { id: c.id },
      contextValue: context(team.marketing),
    });
    expect(customerOf(res.data)).toEqual({
      name: '丁公司',
      remarks: null,
      contacts: [
        { name: '王总', phone: null, email: null },
        { name: '赵主管', phone: null, email: null },
      ],
    });
    expect(res.errors?.map((e) => e.path?.join('.')).sort()).toEqual(
      ['customer.contacts.0.email', 'customer.contacts.0.phone', 'customer.contacts.1.email', 'customer.contacts.1.phone', 'customer.remarks'].sort(),
    );
    const rep = await graphql({
      schema,
      source: `query($id: ID!) { customer(id: $id) { remarks stageLabel en: stageLabel(locale: "en") contacts { phone } } }`,
      variableValues: { id: c.id },
      contextValue: context(team.rep),
    });
    expect(rep.errors).toBeUndefined();
    expect(customerOf(rep.data)).toMatchObject({ remarks: '风险提示', stageLabel: '线索培育', en: 'Lead nurturing' });
  });

  it('keeps the archived snapshot (contact details, remarks) from marketing', async () => {
    const team = await kit.team();
    const c = await team.customer('戊公司', team.rep, { remarks: '风险提示' });
    await ds.query(
      `INSERT INTO customer_review (review_id, customer_id, status, customer_version, reviewer_id, decided_at) VALUES ($1, $2, 'APPROVED', 1, 'mgr', now())`,
      [`review-${team.teamId}`, c.id],
    );
    await kit.services.archive.archive(team.assistant, c.id);
    const query = `query($id: ID!) { archivedSnapshot(customerId: $id) { archiveCode snapshot } }`;
    const marketing = await graphql({ schema, source: query, variableValues: { id: c.id }, contextValue: context(team.marketing) });
    expect(marketing.data?.archivedSnapshot).toBeNull();
    expect(marketing.errors?.[0]?.originalError).toMatchObject({ code: 'FORBIDDEN' });
    const manager = await graphql({ schema, source: query, variableValues: { id: c.id }, contextValue: context(team.manager) });
    expect(manager.errors).toBeUndefined();
    expect(JSON.parse((manager.data?.archivedSnapshot as { snapshot: string }).snapshot).basics.remarks).toBe('风险提示');
  });

  it('refuses text with a NUL character as BAD_USER_INPUT naming the argument', async () => {
    const team = await kit.team();
    const res = await graphql({
      schema,
      source: `query($s: String) { customers(filter: { search: $s }) { totalCount } }`,
      variableValues: { s: 'a\u0000b' },
      contextValue: context(team.manager),
    });
    expect(res.errors?.[0]?.originalError).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'filter.search', reason: 'INVALID_CHARACTER' } });
    const created = await graphql({
      schema,
      source: `mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }`,
      variableValues: {
        i: { name: 'NUL公司', kind: 'ENTERPRISE', industryCode: 'C34', sourceChannel: 'TRADE_SHOW', firstContactDate: '2024-03-15', contacts: [{ name: '王\u0000总', role: 'OTHER' }] },
      },
      contextValue: context(team.rep),
    });
    expect(created.errors?.[0]?.originalError).toMatchObject({ details: { field: 'contacts.0.name', reason: 'INVALID_CHARACTER' } });
    const [{ count }] = await ds.query(`SELECT count(*)::int AS count FROM customer WHERE team_id = $1`, [team.teamId]);
    expect(count).toBe(0);
  });

  it('names people by reference for the gateway (owner, next-action owner, author) and keeps who held the customer when', async () => {
    const team = await kit.team();
    const c = await team.customer();
    await team.interaction(c);
    await kit.services.transfers.transfer(team.manager, [c.id], team.otherRep.userId, null, '原负责人调岗');
    const res = await graphql({
      schema,
      source: `query($id: ID!) { customer(id: $id) {
        owner { __typename id }
        nextActions { owner { id } }
        interactions(first: 1) { edges { node { author { id } } } }
        ownerHistory { ownerId teamId until reason handOverId owner { id } }
        transfers { handOverId }
      } }`,
      variableValues: { id: c.id },
      contextValue: context(team.manager),
    });
    expect(res.errors).toBeUndefined();
    const customer = res.data?.customer as Record<string, unknown> & { ownerHistory: Array<Record<string, unknown>> };
    expect(customer.owner).toEqual({ __typename: 'User', id: team.otherRep.userId });
    expect(customer.nextActions).toEqual([{ owner: { id: team.otherRep.userId } }]);
    expect(customer.interactions).toEqual({ edges: [{ node: { author: { id: team.rep.userId } } }] });
    expect(customer.ownerHistory).toEqual([
      { ownerId: team.rep.userId, teamId: team.teamId, until: expect.any(String), reason: null, handOverId: null, owner: { id: team.rep.userId } },
      { ownerId: team.otherRep.userId, teamId: team.teamId, until: null, reason: '原负责人调岗', handOverId: null, owner: { id: team.otherRep.userId } },
    ]);
    expect(customer.transfers).toEqual([{ handOverId: null }]);
  });
});
