import { seedPeople, waitFor } from '@salestrail/testkit';
import { devToken, TestSystem, type GraphQLResponse } from './system';

/*
 * Form step 6 through the gateway, continuing the "ABC公司" record: the salesperson submits it, the
 * team manager finds it in the review queue and approves it, and the team assistant archives it under
 * name + first-contact date once records has heard of the approval.
 */

const UPSERT_TEAM = /* GraphQL */ `
  mutation Team($input: TeamInput!) { upsertTeam(input: $input) { id managerId assistantId timezone workdayEnd } }
`;
const CREATE = /* GraphQL */ `
  mutation Create($input: CreateCustomerInput!) { createCustomer(input: $input) { id version } }
`;
const LOG = /* GraphQL */ `
  mutation Log($input: LogInteractionInput!) { logInteraction(input: $input) { id nextAction { id status } } }
`;
const SUBMIT = /* GraphQL */ `
  mutation Submit($ids: [ID!]!, $note: String) {
    submitForReview(customerIds: $ids, note: $note) { id status reviewerId submittedBy customerVersion findings { code } }
  }
`;
const QUEUE = /* GraphQL */ `
  query Queue { reviewQueue { id status submittedBy submitter { name } reviewer { name } customer { id name archiveCode owner { name } } } }
`;
const DECIDE = /* GraphQL */ `
  mutation Decide($id: ID!, $decision: ReviewDecision!, $comments: String!) {
    decideReview(id: $id, decision: $decision, comments: $comments) { id status comments decidedAt }
  }
`;
const READ = /* GraphQL */ `
  query Read($id: ID!) { customer(id: $id) { version archiveCode latestReview { id status reviewerId } reviews { id } } }
`;
const ARCHIVE = /* GraphQL */ `
  mutation Archive($id: ID!) { archiveCustomer(customerId: $id) { id archiveCode } }
`;
const NOTIFICATIONS = /* GraphQL */ `
  query Notifications { notifications { id kind title body customerId readAt } }
`;
const MARK_READ = /* GraphQL */ `
  mutation Read($ids: [ID!]!) { markNotificationsRead(ids: $ids) { id readAt } }
`;
const RECONCILE = /* GraphQL */ `
  mutation Reconcile { reconcileJobs { teamSchedulers reminderJobs routingJobs webhookDeliveries ranAt } }
`;

interface Review {
  id: string;
  status: string;
  reviewerId: string;
  submittedBy: string;
  customerVersion: number;
  findings: Array<{ code: string }>;
}

describe('review and archive of the ABC公司 record, through the gateway', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start('review');
  }, 90_000);
  afterAll(async () => {
    await system?.stop();
  });

  it('submit, the manager approves from the queue, the assistant archives ABC公司_20240315', async () => {
    const admin = await devToken('ADMIN', 'admin-1', null);
    // The form's people: 李明 fills it in, 陈经理 reviews, 王助理 archives.
    const { tokens } = await seedPeople(system, admin)
      .team('team-abc2', '华东销售二组')
      .rep('rep-abc2', '李明')
      .manager('manager-abc2', '陈经理')
      .assistant('assistant-abc2', '王助理')
      .create();
    const rep = tokens['rep-abc2']!;
    const manager = tokens['manager-abc2']!;
    const assistant = tokens['assistant-abc2']!;

    const team = await system.graphql(admin, UPSERT_TEAM, {
      input: { id: 'team-abc2', name: '华东销售二组', managerId: 'manager-abc2', assistantId: 'assistant-abc2' },
    });
    expect(team.errors).toBeUndefined();
    expect(team.data).toEqual({
      upsertTeam: { id: 'team-abc2', managerId: 'manager-abc2', assistantId: 'assistant-abc2', timezone: 'Asia/Shanghai', workdayEnd: '18:00' },
    });

    const created = await system.graphql<{ createCustomer: { id: string } }>(rep, CREATE, {
      input: {
        name: 'ABC公司',
        kind: 'ENTERPRISE',
        industryCode: 'C34',
        sourceChannel: 'TRADE_SHOW',
        firstContactDate: '2024-03-15',
        contacts: [{ name: '王总', role: 'DECISION_MAKER' }],
      },
    });
    expect(created.errors).toBeUndefined();
    const id = created.data!.createCustomer.id;
    const occurredAt = new Date(Date.now() - 3600_000).toISOString();
    const logged = await system.graphql(rep, LOG, {
      input: {
        customerId: id,
        occurredAt,
        method: 'PHONE_CALL',
        summary: '客户希望交货周期缩短至7天；我方介绍了智能仓储系统；约定现场演示。',
        nextAction: { content: '发送产品详细参数表至客户邮箱', dueAt: new Date(Date.now() + 3 * 24 * 3600_000).toISOString() },
      },
    });
    expect(logged.errors).toBeUndefined();
    const { data: before } = await system.graphql<{ customer: { version: number } }>(rep, READ, { id });
    const version = before!.customer.version;

    // The workflow learns the record from records' events: submit once it knows the current version.
    // Submitting again while the review is pending updates that same review.
    const review = await waitFor(
      async () => {
        const res: GraphQLResponse<{ submitForReview: Review[] }> = await system.graphql(rep, SUBMIT, { ids: [id], note: '本周记录' });
        const r = res.data?.submitForReview[0];
        return r && r.customerVersion === version ? r : undefined;
      },
      { timeoutMs: 15_000, what: 'the workflow to know the record' },
    );
    expect(review).toMatchObject({ status: 'PENDING', reviewerId: 'manager-abc2', submittedBy: 'rep-abc2' });
    expect(review.findings).toEqual([]);

    // Another salesperson cannot submit it; the assistant sees it but does not submit.
    const other = await devToken('SALES_REP', 'rep-other', 'team-abc2');
    expect((await system.graphql(other, SUBMIT, { ids: [id] })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await system.graphql(assistant, SUBMIT, { ids: [id] })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const queue = await system.graphql<{ reviewQueue: Array<{ id: string; customer: { id: string; name: string; archiveCode: string | null } }> }>(
      manager,
      QUEUE,
    );
    expect(queue.errors).toBeUndefined();
    // The review's people by name, resolved through the gateway from workflow's directory.
    expect(queue.data!.reviewQueue).toContainEqual({
      id: review.id,
      status: 'PENDING',
      submittedBy: 'rep-abc2',
      submitter: { name: '李明' },
      reviewer: { name: '陈经理' },
      customer: { id, name: 'ABC公司', archiveCode: null, owner: { name: '李明' } },
    });
    const requested = await waitFor(async () => {
      const res = await system.graphql<{ notifications: Array<{ kind: string; body: string; customerId: string }> }>(manager, NOTIFICATIONS);
      return res.data?.notifications.find((n) => n.kind === 'REVIEW_REQUESTED' && n.customerId === id);
    });
    expect(requested.body).toBe('李明 提交了 ABC公司 的记录待审核（自动检查发现 0 项问题）：本周记录');

    // Only the assigned reviewer decides; a send-back needs comments.
    const assistantDecides = await system.graphql(assistant, DECIDE, { id: review.id, decision: 'APPROVE', comments: '' });
    expect(assistantDecides.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const noComments = await system.graphql(manager, DECIDE, { id: review.id, decision: 'REQUEST_CHANGES', comments: ' ' });
    expect(noComments.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'comments', reason: 'COMMENTS_REQUIRED' });

    const approved = await system.graphql<{ decideReview: { status: string; comments: string } }>(manager, DECIDE, {
      id: review.id,
      decision: 'APPROVE',
      comments: '记录完整，同意归档',
    });
    expect(approved.errors).toBeUndefined();
    expect(approved.data!.decideReview).toMatchObject({ status: 'APPROVED', comments: '记录完整，同意归档' });
    const twice = await system.graphql(manager, DECIDE, { id: review.id, decision: 'APPROVE', comments: '' });
    expect(twice.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_DECIDED' });

    const read = await system.graphql<{ customer: { latestReview: { id: string; status: string }; reviews: Array<{ id: string }> } }>(rep, READ, { id });
    expect(read.errors).toBeUndefined();
    expect(read.data!.customer.latestReview).toEqual({ id: review.id, status: 'APPROVED', reviewerId: 'manager-abc2' });
    expect(read.data!.customer.reviews).toEqual([{ id: review.id }]);

    // Records archives once it has consumed review.decided.
    const archived = await waitFor(
      async () => {
        const res = await system.graphql<{ archiveCustomer: { archiveCode: string } }>(assistant, ARCHIVE, { id });
        return res.data?.archiveCustomer;
      },
      { timeoutMs: 15_000, what: 'records to accept the archive' },
    );
    expect(archived.archiveCode).toBe('ABC公司_20240315');

    const decided = await waitFor(async () => {
      const res = await system.graphql<{ notifications: Array<{ id: string; kind: string; title: string; body: string; customerId: string }> }>(rep, NOTIFICATIONS);
      return res.data?.notifications.find((n) => n.kind === 'REVIEW_DECIDED' && n.customerId === id);
    });
    expect(decided.title).toBe('审核通过：ABC公司');
    expect(decided.body).toBe('陈经理：记录完整，同意归档');
    const read2 = await system.graphql<{ markNotificationsRead: Array<{ id: string; readAt: string | null }> }>(rep, MARK_READ, {
      ids: [decided.id],
    });
    expect(read2.errors).toBeUndefined();
    expect(read2.data!.markNotificationsRead[0]!.readAt).toEqual(expect.any(String));
  });

  it('reconciles the jobs on demand for an ADMIN only', async () => {
    const admin = await devToken('ADMIN', 'admin-1', null);
    const report = await system.graphql<{ reconcileJobs: { teamSchedulers: number; ranAt: string } }>(admin, RECONCILE);
    expect(report.errors).toBeUndefined();
    expect(report.data!.reconcileJobs.teamSchedulers).toBeGreaterThanOrEqual(2);
    const rep = await devToken('SALES_REP', 'rep-abc2', 'team-abc2');
    expect((await system.graphql(rep, RECONCILE)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
