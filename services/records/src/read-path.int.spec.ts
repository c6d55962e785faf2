import { graphql, type GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import type { Actor } from '@salestrail/contract';
import { buildRecordsSchema } from './schema';
import { recordsContext, recordsTestDataSource } from './test/harness';
import { seedKit } from './test/seed';

/** The dashboard read path: what is filtered in SQL, what is counted only when asked for, lazy cursors. */
describe('reading pages of customers', () => {
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
  const run = (actor: Actor, source: string, variableValues: Record<string, unknown>) =>
    graphql({ schema, source, variableValues, contextValue: context(actor) });

  /** Two customers: the first with one action of each status, the second with two open ones. */
  async function seedActions() {
    const team = await kit.team('read');
    const a = await team.customer('甲公司');
    const b = await team.customer('乙公司');
    const logged: Record<string, string[]> = { [a.id]: [], [b.id]: [] };
    for (const [customer, day] of [[a, 16], [a, 17], [a, 18], [b, 16], [b, 17]] as const) {
      const { nextAction } = await team.interaction(customer, team.rep, {
        occurredAt: new Date(`2024-03-${day}T10:00:00+08:00`),
        needs: [],
        painPoints: [],
        nextAction: { content: `发送${day}日会议纪要至客户邮箱`, dueAt: new Date(`2024-04-${day}T10:00:00+08:00`) },
      });
      logged[customer.id]!.push(nextAction.id);
    }
    await kit.services.nextActions.complete(team.rep, logged[a.id]![0]!, '已发送');
    await kit.services.nextActions.cancel(team.rep, logged[a.id]![1]!, '客户取消会议');
    return { team, a, b, logged };
  }

  const ACTIONS = /* GraphQL */ `
    query($teamId: ID!, $status: NextActionStatus) {
      customers(filter: { teamId: $teamId }) { edges { node { name nextActions(status: $status) { id status overdue } } } }
    }
  `;
  type ActionsData = { customers: { edges: Array<{ node: { name: string; nextActions: Array<{ id: string; status: string; overdue: boolean }> } }> } };
  const actionsByName = (data: unknown) =>
    Object.fromEntries((data as ActionsData).customers.edges.map((e) => [e.node.name, e.node.nextActions]));

  it('returns exactly the next actions in the asked status, oldest first, loaded in one query for the page', async () => {
    const { team, logged, a, b } = await seedActions();
    const spy = jest.spyOn(kit.services.nextActions, 'ofCustomers');
    const open = await run(team.manager, ACTIONS, { teamId: team.teamId, status: 'OPEN' });
    expect(open.errors).toBeUndefined();
    expect(spy).toHaveBeenCalledTimes(1);
    expect(spy.mock.calls[0]![1]).toBe('OPEN');
    spy.mockRestore();
    expect(actionsByName(open.data)).toEqual({
      甲公司: [{ id: logged[a.id]![2], status: 'OPEN', overdue: true }],
      乙公司: [
        { id: logged[b.id]![0], status: 'OPEN', overdue: true },
        { id: logged[b.id]![1], status: 'OPEN', overdue: true },
      ],
    });
    const done = await run(team.manager, ACTIONS, { teamId: team.teamId, status: 'DONE' });
    expect(actionsByName(done.data)).toEqual({ 甲公司: [{ id: logged[a.id]![0], status: 'DONE', overdue: false }], 乙公司: [] });
    const cancelled = await run(team.manager, ACTIONS, { teamId: team.teamId, status: 'CANCELLED' });
    expect(actionsByName(cancelled.data)).toEqual({ 甲公司: [{ id: logged[a.id]![1], status: 'CANCELLED', overdue: false }], 乙公司: [] });
    const all = await run(team.manager, ACTIONS, { teamId: team.teamId, status: null });
    expect(actionsByName(all.data)['甲公司']!.map((x) => x.status)).toEqual(['DONE', 'CANCELLED', 'OPEN']);
    expect(actionsByName(all.data)['乙公司']!.map((x) => x.id)).toEqual(logged[b.id]);
  });

  it('serves the same customer in two statuses (aliases) from separate filtered loads', async () => {
    const { team, a } = await seedActions();
    const res = await run(
      team.manager,
      `query($id: ID!) { customer(id: $id) { open: nextActions(status: OPEN) { status } done: nextActions(status: DONE) { status } all: nextActions { status } } }`,
      { id: a.id },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.customer).toEqual({ open: [{ status: 'OPEN' }], done: [{ status: 'DONE' }], all: [{ status: 'DONE' }, { status: 'CANCELLED' }, { status: 'OPEN' }] });
  });

  it('counts interactions and customers only when totalCount is selected, and then exactly', async () => {
    const { team } = await seedActions();
    const pageOf = jest.spyOn(kit.services.interactions, 'pageOf');
    const list = jest.spyOn(kit.services.customers, 'list');
    const without = await run(
      team.manager,
      `query($teamId: ID!) { customers(filter: { teamId: $teamId }) { edges { node { name interactions(first: 1) { edges { node { occurredAt } } } } } } }`,
      { teamId: team.teamId },
    );
    expect(without.errors).toBeUndefined();
    expect(pageOf.mock.calls.map((c) => c[3])).toEqual([false]);
    expect(list.mock.calls.map((c) => c[4])).toEqual([false]);
    pageOf.mockClear();
    list.mockClear();

    const withCounts = await run(
      team.manager,
      `query($teamId: ID!) {
        customers(filter: { teamId: $teamId }) { ...Total edges { node { name interactions(first: 1) { ... on InteractionConnection { totalCount } pageInfo { hasNextPage } } } } }
      }
      fragment Total on CustomerConnection { totalCount }`,
      { teamId: team.teamId },
    );
    expect(withCounts.errors).toBeUndefined();
    expect(pageOf.mock.calls.map((c) => c[3])).toEqual([true]);
    expect(list.mock.calls.map((c) => c[4])).toEqual([true]);
    pageOf.mockRestore();
    list.mockRestore();
    const data = withCounts.data as { customers: { totalCount: number; edges: Array<{ node: { name: string; interactions: { totalCount: number; pageInfo: { hasNextPage: boolean } } } }> } };
    expect(data.customers.totalCount).toBe(2);
    expect(Object.fromEntries(data.customers.edges.map((e) => [e.node.name, e.node.interactions]))).toEqual({
      甲公司: { totalCount: 3, pageInfo: { hasNextPage: true } },
      乙公司: { totalCount: 2, pageInfo: { hasNextPage: true } },
    });
  });

  it('pages interactions of several customers with the cursors the connection hands out', async () => {
    const { team } = await seedActions();
    const PAGE = `query($teamId: ID!, $after: String) {
      customers(filter: { teamId: $teamId }) { edges { node { name interactions(first: 2, after: $after) {
        edges { cursor node { occurredAt } } pageInfo { hasNextPage endCursor } } } } }
    }`;
    type PageData = { customers: { edges: Array<{ node: { name: string; interactions: { edges: Array<{ cursor: string; node: { occurredAt: string } }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } }> } };
    const first = (await run(team.manager, PAGE, { teamId: team.teamId, after: null })).data as PageData;
    const a = first.customers.edges.find((e) => e.node.name === '甲公司')!.node.interactions;
    expect(a.edges.map((e) => e.node.occurredAt)).toEqual(['2024-03-18T02:00:00.000Z', '2024-03-17T02:00:00.000Z']);
    expect(a.pageInfo).toEqual({ hasNextPage: true, endCursor: a.edges[1]!.cursor });
    const second = (await run(team.manager, PAGE, { teamId: team.teamId, after: a.pageInfo.endCursor })).data as PageData;
    const a2 = second.customers.edges.find((e) => e.node.name === '甲公司')!.node.interactions;
    expect(a2.edges.map((e) => e.node.occurredAt)).toEqual(['2024-03-16T02:00:00.000Z']);
    expect(a2.pageInfo.hasNextPage).toBe(false);
  });

  it('pages customers with their cursor and keeps the read scope and filters of the plain-SQL list', async () => {
    const team = await kit.team('read');
    const names = ['一号公司', '二号公司', '三号公司'];
    for (const name of names) await team.customer(name);
    await team.customer('别人的公司', team.otherRep);
    const PAGE = `query($after: String, $search: String) {
      customers(first: 2, after: $after, filter: { search: $search }) { totalCount edges { cursor node { name firstContactDate } } pageInfo { hasNextPage endCursor } }
    }`;
    type PageData = { customers: { totalCount: number; edges: Array<{ cursor: string; node: { name: string; firstContactDate: string } }>; pageInfo: { hasNextPage: boolean; endCursor: string } } };
    const page1 = (await run(team.rep, PAGE, { after: null, search: null })).data as PageData;
    expect(page1.customers.totalCount).toBe(3);
    expect(page1.customers.edges.map((e) => e.node)).toEqual([
      { name: '三号公司', firstContactDate: '2024-03-15' },
      { name: '二号公司', firstContactDate: '2024-03-15' },
    ]);
    expect(page1.customers.pageInfo).toEqual({ hasNextPage: true, endCursor: page1.customers.edges[1]!.cursor });
    const page2 = (await run(team.rep, PAGE, { after: page1.customers.pageInfo.endCursor, search: null })).data as PageData;
    expect(page2.customers.edges.map((e) => e.node.name)).toEqual(['一号公司']);
    expect(page2.customers.pageInfo.hasNextPage).toBe(false);
    const searched = (await run(team.manager, PAGE, { after: null, search: '别人' })).data as PageData;
    expect(searched.customers.edges.map((e) => e.node.name)).toEqual(['别人的公司']);
    const bad = await run(team.rep, PAGE, { after: 'not-a-cursor', search: null });
    expect(bad.errors?.[0]?.originalError).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'after', reason: 'INVALID_CURSOR' } });
  });

  it('refuses a NUL character in the argument of a nested field too', async () => {
    const team = await kit.team('read');
    await team.customer('戊公司');
    const res = await run(
      team.manager,
      `query($teamId: ID!, $after: String) { customers(filter: { teamId: $teamId }) { edges { node { name interactions(after: $after) { totalCount } } } } }`,
      { teamId: team.teamId, after: 'a\u0000b' },
    );
    expect(res.errors?.[0]?.originalError).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'after', reason: 'INVALID_CHARACTER' } });
    expect(res.errors?.[0]?.path).toEqual(['customers', 'edges', 0, 'node', 'interactions']);
  });
});
