import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { TEST_JWT_SECRET, seedPeople, waitFor } from '@salestrail/testkit';
import { devToken, TestSystem } from './system';

/*
 * The directory of people through the gateway: the development cast `npm start` provides, a first
 * sign-in, names through federation, and a person who leaves handing everything over to a successor.
 */

const ROOT = path.resolve(__dirname, '../..');

const CREATE = `mutation ($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }`;
const LOG = `mutation ($input: LogInteractionInput!) { logInteraction(input: $input) { id nextAction { id owner { name } } } }`;
const HOLDINGS = `query ($id: ID!) { user(id: $id) { active holdings { customerCount openNextActionCount pendingReviewsSubmitted { id } customers { id name } } } }`;

function customer(name: string) {
  return { name, kind: 'ENTERPRISE', industryCode: 'C34', sourceChannel: 'TRADE_SHOW', firstContactDate: '2024-03-15', contacts: [{ name: '王总', role: 'DECISION_MAKER' }] };
}

function interaction(customerId: string, ownerId?: string) {
  return {
    customerId,
    occurredAt: new Date(Date.now() - 3600_000).toISOString(),
    method: 'PHONE_CALL',
    summary: '客户希望交货周期缩短至7天；约定现场演示。',
    nextAction: { content: '发送产品详细参数表至客户邮箱', dueAt: new Date(Date.now() + 3 * 86_400_000).toISOString(), ...(ownerId ? { ownerId } : {}) },
  };
}

describe('the directory of people, through the gateway', () => {
  let system: TestSystem;
  let admin: string;
  beforeAll(async () => {
    system = await TestSystem.start('directory');
    admin = await devToken('ADMIN', 'admin-1', null, { name: '孙伟' });
  }, 90_000);
  afterAll(async () => {
    await system?.stop();
  });

  async function must<T>(token: string, query: string, variables?: Record<string, unknown>): Promise<T> {
    const res = await system.graphql<T>(token, query, variables);
    if (res.errors || !res.data) throw new Error(`${query.slice(0, 50)} → ${JSON.stringify(res.errors)}`);
    return res.data;
  }

  it("npm start's development team and people are there once, however often it runs", async () => {
    const run = () => {
      const script = `import(${JSON.stringify(path.join(ROOT, 'infra/scripts/lib/dev-directory.mjs'))})
        .then((m) => m.ensureDevDirectory({ gatewayUrl: ${JSON.stringify(system.gatewayUrl)}, secret: ${JSON.stringify(TEST_JWT_SECRET)}, audience: 'salestrail' }))
        .then((added) => console.log(JSON.stringify(added)))`;
      const out = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
      if (out.status !== 0) throw new Error(out.stderr);
      return JSON.parse(out.stdout) as string[];
    };
    // admin-1 signed in by running it (their token names them), so the directory holds them already.
    expect(run()).toEqual(['team-east', 'rep-1', 'manager-1', 'assistant-1', 'marketing-1', 'aftersales-1']);
    expect(run()).toEqual([]);
    const people = await must<{ users: { edges: Array<{ node: { id: string; name: string; role: string; teamId: string | null; email: string | null } }> } }>(
      admin,
      `{ users(first: 100) { edges { node { id name role teamId email } } } }`,
    );
    // The same people, with the same addresses, as the development identity provider signs in (packages/dev-idp/people.json).
    expect(people.users.edges.map((e) => e.node).filter((p) => p.teamId === 'team-east').sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      { id: 'assistant-1', name: '王助理', role: 'TEAM_ASSISTANT', teamId: 'team-east', email: 'wangzhuli@example.com' },
      { id: 'manager-1', name: '陈经理', role: 'SALES_MANAGER', teamId: 'team-east', email: 'chenjingli@example.com' },
      { id: 'rep-1', name: '李明', role: 'SALES_REP', teamId: 'team-east', email: 'liming@example.com' },
    ]);
    const team = await must<{ teams: Array<{ id: string; managerId: string; assistantId: string; timezone: string }> }>(admin, `{ teams { id managerId assistantId timezone } }`);
    expect(team.teams.find((t) => t.id === 'team-east')).toEqual({ id: 'team-east', managerId: 'manager-1', assistantId: 'assistant-1', timezone: 'Asia/Shanghai' });
  });

  it('adds a person from their verified token on their first request, e-mail included, and records accepts them as an owner', async () => {
    const { tokens } = await seedPeople(system, admin).team('team-first', '华南销售组').manager('mgr-first', '黄经理').create();
    const newcomer = await devToken('SALES_REP', 'rep-first', 'team-first', { name: '吴涛', email: 'wutao@example.com' });
    const me = await must<{ me: Record<string, unknown> }>(newcomer, `{ me { id name email locale role teamId active } }`);
    expect(me.me).toEqual({ id: 'rep-first', name: '吴涛', email: 'wutao@example.com', locale: 'zh-CN', role: 'SALES_REP', teamId: 'team-first', active: true });
    await system.recordsKnow(['rep-first']);
    const { createCustomer } = await must<{ createCustomer: { id: string } }>(tokens['mgr-first']!, CREATE, { input: customer('首访客户') });
    const logged = await must<{ logInteraction: { nextAction: { owner: { name: string } } } }>(tokens['mgr-first']!, LOG, {
      input: interaction(createCustomer.id, 'rep-first'),
    });
    expect(logged.logInteraction.nextAction.owner).toEqual({ name: '吴涛' });
    const stranger = await system.graphql(tokens['mgr-first']!, LOG, { input: interaction(createCustomer.id, 'rep-nobody') });
    expect(stranger.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'nextAction.ownerId', reason: 'UNKNOWN_USER' });
  });

  it('a person who leaves: deactivation lists what they hold and hands all of it to the successor, with its history', async () => {
    const { tokens } = await seedPeople(system, admin)
      .team('team-leave', '华东销售三组')
      .manager('mgr-leave', '陈经理')
      .rep('rep-leave', '李明')
      .rep('rep-next', '张伟')
      .create();
    const rep = tokens['rep-leave']!;
    const manager = tokens['mgr-leave']!;
    const ids: string[] = [];
    for (const name of ['甲公司', '乙公司', '丙公司']) {
      const { createCustomer } = await must<{ createCustomer: { id: string } }>(rep, CREATE, { input: customer(name) });
      await must(rep, LOG, { input: interaction(createCustomer.id) });
      ids.push(createCustomer.id);
    }
    // 李明 also owns an action on his manager's customer.
    const { createCustomer: managers } = await must<{ createCustomer: { id: string } }>(manager, CREATE, { input: customer('经理的客户') });
    const onColleague = await must<{ logInteraction: { nextAction: { id: string } } }>(manager, LOG, { input: interaction(managers.id, 'rep-leave') });
    // And a review he submitted waits for 陈经理.
    const review = await waitFor(
      async () => {
        const res = await system.graphql<{ submitForReview: Array<{ id: string; customerVersion: number }> }>(
          rep,
          `mutation ($ids: [ID!]!) { submitForReview(customerIds: $ids) { id customerVersion } }`,
          { ids: [ids[0]] },
        );
        return res.data?.submitForReview[0]?.customerVersion === 2 ? res.data.submitForReview[0] : undefined;
      },
      { timeoutMs: 15_000, what: 'the workflow to know the record' },
    );
    await waitFor(
      async () => {
        const res = await must<{ user: { holdings: { customerCount: number; openNextActionCount: number } } }>(admin, HOLDINGS, { id: 'rep-leave' });
        return res.user.holdings.customerCount === 3 && res.user.holdings.openNextActionCount === 4;
      },
      { timeoutMs: 15_000, what: "the workflow to know 李明's records" },
    );

    const left = await must<{
      deactivateUser: {
        user: { active: boolean };
        holdings: { customerCount: number; openNextActionCount: number; pendingReviewsSubmitted: Array<{ id: string }>; customers: Array<{ name: string }> };
        handOver: { id: string; status: string; from: { name: string }; to: { name: string } };
      };
    }>(
      admin,
      `mutation { deactivateUser(id: "rep-leave", successorId: "rep-next", reason: "李明离职") {
         user { active }
         holdings { customerCount openNextActionCount pendingReviewsSubmitted { id } customers { name } }
         handOver { id status from { name } to { name } } } }`,
    );
    expect(left.deactivateUser.user.active).toBe(false);
    expect(left.deactivateUser.holdings).toMatchObject({ customerCount: 3, openNextActionCount: 4, pendingReviewsSubmitted: [{ id: review.id }] });
    expect(left.deactivateUser.holdings.customers.map((c) => c.name).sort()).toEqual(['丙公司', '乙公司', '甲公司'].sort());
    expect(left.deactivateUser.handOver).toMatchObject({ status: 'RUNNING', from: { name: '李明' }, to: { name: '张伟' } });

    const done = await waitFor(
      async () => {
        const res = await must<{ handOvers: Array<{ id: string; status: string; customersMoved: number; nextActionsMoved: number; reviewsMoved: number }> }>(
          admin,
          `{ handOvers(userId: "rep-leave") { id status customersMoved nextActionsMoved reviewsMoved } }`,
        );
        return res.handOvers.find((h) => h.status === 'COMPLETED');
      },
      { timeoutMs: 20_000, what: 'the hand-over to complete' },
    );
    expect(done).toEqual({ id: left.deactivateUser.handOver.id, status: 'COMPLETED', customersMoved: 3, nextActionsMoved: 4, reviewsMoved: 1 });

    const after = await must<{ customer: { owner: { name: string }; ownerHistory: Array<{ owner: { name: string }; reason: string | null; handOverId: string | null }>; latestReview: { submitter: { name: string }; reviewer: { name: string } } } }>(
      manager,
      `query ($id: ID!) { customer(id: $id) { owner { name } ownerHistory { owner { name } reason handOverId } latestReview { submitter { name } reviewer { name } } } }`,
      { id: ids[0] },
    );
    expect(after.customer).toEqual({
      owner: { name: '张伟' },
      ownerHistory: [
        { owner: { name: '李明' }, reason: null, handOverId: null },
        { owner: { name: '张伟' }, reason: '李明离职', handOverId: done.id },
      ],
      latestReview: { submitter: { name: '张伟' }, reviewer: { name: '陈经理' } },
    });
    const colleagues = await must<{ customer: { owner: { name: string }; nextActions: Array<{ id: string; owner: { name: string } }> } }>(
      manager,
      `query ($id: ID!) { customer(id: $id) { owner { name } nextActions(status: OPEN) { id owner { name } } } }`,
      { id: managers.id },
    );
    expect(colleagues.customer).toEqual({ owner: { name: '陈经理' }, nextActions: [{ id: onColleague.logInteraction.nextAction.id, owner: { name: '张伟' } }] });
    const told = await waitFor(async () => {
      const res = await must<{ notifications: Array<{ kind: string; title: string; body: string }> }>(tokens['rep-next']!, `{ notifications { kind title body } }`);
      return res.notifications.find((n) => n.kind === 'HAND_OVER_RECEIVED');
    });
    expect(told).toEqual({
      kind: 'HAND_OVER_RECEIVED',
      title: '李明 的记录正在移交给你',
      body: '孙伟 将 李明 的客户、待办的下一步行动和 1 条待审核记录移交给你：李明离职',
    });

    // Nobody can give 李明 new work; workflow's view of what he holds empties as records' events arrive.
    await waitFor(
      async () => {
        const res = await system.graphql(manager, LOG, { input: interaction(managers.id, 'rep-leave') });
        return res.errors?.[0]?.extensions?.reason === 'INACTIVE_USER' || undefined;
      },
      { timeoutMs: 15_000, what: 'records to know 李明 has left' },
    );
    await waitFor(
      async () => {
        const res = await must<{ user: { holdings: { customerCount: number; openNextActionCount: number } } }>(admin, HOLDINGS, { id: 'rep-leave' });
        return res.user.holdings.customerCount === 0 && res.user.holdings.openNextActionCount === 0;
      },
      { timeoutMs: 15_000, what: "workflow's view to follow the hand-over" },
    );
  });
});
