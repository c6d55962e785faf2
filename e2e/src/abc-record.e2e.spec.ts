import { seedPeople, waitFor } from '@salestrail/testkit';
import { devToken, TestSystem } from './system';

/** The shape of the customer read back in this test (only what it asserts on is typed). */
interface ReadCustomer {
  [field: string]: unknown;
  contacts: unknown[];
  interactions: { totalCount: number; edges: Array<{ node: Record<string, unknown> }> };
  needs: Array<{ id: string; description: string }>;
  painPoints: unknown[];
  nextActions: unknown[];
  stageHistory: Array<{ from: string | null; to: string }>;
}

/*
 * The form's own example (SOURCE-FORM.md), kept through the gateway: customer "ABC公司", first
 * contacted 2024-03-15 at a trade show, its 2024-03-20 14:30 phone call with needs, a pain point and
 * a concrete next action, then the stage moves to PROPOSAL_PRESENTED and analytics sees it.
 */

const CREATE = /* GraphQL */ `
  mutation Create($input: CreateCustomerInput!) {
    createCustomer(input: $input) { id stage version }
  }
`;
const LOG = /* GraphQL */ `
  mutation Log($input: LogInteractionInput!) {
    logInteraction(input: $input) {
      id occurredAt isFirstContact loggedLate loggedAt authorId
      nextAction { id content ownerId dueAt status overdue }
    }
  }
`;
const CHANGE_STAGE = /* GraphQL */ `
  mutation Stage($id: ID!, $to: SalesStage!, $v: Int!, $reason: String) {
    changeStage(customerId: $id, to: $to, expectedVersion: $v, reason: $reason) { stage version }
  }
`;
const READ = /* GraphQL */ `
  query Read($id: ID!) {
    customer(id: $id) {
      name kind sourceChannel firstContactDate stage ownerId owner { name } teamId version remarks
      industry { code section sectionName name }
      contacts { name role phone email }
      interactions(first: 10) {
        totalCount
        edges { node { occurredAt method summary isFirstContact loggedLate authorId author { name } nextAction { content dueAt status } } }
      }
      needs { id kind description }
      painPoints { description needIds }
      nextActions(status: OPEN) { content ownerId owner { name } dueAt overdue }
      stageHistory { from to byUserId reason }
    }
  }
`;
const PIPELINE = /* GraphQL */ `
  query Pipeline($filter: AnalyticsFilter) { pipeline(filter: $filter) { stage count } }
`;

const SUMMARY =
  '客户表示现有供应商交货周期长，希望缩短至7天；我方介绍了智能仓储系统的效率提升；客户有兴趣，约定3月25日现场演示。';

function nextAction(content: string) {
  return { content, dueAt: '2024-03-25T18:00:00+08:00' };
}

describe('the ABC公司 record, through the gateway', () => {
  let system: TestSystem;
  let rep: string;
  beforeAll(async () => {
    system = await TestSystem.start('abc');
    // 李明 of the form: in the directory of the team, with a token carrying his name.
    const { tokens } = await seedPeople(system, await devToken('ADMIN', 'admin-1', null))
      .team('team-abc', '华东销售组')
      .manager('manager-abc', '陈经理')
      .rep('rep-abc', '李明')
      .create();
    rep = tokens['rep-abc']!;
  }, 90_000);
  afterAll(async () => {
    await system?.stop();
  });

  it('keeps the whole form and the events reach analytics', async () => {
    const created = await system.graphql<{ createCustomer: { id: string; stage: string; version: number } }>(rep, CREATE, {
      input: {
        name: 'ABC公司',
        kind: 'ENTERPRISE',
        industryCode: 'C34',
        sourceChannel: 'TRADE_SHOW',
        sourceDetail: '展会推荐',
        firstContactDate: '2024-03-15',
        contacts: [
          { name: '王总', role: 'DECISION_MAKER', title: '总经理', phone: '+86 138-1234-5678' },
          { name: '赵主管', role: 'EXECUTOR', title: '仓储主管', email: 'zhao@abc.example.com' },
        ],
        remarks: '客户对交货周期敏感',
      },
    });
    expect(created.errors).toBeUndefined();
    const id = created.data!.createCustomer.id;
    expect(created.data!.createCustomer).toMatchObject({ stage: 'LEAD_NURTURING', version: 1 });

    // A vague next action is refused and nothing is logged.
    const vague = await system.graphql(rep, LOG, {
      input: { customerId: id, occurredAt: '2024-03-20T14:30:00+08:00', method: 'PHONE_CALL', summary: SUMMARY, nextAction: nextAction('跟进客户') },
    });
    expect(vague.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'nextAction.content', reason: 'VAGUE_NEXT_ACTION' });

    const logged = await system.graphql<{ logInteraction: Record<string, unknown> & { nextAction: Record<string, unknown> } }>(rep, LOG, {
      input: {
        customerId: id,
        occurredAt: '2024-03-20T14:30:00+08:00',
        method: 'PHONE_CALL',
        summary: SUMMARY,
        needs: [
          { kind: 'EXPLICIT', description: '预算50万以内' },
          { kind: 'EXPLICIT', description: '要求3年质保' },
          { kind: 'EXPLICIT', description: '需兼容现有ERP系统' },
        ],
        painPoints: [{ description: '人工分拣效率低导致产能不足', needIndexes: [2] }],
        nextAction: nextAction('发送产品详细参数表至客户邮箱'),
      },
    });
    expect(logged.errors).toBeUndefined();
    expect(logged.data!.logInteraction).toMatchObject({
      occurredAt: '2024-03-20T06:30:00.000Z',
      isFirstContact: true,
      loggedLate: true,
      authorId: 'rep-abc',
      nextAction: { content: '发送产品详细参数表至客户邮箱', ownerId: 'rep-abc', dueAt: '2024-03-25T10:00:00.000Z', status: 'OPEN', overdue: true },
    });

    let version = 2;
    for (const to of ['NEEDS_CONFIRMED', 'PROPOSAL_PRESENTED']) {
      const moved = await system.graphql<{ changeStage: { stage: string; version: number } }>(rep, CHANGE_STAGE, { id, to, v: version });
      expect(moved.errors).toBeUndefined();
      version += 1;
      expect(moved.data!.changeStage).toEqual({ stage: to, version });
    }
    const stale = await system.graphql(rep, CHANGE_STAGE, { id, to: 'NEGOTIATION', v: 2 });
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'STALE_VERSION' });

    const read = await system.graphql<{ customer: ReadCustomer }>(rep, READ, { id });
    expect(read.errors).toBeUndefined();
    const c = read.data!.customer;
    expect(c).toMatchObject({
      name: 'ABC公司',
      kind: 'ENTERPRISE',
      sourceChannel: 'TRADE_SHOW',
      firstContactDate: '2024-03-15',
      stage: 'PROPOSAL_PRESENTED',
      ownerId: 'rep-abc',
      // The form's 负责人 by name, resolved through the gateway from workflow's directory.
      owner: { name: '李明' },
      teamId: 'team-abc',
      version: 4,
      remarks: '客户对交货周期敏感',
      industry: { code: 'C34', section: 'C', sectionName: '制造业', name: '通用设备制造业' },
    });
    expect(c.contacts).toEqual([
      { name: '王总', role: 'DECISION_MAKER', phone: '+86 138-1234-5678', email: null },
      { name: '赵主管', role: 'EXECUTOR', phone: null, email: 'zhao@abc.example.com' },
    ]);
    expect(c.interactions.totalCount).toBe(1);
    expect(c.interactions.edges[0]!.node).toMatchObject({
      method: 'PHONE_CALL',
      summary: SUMMARY,
      isFirstContact: true,
      loggedLate: true,
      author: { name: '李明' },
      nextAction: { content: '发送产品详细参数表至客户邮箱', status: 'OPEN' },
    });
    expect(c.needs.map((n: { description: string }) => n.description)).toEqual(['预算50万以内', '要求3年质保', '需兼容现有ERP系统']);
    const erp = c.needs.find((n: { description: string }) => n.description === '需兼容现有ERP系统');
    expect(c.painPoints).toEqual([{ description: '人工分拣效率低导致产能不足', needIds: [erp!.id] }]);
    expect(c.nextActions).toEqual([
      { content: '发送产品详细参数表至客户邮箱', ownerId: 'rep-abc', owner: { name: '李明' }, dueAt: '2024-03-25T10:00:00.000Z', overdue: true },
    ]);
    expect(c.stageHistory.map((h: { from: string | null; to: string }) => [h.from, h.to])).toEqual([
      [null, 'LEAD_NURTURING'],
      ['LEAD_NURTURING', 'NEEDS_CONFIRMED'],
      ['NEEDS_CONFIRMED', 'PROPOSAL_PRESENTED'],
    ]);

    const pipeline = await waitFor(
      async () => {
        const res = await system.graphql<{ pipeline: Array<{ stage: string; count: number }> }>(rep, PIPELINE, {
          filter: { teamId: 'team-abc' },
        });
        const proposal = res.data?.pipeline.find((s) => s.stage === 'PROPOSAL_PRESENTED');
        return proposal?.count === 1 ? res.data!.pipeline : undefined;
      },
      { timeoutMs: 15_000, what: 'ABC公司 at PROPOSAL_PRESENTED in the pipeline' },
    );
    expect(pipeline.filter((s) => s.stage !== 'PROPOSAL_PRESENTED').every((s) => s.count === 0)).toBe(true);
  });

  it('hides contact details and remarks from marketing with a FORBIDDEN error on those fields', async () => {
    const created = await system.graphql<{ createCustomer: { id: string } }>(rep, CREATE, {
      input: {
        name: 'XYZ公司',
        kind: 'ENTERPRISE',
        industryCode: 'I65',
        sourceChannel: 'ONLINE_PROMOTION',
        firstContactDate: '2024-03-15',
        contacts: [{ name: '钱经理', role: 'DECISION_MAKER', phone: '13912345678' }],
        remarks: '风险提示：付款周期长',
      },
    });
    const id = created.data!.createCustomer.id;
    const marketing = await devToken('MARKETING', 'mkt-1', 'team-mkt');
    const res = await system.graphql<{ customer: { name: string; remarks: string | null; contacts: Array<{ name: string; phone: string | null }> } }>(
      marketing,
      `query($id: ID!) { customer(id: $id) { name remarks contacts { name phone } } }`,
      { id },
    );
    expect(res.data?.customer).toMatchObject({ name: 'XYZ公司', remarks: null, contacts: [{ name: '钱经理', phone: null }] });
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN', 'FORBIDDEN']);

    const labels = await system.graphql<{ enumLabels: Array<{ enum: string; value: string; label: string }> }>(
      marketing,
      `{ enumLabels(locale: "zh-CN") { enum value label } }`,
    );
    expect(labels.data!.enumLabels).toContainEqual({ enum: 'SalesStage', value: 'PROPOSAL_PRESENTED', label: '方案呈现' });
    const industries = await system.graphql<{ industries: Array<{ code: string }> }>(marketing, `{ industries(locale: "en") { code name } }`);
    expect(industries.data!.industries).toHaveLength(97);
  });

  it('answers oversized, malformed and out-of-range input with typed errors and writes nothing', async () => {
    const other = await devToken('SALES_REP', 'rep-bad-input', 'team-bad-input');
    const count = async () =>
      (await system.graphql<{ customers: { totalCount: number } }>(other, '{ customers { totalCount } }')).data!.customers.totalCount;
    const before = await count();
    const long = await system.graphql(other, CREATE, {
      input: {
        name: '长'.repeat(201),
        kind: 'ENTERPRISE',
        industryCode: 'C34',
        sourceChannel: 'TRADE_SHOW',
        firstContactDate: '2024-03-15',
        contacts: [{ name: '王总', role: 'DECISION_MAKER' }],
      },
    });
    expect(long.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name', reason: 'TOO_LONG' });
    const unknownIndustry = await system.graphql(other, CREATE, {
      input: {
        name: '未知行业公司',
        kind: 'ENTERPRISE',
        industryCode: 'Z99',
        sourceChannel: 'TRADE_SHOW',
        firstContactDate: '2024-03-15',
        contacts: [{ name: '王总', role: 'DECISION_MAKER', phone: '12345' }],
      },
    });
    expect(unknownIndustry.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'industryCode', reason: 'UNKNOWN_INDUSTRY' });
    const badId = await system.graphql(other, LOG, {
      input: { customerId: 'abc', occurredAt: '2024-03-20T14:30:00+08:00', method: 'PHONE_CALL', summary: SUMMARY, nextAction: nextAction('发送产品详细参数表至客户邮箱') },
    });
    expect(badId.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'customerId', reason: 'INVALID_ID' });
    const lookup = await system.graphql(other, `{ customer(id: "not-a-uuid") { id } }`);
    expect(lookup.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const page = await system.graphql(other, `{ customers(first: 101) { totalCount } }`);
    expect(page.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first', reason: 'OUT_OF_RANGE' });
    expect(await count()).toBe(before);
  });

  it('archives the record after the manager approves it, and hands a customer over with its open actions', async () => {
    const admin = await devToken('ADMIN', 'admin-1', null);
    const { tokens } = await seedPeople(system, admin)
      .team('team-arc', '华东销售组')
      .manager('mgr-arc', '陈经理')
      .assistant('asst-arc', '王助理')
      .rep('rep-arc', '李明')
      .rep('rep-arc-2', '张伟')
      .create();
    const rep2 = tokens['rep-arc']!;
    const manager = tokens['mgr-arc']!;
    const assistant = tokens['asst-arc']!;
    const created = await system.graphql<{ createCustomer: { id: string } }>(rep2, CREATE, {
      input: {
        name: 'ABC公司',
        kind: 'ENTERPRISE',
        industryCode: 'C34',
        sourceChannel: 'TRADE_SHOW',
        firstContactDate: '2024-03-15',
        contacts: [{ name: '王总', role: 'DECISION_MAKER', phone: '13812345678' }],
      },
    });
    const id = created.data!.createCustomer.id;
    const logged = await system.graphql<{ logInteraction: { nextAction: { id: string } } }>(rep2, LOG, {
      input: {
        customerId: id,
        occurredAt: '2024-03-20T14:30:00+08:00',
        method: 'PHONE_CALL',
        summary: SUMMARY,
        needs: [{ kind: 'EXPLICIT', description: '预算50万以内' }],
        painPoints: [{ description: '人工分拣效率低导致产能不足', needIndexes: [0] }],
        nextAction: nextAction('发送产品详细参数表至客户邮箱'),
      },
    });
    expect(logged.errors).toBeUndefined();

    const early = await system.graphql(assistant, `mutation($id: ID!) { archiveCustomer(customerId: $id) { archiveCode } }`, { id });
    expect(early.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'REVIEW_NOT_APPROVED' });

    // Workflow learns the record from events and a review covers the version workflow knows: submit
    // (again) until it covers the current version 2, or the approval could not archive this record.
    const reviewId = await waitFor(
      async () => {
        const res = await system.graphql<{ submitForReview: Array<{ id: string; customerVersion: number }> }>(
          rep2,
          `mutation($ids: [ID!]!) { submitForReview(customerIds: $ids) { id customerVersion } }`,
          { ids: [id] },
        );
        const review = res.data?.submitForReview[0];
        return review?.customerVersion === 2 ? review.id : undefined;
      },
      { timeoutMs: 15_000, what: 'the review submitted' },
    );
    const decided = await system.graphql(manager, `mutation($id: ID!) { decideReview(id: $id, decision: APPROVE, comments: "信息完整") { status } }`, {
      id: reviewId,
    });
    expect(decided.errors).toBeUndefined();

    const archived = await waitFor(
      async () => {
        const res = await system.graphql<{ archiveCustomer: { archiveCode: string; version: number } }>(
          assistant,
          `mutation($id: ID!) { archiveCustomer(customerId: $id) { archiveCode version } }`,
          { id },
        );
        return res.data?.archiveCustomer;
      },
      { timeoutMs: 15_000, what: 'the approval reaching records' },
    );
    expect(archived).toEqual({ archiveCode: 'ABC公司_20240315', version: 3 });
    const snap = await system.graphql<{ archivedSnapshot: { archiveCode: string; archivedBy: string; snapshot: string } }>(
      manager,
      `query($id: ID!) { archivedSnapshot(customerId: $id) { archiveCode archivedBy snapshot } }`,
      { id },
    );
    expect(snap.data!.archivedSnapshot).toMatchObject({ archiveCode: 'ABC公司_20240315', archivedBy: 'asst-arc' });
    const frozen = JSON.parse(snap.data!.archivedSnapshot.snapshot);
    expect(frozen.painPoints[0].description).toBe('人工分拣效率低导致产能不足');
    expect(frozen.review).toMatchObject({ status: 'APPROVED', customerVersion: 2 });

    const moved = await system.graphql<{ transferCustomers: Array<{ ownerId: string; transfers: Array<{ fromOwnerId: string; nextActionIds: string[] }>; nextActions: Array<{ ownerId: string }> }> }>(
      manager,
      `mutation($ids: [ID!]!) { transferCustomers(customerIds: $ids, toUserId: "rep-arc-2", reason: "原负责人调岗") {
         ownerId transfers { fromOwnerId nextActionIds } nextActions(status: OPEN) { ownerId } ownerHistory { owner { name } reason } } }`,
      { ids: [id] },
    );
    expect(moved.errors).toBeUndefined();
    expect(moved.data!.transferCustomers[0]).toEqual({
      ownerId: 'rep-arc-2',
      transfers: [{ fromOwnerId: 'rep-arc', nextActionIds: [logged.data!.logInteraction.nextAction.id] }],
      nextActions: [{ ownerId: 'rep-arc-2' }],
      ownerHistory: [
        { owner: { name: '李明' }, reason: null },
        { owner: { name: '张伟' }, reason: '原负责人调岗' },
      ],
    });
    // Someone the directory does not hold cannot receive it, and nothing moves.
    const unknown = await system.graphql(manager, `mutation($ids: [ID!]!) { transferCustomers(customerIds: $ids, toUserId: "rep-nobody", reason: "r") { id } }`, { ids: [id] });
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'toUserId', reason: 'UNKNOWN_USER' });
    const elsewhere = await system.graphql(manager, `mutation($ids: [ID!]!) { transferCustomers(customerIds: $ids, toUserId: "x", toTeamId: "team-other", reason: "r") { id } }`, { ids: [id] });
    expect(elsewhere.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
