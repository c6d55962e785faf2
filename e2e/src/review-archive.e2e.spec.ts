import { JOB_NAMES, type WeeklyCycleJob } from '@salestrail/contract';
import { createRedis } from '@salestrail/platform';
import { seedPeople, waitFor } from '@salestrail/testkit';
import { WorkflowQueues } from '@salestrail/workflow/dist/common/queues';
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
const TO_ARCHIVE = /* GraphQL */ `
  query ToArchive { customersToArchive { id name archiveCode } }
`;
const SNAPSHOTS = /* GraphQL */ `
  query Snapshots($id: ID!) { archivedSnapshots(customerId: $id) { archiveCode reviewId customerVersion snapshot } }
`;
const MY_REVIEWS = /* GraphQL */ `
  query Mine($status: ReviewStatus) { myReviews(status: $status) { id status comments answersReviewId answers { id status comments } customer { id } } }
`;
const SET_CALENDAR = /* GraphQL */ `
  mutation Calendar($teamId: ID!, $days: [CalendarDayInput!]!) { setTeamCalendarDays(teamId: $teamId, days: $days) { date kind name } }
`;
const DEADLINES = /* GraphQL */ `
  query Deadlines($a: Date, $b: Date) { teams { id a: weeklyDeadline(date: $a) b: weeklyDeadline(date: $b) } }
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

    // 王助理 was told, by name, and found ABC公司 among the records to archive (it is archived now).
    const told = await waitFor(async () => {
      const res = await system.graphql<{ notifications: Array<{ kind: string; title: string; body: string; customerId: string }> }>(assistant, NOTIFICATIONS);
      return res.data?.notifications.find((n) => n.kind === 'REVIEW_APPROVED_TO_ARCHIVE' && n.customerId === id);
    });
    expect(told).toMatchObject({ title: '待归档：ABC公司', body: '陈经理 审核通过了 ABC公司（李明 提交），请归档：记录完整，同意归档' });
    const left = await system.graphql<{ customersToArchive: Array<{ id: string }> }>(assistant, TO_ARCHIVE);
    expect(left.errors).toBeUndefined();
    expect(left.data!.customersToArchive.map((c) => c.id)).not.toContain(id);

    // A double click or a retry after a time-out answers with the same code.
    const again = await system.graphql<{ archiveCustomer: { archiveCode: string } }>(assistant, ARCHIVE, { id });
    expect(again.errors).toBeUndefined();
    expect(again.data!.archiveCustomer.archiveCode).toBe('ABC公司_20240315');

    // The snapshot carries the form's 审核信息: 李明's signature and date, 陈经理's decision and comments.
    const snapshots = await system.graphql<{ archivedSnapshots: Array<{ archiveCode: string; reviewId: string; snapshot: string }> }>(rep, SNAPSHOTS, { id });
    expect(snapshots.errors).toBeUndefined();
    expect(snapshots.data!.archivedSnapshots).toHaveLength(1);
    const frozen = JSON.parse(snapshots.data!.archivedSnapshots[0]!.snapshot);
    expect(snapshots.data!.archivedSnapshots[0]!.reviewId).toBe(review.id);
    expect(frozen.signature).toMatchObject({ salespersonId: 'rep-abc2', salespersonName: '李明', submittedAt: expect.any(String) });
    expect(frozen.review).toMatchObject({ decision: 'APPROVE', reviewerName: '陈经理', comments: '记录完整，同意归档' });

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

  it('keeps a sent-back record with its salesperson until resubmitted, links the resubmission, lists it for the assistant once approved', async () => {
    const admin = await devToken('ADMIN', 'admin-1', null);
    const { tokens } = await seedPeople(system, admin)
      .team('team-back', '华东销售三组')
      .rep('rep-back', '李明')
      .manager('manager-back', '陈经理')
      .assistant('assistant-back', '王助理')
      .create();
    const rep = tokens['rep-back']!;
    const manager = tokens['manager-back']!;
    const assistant = tokens['assistant-back']!;
    const created = await system.graphql<{ createCustomer: { id: string; version: number } }>(rep, CREATE, {
      input: { name: '退回公司', kind: 'ENTERPRISE', industryCode: 'C34', sourceChannel: 'TRADE_SHOW', firstContactDate: '2024-03-15', contacts: [{ name: '王总', role: 'DECISION_MAKER' }] },
    });
    const id = created.data!.createCustomer.id;
    const submitted = await waitFor(
      async () => (await system.graphql<{ submitForReview: Review[] }>(rep, SUBMIT, { ids: [id] })).data?.submitForReview[0],
      { timeoutMs: 15_000, what: 'the workflow to know the record' },
    );
    const back = await system.graphql(manager, DECIDE, { id: submitted.id, decision: 'REQUEST_CHANGES', comments: '补充联系人电话' });
    expect(back.errors).toBeUndefined();

    type Mine = { myReviews: Array<{ id: string; status: string; comments: string | null; answersReviewId: string | null; answers: { id: string; status: string; comments: string } | null; customer: { id: string } }> };
    const sentBack = await system.graphql<Mine>(rep, MY_REVIEWS, { status: 'CHANGES_REQUESTED' });
    expect(sentBack.errors).toBeUndefined();
    expect(sentBack.data!.myReviews).toEqual([
      { id: submitted.id, status: 'CHANGES_REQUESTED', comments: '补充联系人电话', answersReviewId: null, answers: null, customer: { id } },
    ]);

    // The weekly cycle, run by the real worker on the team's deadline: made the day each job is for by the
    // calendar (every other day of that week off), so the jobs act whatever day the test runs. The summary
    // is for today (it runs at workday end), the reminder for the day two hours from now.
    const shanghaiDay = (at: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(at);
    const makeDeadline = async (day: string) => {
      const monday = Date.parse(`${day}T00:00:00Z`) - ((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7) * 86_400_000;
      const week = Array.from({ length: 7 }, (_, i) => new Date(monday + i * 86_400_000).toISOString().slice(0, 10));
      const set = await system.graphql(admin, SET_CALENDAR, {
        teamId: 'team-back',
        days: week.map((date) => ({ date, kind: date === day ? 'WORKING_DAY' : 'HOLIDAY' })),
      });
      expect(set.errors).toBeUndefined();
    };
    const runWeekly = async (job: WeeklyCycleJob) => {
      const redis = createRedis(system.env.REDIS_URL!);
      const queues = new WorkflowQueues(redis, system.env.QUEUE_PREFIX!);
      try {
        await queues.weeklyCycle.add(job.step === 'weekly-summary' ? JOB_NAMES.weeklySummary : JOB_NAMES.weeklyReminder, job);
      } finally {
        await queues.close();
        redis.disconnect();
      }
    };
    const weekly = async (token: string) => {
      const res = await system.graphql<{ notifications: Array<{ kind: string; body: string }> }>(token, NOTIFICATIONS);
      return res.data?.notifications.find((n) => n.kind === 'WEEKLY_MISSING_SUBMISSIONS' || n.kind === 'WEEKLY_SUBMISSION_DUE');
    };
    await makeDeadline(shanghaiDay(Date.now()));
    await runWeekly({ step: 'weekly-summary', teamId: 'team-back' });
    const summary = await waitFor(() => weekly(manager), { what: "the manager's weekly summary" });
    expect(summary.body).toContain('已退回、尚未重新提交：李明（退回公司）');
    await makeDeadline(shanghaiDay(Date.now() + 2 * 3600_000));
    await runWeekly({ step: 'weekly-reminder', teamId: 'team-back' });
    const reminder = await waitFor(() => weekly(rep), { what: "the salesperson's weekly reminder" });
    expect(reminder.body).toBe('已退回修改、尚未重新提交的客户：退回公司');

    const resubmitted = await system.graphql<{ submitForReview: Review[] }>(rep, SUBMIT, { ids: [id], note: '已补充' });
    expect(resubmitted.errors).toBeUndefined();
    const mine = await system.graphql<Mine>(rep, MY_REVIEWS, {});
    expect(mine.data!.myReviews[0]).toMatchObject({
      status: 'PENDING',
      answersReviewId: submitted.id,
      answers: { id: submitted.id, status: 'CHANGES_REQUESTED', comments: '补充联系人电话' },
    });
    const second = mine.data!.myReviews[0]!.id;
    expect((await system.graphql(manager, DECIDE, { id: second, decision: 'APPROVE', comments: '可以归档' })).errors).toBeUndefined();

    // Approved and not archived: on the assistant's list once records has heard of the approval.
    const listed = await waitFor(
      async () => {
        const res = await system.graphql<{ customersToArchive: Array<{ id: string; name: string; archiveCode: string | null }> }>(assistant, TO_ARCHIVE);
        return res.data?.customersToArchive.find((c) => c.id === id);
      },
      { timeoutMs: 15_000, what: 'records to list the approved record' },
    );
    expect(listed).toEqual({ id, name: '退回公司', archiveCode: null });
    // Another team's assistant does not see it.
    const otherAssistant = await devToken('TEAM_ASSISTANT', 'assistant-abc2', 'team-abc2');
    const theirs = await system.graphql<{ customersToArchive: Array<{ id: string }> }>(otherAssistant, TO_ARCHIVE);
    expect(theirs.data!.customersToArchive.map((c) => c.id)).not.toContain(id);
  });

  it('archives two customers of the same name and first-contact date at once, each with a code', async () => {
    const admin = await devToken('ADMIN', 'admin-1', null);
    const teams = [
      await seedPeople(system, admin).team('team-race1').rep('rep-race1', '李明').manager('manager-race1', '陈经理').assistant('assistant-race1', '王助理').create(),
      await seedPeople(system, admin).team('team-race2').rep('rep-race2', '张伟').manager('manager-race2', '周经理').assistant('assistant-race2', '赵助理').create(),
    ];
    const ids: string[] = [];
    for (const [i, t] of teams.entries()) {
      const rep = t.tokens[`rep-race${i + 1}`]!;
      const created = await system.graphql<{ createCustomer: { id: string } }>(rep, CREATE, {
        input: { name: '同名公司', kind: 'ENTERPRISE', industryCode: 'C34', sourceChannel: 'TRADE_SHOW', firstContactDate: '2024-03-15', contacts: [{ name: '王总', role: 'DECISION_MAKER' }] },
      });
      const id = created.data!.createCustomer.id;
      const review = await waitFor(async () => (await system.graphql<{ submitForReview: Review[] }>(rep, SUBMIT, { ids: [id] })).data?.submitForReview[0], {
        timeoutMs: 15_000,
        what: 'the workflow to know the record',
      });
      expect((await system.graphql(t.tokens[`manager-race${i + 1}`]!, DECIDE, { id: review.id, decision: 'APPROVE', comments: '' })).errors).toBeUndefined();
      await waitFor(
        async () =>
          (await system.graphql<{ customersToArchive: Array<{ id: string }> }>(t.tokens[`assistant-race${i + 1}`]!, TO_ARCHIVE)).data?.customersToArchive.some((c) => c.id === id) ||
          undefined,
        { timeoutMs: 15_000, what: 'records to hear of the approval' },
      );
      ids.push(id);
    }
    const answers = await Promise.all(
      ids.map((id, i) => system.graphql<{ archiveCustomer: { archiveCode: string } }>(teams[i]!.tokens[`assistant-race${i + 1}`]!, ARCHIVE, { id })),
    );
    expect(answers.map((a) => a.errors)).toEqual([undefined, undefined]);
    expect(answers.map((a) => a.data!.archiveCustomer.archiveCode).sort()).toEqual(['同名公司_20240315', '同名公司_20240315-2']);
  });

  it("lets an ADMIN keep a team's holidays and make-up working days, which move its weekly deadline", async () => {
    const admin = await devToken('ADMIN', 'admin-1', null);
    const set = await system.graphql(admin, SET_CALENDAR, {
      teamId: 'team-abc2',
      days: [
        { date: '2026-10-01', kind: 'HOLIDAY', name: '国庆节' },
        { date: '2026-10-02', kind: 'HOLIDAY', name: '国庆节' },
        { date: '2026-10-10', kind: 'WORKING_DAY', name: '国庆节调休' },
      ],
    });
    expect(set.errors).toBeUndefined();
    const deadlines = await system.graphql<{ teams: Array<{ id: string; a: string | null; b: string | null }> }>(admin, DEADLINES, { a: '2026-09-28', b: '2026-10-05' });
    expect(deadlines.errors).toBeUndefined();
    // Shanghai 18:00: Wednesday 30 September (Friday 2 October is off), Saturday 10 October (made up).
    expect(deadlines.data!.teams.find((t) => t.id === 'team-abc2')).toEqual({ id: 'team-abc2', a: '2026-09-30T10:00:00.000Z', b: '2026-10-10T10:00:00.000Z' });
    expect(deadlines.data!.teams.find((t) => t.id === 'team-back')).toMatchObject({ a: '2026-10-02T10:00:00.000Z', b: '2026-10-09T10:00:00.000Z' });

    const manager = await devToken('SALES_MANAGER', 'manager-abc2', 'team-abc2');
    const day = { date: '2026-10-11', kind: 'WORKING_DAY' };
    expect((await system.graphql(manager, SET_CALENDAR, { teamId: 'team-abc2', days: [day] })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await system.graphql(admin, SET_CALENDAR, { teamId: 'no-such-team', days: [day] })).errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'teamId',
      reason: 'UNKNOWN_TEAM',
    });
    const badKind = await system.graphql(admin, SET_CALENDAR, { teamId: 'team-abc2', days: [{ date: '2026-10-11', kind: 'DAY_OFF' }] });
    expect(badKind.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_ENUM_VALUE' });
    const after = await system.graphql<{ teams: Array<{ id: string; a: string | null; b: string | null }> }>(admin, DEADLINES, { a: '2026-10-05', b: '2026-10-12' });
    expect(after.data!.teams.find((t) => t.id === 'team-abc2')).toEqual({ id: 'team-abc2', a: '2026-10-10T10:00:00.000Z', b: '2026-10-16T10:00:00.000Z' });
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
