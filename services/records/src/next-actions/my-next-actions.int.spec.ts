import { graphql, type GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import type { Actor } from '@salestrail/contract';
import { buildRecordsSchema } from '../schema';
import { recordsContext, recordsTestDataSource } from '../test/harness';
import { rejection, seedKit } from '../test/seed';

/** Wednesday 2024-03-20 10:00 in Shanghai. */
const NOW = new Date('2024-03-20T10:00:00+08:00');
const at = (s: string) => new Date(`${s}+08:00`);

const MINE = /* GraphQL */ `
  query ($ownerId: ID, $first: Int, $after: String, $timeZone: String) {
    myNextActions(ownerId: $ownerId, first: $first, after: $after, timeZone: $timeZone) {
      totalCount
      counts { overdue today thisWeek later }
      pageInfo { hasNextPage endCursor }
      edges { node { content ownerId status customerId customer { id name } } }
    }
  }
`;
interface Page {
  totalCount: number;
  counts: { overdue: number; today: number; thisWeek: number; later: number };
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: Array<{ node: { content: string; ownerId: string; status: string; customerId: string; customer: { id: string; name: string } | null } }>;
}

describe('myNextActions: the open next actions of one person (real Postgres)', () => {
  let ds: DataSource;
  let kit: ReturnType<typeof seedKit>;
  let schema: GraphQLSchema;
  beforeAll(async () => {
    ds = await recordsTestDataSource();
    kit = seedKit(ds, () => NOW);
    schema = await buildRecordsSchema();
  });
  afterAll(() => ds.destroy());

  async function ask(actor: Actor, variables: Record<string, unknown> = {}) {
    const result = await graphql({ schema, source: MINE, variableValues: variables, contextValue: recordsContext(kit.services, actor) });
    return { page: (result.data as { myNextActions: Page } | null)?.myNextActions ?? null, errors: result.errors ?? [] };
  }

  /** Logs a call on `customer` whose next action (for `owner`) is due at `due`. */
  async function planned(team: Awaited<ReturnType<typeof kit.team>>, customerId: string, content: string, due: string, by: Actor = team.rep, owner?: Actor) {
    return team.interaction(customerId, by, {
      occurredAt: at('2024-03-18T09:00:00'),
      needs: [],
      painPoints: [],
      nextAction: { content, dueAt: at(due), ownerId: owner?.userId ?? by.userId },
    });
  }

  async function week() {
    const team = await kit.team('mine');
    const abc = await team.customer('ABC公司');
    const xyz = await team.customer('XYZ物流');
    await planned(team, abc.id, '发送正式报价单至王总邮箱', '2024-03-19T18:00:00'); // overdue by 16 h
    await planned(team, xyz.id, '确认演示场地与设备', '2024-03-18T12:00:00'); // overdue by 2 days
    await planned(team, xyz.id, '现场演示智能仓储系统', '2024-03-20T18:00:00'); // today
    await planned(team, abc.id, '发送产品详细参数表至客户邮箱', '2024-03-22T18:00:00'); // Friday
    await planned(team, abc.id, '电话询问王总试用报告的结论', '2024-03-26T10:00:00'); // next week
    const done = await planned(team, abc.id, '发送合同草稿至王总邮箱', '2024-03-21T10:00:00');
    await kit.services.nextActions.complete(team.rep, done.nextAction.id, '已发送');
    // A colleague's own action on their own customer: not the rep's business
    const theirs = await team.customer('乙公司', team.otherRep);
    await planned(team, theirs.id, '寄送样品至乙公司采购部', '2024-03-20T12:00:00', team.otherRep);
    return { team, abc, xyz, theirs };
  }

  it('lists overdue first (longest overdue first), then today, this week and later, each by deadline, paged', async () => {
    const { team, abc } = await week();
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const { page, errors } = await ask(team.rep, { first: 2, after, timeZone: 'Asia/Shanghai' });
      expect(errors).toEqual([]);
      seen.push(...page!.edges.map((e) => e.node.content));
      expect(page!.totalCount).toBe(5);
      expect(page!.counts).toEqual({ overdue: 2, today: 1, thisWeek: 1, later: 1 });
      after = page!.pageInfo.hasNextPage ? page!.pageInfo.endCursor : null;
      pages += 1;
    } while (after);
    expect(pages).toBe(3);
    expect(seen).toEqual(['确认演示场地与设备', '发送正式报价单至王总邮箱', '现场演示智能仓储系统', '发送产品详细参数表至客户邮箱', '电话询问王总试用报告的结论']);
    const { page } = await ask(team.rep, { first: 1 });
    expect(page!.edges[0]!.node).toMatchObject({ status: 'OPEN', ownerId: team.rep.userId, customer: { name: 'XYZ物流' } });
    expect(page!.edges[0]!.node.customerId).not.toBe(abc.id);
  });

  it('counts the days of the time zone asked for', async () => {
    const { team } = await week();
    // Now is Tuesday 03-19 19:00 in Los Angeles (PDT): Shanghai's "today" action is due Wednesday 03:00 there (this
    // week, not today), and the next-week one Monday 03-25 19:00 PDT (later).
    const { page } = await ask(team.rep, { timeZone: 'America/Los_Angeles' });
    expect(page!.counts).toEqual({ overdue: 2, today: 0, thisWeek: 2, later: 1 });
    const bad = await rejection(kit.services.nextActions.openOf(team.rep, { timeZone: 'Mars/Olympus' }));
    expect(bad).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'timeZone', reason: 'INVALID_TIME_ZONE' } });
  });

  it('shows a rep only what they may see: their own actions, also one a colleague planned for them on a customer not theirs', async () => {
    const { team, theirs } = await week();
    // the colleague asks the rep to do something on the colleague's customer
    await planned(team, theirs.id, '把合同模板发给乙公司法务', '2024-03-21T10:00:00', team.otherRep, team.rep);
    const { page } = await ask(team.rep);
    expect(page!.totalCount).toBe(6);
    const forMe = page!.edges.find((e) => e.node.content === '把合同模板发给乙公司法务')!.node;
    // the customer is not the rep's to read: it comes back empty, never with its data
    expect(forMe).toMatchObject({ customerId: theirs.id, customer: null });
    expect(page!.edges.map((e) => e.node.content)).not.toContain('寄送样品至乙公司采购部');

    // another rep's list is not the rep's to read: nothing of it shows
    const prying = await ask(team.rep, { ownerId: team.otherRep.userId });
    expect(prying.page).toMatchObject({ totalCount: 0, edges: [], counts: { overdue: 0, today: 0, thisWeek: 0, later: 0 } });
    // the team's manager reads any of the team's lists
    const managed = await ask(team.manager, { ownerId: team.otherRep.userId });
    expect(managed.page!.edges.map((e) => e.node.content)).toEqual(['寄送样品至乙公司采购部']);
    // a manager of another team sees none of them
    const outsider = await kit.person('SALES_MANAGER', `mgr-out-${team.teamId}`, `out-${team.teamId}`);
    expect((await ask(outsider, { ownerId: team.rep.userId })).page!.totalCount).toBe(0);
  });

  it('refuses a bad page size or cursor with a typed error', async () => {
    const { team } = await week();
    expect((await rejection(kit.services.nextActions.openOf(team.rep, { first: 101 }))).details).toEqual({ field: 'first', reason: 'OUT_OF_RANGE' });
    expect((await rejection(kit.services.nextActions.openOf(team.rep, { after: 'not-a-cursor' }))).details).toEqual({ field: 'after', reason: 'INVALID_CURSOR' });
  });
});
