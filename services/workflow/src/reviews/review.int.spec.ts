import type { DataSource } from 'typeorm';
import { BadInputError, ConflictError, ForbiddenError, NotFoundError } from '@salestrail/platform';
import { waitFor } from '@salestrail/testkit';
import { Seed, actorOf, addPeople, testWorkflow, uniqueTeam, workflowTestDataSource, type TestWorkflow } from '../test/harness';
import { routeJobId } from './review.service';

describe('reviews: submission, routing and decision (real Postgres, Redis, BullMQ)', () => {
  let ds: DataSource;
  let wf: TestWorkflow;
  let seed: Seed;
  const admin = actorOf('ADMIN', 'admin-1', null);

  beforeAll(async () => {
    ds = await workflowTestDataSource();
    wf = await testWorkflow(ds, 'reviews', { workers: true });
    seed = new Seed(ds, wf.module.eventHandler);
  });
  afterAll(async () => {
    await wf.close();
    await ds.destroy();
  });

  const services = () => wf.module.services;

  async function team(managerId: string | null = 'manager-1') {
    const id = uniqueTeam();
    await services().teams.upsert(admin, { id, name: '华东一组', managerId, assistantId: 'assistant-1' });
    return id;
  }

  async function counts(customerId: string) {
    const [row] = await ds.query(
      `SELECT (SELECT count(*) FROM review WHERE customer_id = $1)::int AS reviews,
              (SELECT count(*) FROM outbox_event WHERE type LIKE 'review.%' AND payload->>'customerId' = $1)::int AS events,
              (SELECT count(*) FROM notification WHERE customer_id = $1)::int AS notifications`,
      [customerId],
    );
    return row as { reviews: number; events: number; notifications: number };
  }

  async function notificationsOf(userId: string, customerId: string) {
    return ds.query(`SELECT kind, title FROM notification WHERE recipient_id = $1 AND customer_id = $2 ORDER BY created_at`, [
      userId,
      customerId,
    ]);
  }

  /** Waits until the routing job has handled the review's latest submission. */
  async function routed(reviewId: string) {
    await waitFor(async () => {
      const [row] = await ds.query('SELECT routed_version = version AS done FROM review WHERE id = $1', [reviewId]);
      return row?.done === true;
    });
  }

  it('routes a rep’s submission to the team manager through the routing job, which notifies once', async () => {
    const teamId = await team('manager-1');
    const customerId = await seed.customer({ teamId, ownerId: 'rep-1' });
    const [review] = await services().reviews.submit(actorOf('SALES_REP', 'rep-1', teamId), [customerId], '本周记录');
    expect(review).toMatchObject({ status: 'PENDING', reviewerId: 'manager-1', submittedBy: 'rep-1', customerVersion: 1 });
    const notes = await waitFor(async () => {
      const rows = await notificationsOf('manager-1', customerId);
      return rows.length > 0 && rows;
    });
    expect(notes).toEqual([{ kind: 'REVIEW_REQUESTED', title: '审核申请：ABC公司' }]);
    const [row] = await ds.query('SELECT routed_version FROM review WHERE id = $1', [review!.id]);
    expect(row.routed_version).toBe(1);
    // The routing job carries the identity of whoever submitted.
    const job = await wf.module.queues.reviewRouting.getJob(routeJobId(review!.id, 1));
    expect(job?.data.actor).toMatchObject({ userId: 'rep-1', role: 'SALES_REP', teamId });
    // The job is idempotent: running the same routing again sends nothing more.
    expect(await services().reviews.route({ reviewId: review!.id, reviewVersion: 1 })).toBe('skipped');
    expect(await notificationsOf('manager-1', customerId)).toHaveLength(1);
    const queue = await services().reviews.queue(actorOf('SALES_MANAGER', 'manager-1', teamId), null);
    expect(queue.map((r) => r.id)).toContain(review!.id);
    const [event] = await ds.query(`SELECT payload FROM outbox_event WHERE type = 'review.submitted' AND aggregate_id = $1`, [
      review!.id,
    ]);
    expect(event.payload).toMatchObject({ customerId, reviewerId: 'manager-1', customerVersion: 1 });
  });

  it('sends to the ADMIN reviewer when the manager submits, when the manager owns it, or when there is no manager', async () => {
    const teamId = await team('manager-2');
    const repCustomer = await seed.customer({ teamId, ownerId: 'rep-2' });
    const managerCustomer = await seed.customer({ teamId, ownerId: 'manager-2', name: '经理自己的客户' });
    const byManager = await services().reviews.submit(actorOf('SALES_MANAGER', 'manager-2', teamId), [repCustomer], null);
    expect(byManager[0]!.reviewerId).toBe('admin-1');
    // The ADMIN decides; the manager who submitted and the rep who owns the record both hear of it.
    await routed(byManager[0]!.id);
    await services().reviews.decide(actorOf('ADMIN', 'admin-1', null), byManager[0]!.id, 'REQUEST_CHANGES', '补充联系人职务');
    expect((await notificationsOf('manager-2', repCustomer)).map((n: { kind: string }) => n.kind)).toEqual(['REVIEW_DECIDED']);
    expect((await notificationsOf('rep-2', repCustomer)).map((n: { kind: string }) => n.kind)).toEqual(['REVIEW_DECIDED']);
    const managersOwn = await services().reviews.submit(actorOf('ADMIN', 'admin-9', null), [managerCustomer], null);
    expect(managersOwn[0]!.reviewerId).toBe('admin-1');

    const noManager = await team(null);
    const orphan = await seed.customer({ teamId: noManager, ownerId: 'rep-3' });
    expect((await services().reviews.submit(actorOf('SALES_REP', 'rep-3', noManager), [orphan], null))[0]!.reviewerId).toBe('admin-1');

    const unknownTeam = uniqueTeam('unknown');
    const stray = await seed.customer({ teamId: unknownTeam, ownerId: 'rep-4' });
    expect((await services().reviews.submit(actorOf('SALES_REP', 'rep-4', unknownTeam), [stray], null))[0]!.reviewerId).toBe('admin-1');
    await waitFor(async () => (await notificationsOf('admin-1', stray)).length === 1);
  });

  it('refuses other people (FORBIDDEN) and invisible or unknown customers (NOT_FOUND), changing nothing', async () => {
    const teamId = await team('manager-3');
    const customerId = await seed.customer({ teamId, ownerId: 'rep-5' });
    const other = await seed.customer({ teamId, ownerId: 'rep-6', name: 'XYZ公司' });
    const before = await counts(customerId);
    await expect(services().reviews.submit(actorOf('SALES_REP', 'rep-6', teamId), [customerId], null)).rejects.toBeInstanceOf(NotFoundError);
    await expect(services().reviews.submit(actorOf('TEAM_ASSISTANT', 'assistant-1', teamId), [customerId], null)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(services().reviews.submit(actorOf('MARKETING', 'mkt-1', null), [customerId], null)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(services().reviews.submit(actorOf('SALES_MANAGER', 'manager-x', 'other-team'), [customerId], null)).rejects.toBeInstanceOf(NotFoundError);
    // All or nothing: one bad id in the list and the good one is not submitted either.
    await expect(services().reviews.submit(actorOf('SALES_REP', 'rep-6', teamId), [other, customerId], null)).rejects.toBeInstanceOf(NotFoundError);
    await expect(services().reviews.submit(actorOf('SALES_REP', 'rep-5', teamId), ['no-such-customer'], null)).rejects.toBeInstanceOf(NotFoundError);
    const empty = await services().reviews.submit(actorOf('SALES_REP', 'rep-5', teamId), [], null).catch((e) => e);
    expect(empty).toBeInstanceOf(BadInputError);
    expect(empty.details).toEqual({ field: 'customerIds', reason: 'REQUIRED' });
    expect(await counts(customerId)).toEqual(before);
    expect((await counts(other)).reviews).toBe(0);
  });

  it('updates the pending review on resubmission instead of creating a second one', async () => {
    const teamId = await team('manager-4');
    const customerId = await seed.customer({ teamId, ownerId: 'rep-7' });
    const rep = actorOf('SALES_REP', 'rep-7', teamId);
    const [first] = await services().reviews.submit(rep, [customerId], '第一次');
    await seed.need({ customerId, teamId });
    const [second] = await services().reviews.submit(rep, [customerId], '补充了需求');
    expect(second!.id).toBe(first!.id);
    expect(second).toMatchObject({ note: '补充了需求', customerVersion: 2, version: 2 });
    expect((await counts(customerId)).reviews).toBe(1);
    // Each (re)submission is routed: the reviewer hears about both versions.
    await waitFor(async () => (await notificationsOf('manager-4', customerId)).length === 2);
  });

  it('approves (event with the customer version, notification to the submitter) and refuses a second decision', async () => {
    const teamId = await team('manager-5');
    const customerId = await seed.customer({ teamId, ownerId: 'rep-8' });
    await seed.need({ customerId, teamId });
    const [review] = await services().reviews.submit(actorOf('SALES_REP', 'rep-8', teamId), [customerId], null);
    const manager = actorOf('SALES_MANAGER', 'manager-5', teamId);
    await routed(review!.id);

    await expect(services().reviews.decide(actorOf('SALES_MANAGER', 'manager-6', teamId), review!.id, 'APPROVE', '')).rejects.toBeInstanceOf(ForbiddenError);
    // The owner may read the record but does not decide; callers who cannot read it do not learn it exists.
    await expect(services().reviews.decide(actorOf('SALES_REP', 'rep-8', teamId), review!.id, 'APPROVE', '')).rejects.toBeInstanceOf(ForbiddenError);
    await expect(services().reviews.decide(actorOf('SALES_REP', 'rep-other', teamId), review!.id, 'APPROVE', '')).rejects.toBeInstanceOf(NotFoundError);
    await expect(services().reviews.decide(actorOf('SALES_MANAGER', 'manager-x', 'other-team'), review!.id, 'APPROVE', '')).rejects.toBeInstanceOf(NotFoundError);
    await expect(services().reviews.decide(actorOf('AFTER_SALES', 'as-1', null), review!.id, 'APPROVE', '')).rejects.toBeInstanceOf(NotFoundError);
    expect((await ds.query('SELECT status FROM review WHERE id = $1', [review!.id]))[0].status).toBe('PENDING');
    const approved = await services().reviews.decide(manager, review!.id, 'APPROVE', '  ');
    expect(approved).toMatchObject({ status: 'APPROVED', comments: null, customerVersion: 2 });
    expect(approved.decidedAt).toBeInstanceOf(Date);
    const [event] = await ds.query(`SELECT payload FROM outbox_event WHERE type = 'review.decided' AND aggregate_id = $1`, [review!.id]);
    expect(event.payload).toMatchObject({ customerId, status: 'APPROVED', customerVersion: 2, reviewerId: 'manager-5' });
    expect(await notificationsOf('rep-8', customerId)).toEqual([{ kind: 'REVIEW_DECIDED', title: '审核通过：ABC公司' }]);

    const before = await counts(customerId);
    const again = await services().reviews.decide(manager, review!.id, 'REQUEST_CHANGES', '再看看').catch((e) => e);
    expect(again).toBeInstanceOf(ConflictError);
    expect(again.details.reason).toBe('ALREADY_DECIDED');
    expect(await counts(customerId)).toEqual(before);
    // After a decision a new submission opens a new review.
    const [next] = await services().reviews.submit(actorOf('SALES_REP', 'rep-8', teamId), [customerId], null);
    expect(next!.id).not.toBe(review!.id);
  });

  it('lets any ADMIN decide a review assigned to a manager', async () => {
    const teamId = await team('manager-7');
    const customerId = await seed.customer({ teamId, ownerId: 'rep-11' });
    const [review] = await services().reviews.submit(actorOf('SALES_REP', 'rep-11', teamId), [customerId], null);
    expect(review!.reviewerId).toBe('manager-7');
    const decided = await services().reviews.decide(actorOf('ADMIN', 'admin-7', null), review!.id, 'APPROVE', '经理休假，代为审核');
    expect(decided).toMatchObject({ status: 'APPROVED', reviewerId: 'manager-7' });
    const [event] = await ds.query(`SELECT payload FROM outbox_event WHERE type = 'review.decided' AND aggregate_id = $1`, [review!.id]);
    expect(event.payload).toMatchObject({ status: 'APPROVED', reviewerId: 'admin-7' });
  });

  it('requires comments to request changes, then sends the record back with them', async () => {
    const teamId = await team('manager-7');
    await addPeople(ds, [{ id: 'manager-7', name: '陈经理', role: 'SALES_MANAGER', teamId }]);
    const customerId = await seed.customer({ teamId, ownerId: 'rep-9' });
    const [review] = await services().reviews.submit(actorOf('SALES_REP', 'rep-9', teamId), [customerId], null);
    const manager = actorOf('SALES_MANAGER', 'manager-7', teamId);
    await routed(review!.id);
    const before = await counts(customerId);
    const blank = await services().reviews.decide(manager, review!.id, 'REQUEST_CHANGES', '   ').catch((e) => e);
    expect(blank).toBeInstanceOf(BadInputError);
    expect(blank.details).toEqual({ field: 'comments', reason: 'COMMENTS_REQUIRED' });
    expect(await counts(customerId)).toEqual(before);

    const sent = await services().reviews.decide(manager, review!.id, 'REQUEST_CHANGES', '下一步行动不够具体');
    expect(sent).toMatchObject({ status: 'CHANGES_REQUESTED', comments: '下一步行动不够具体' });
    const [event] = await ds.query(`SELECT payload FROM outbox_event WHERE type = 'review.decided' AND aggregate_id = $1`, [review!.id]);
    expect(event.payload).toMatchObject({ status: 'CHANGES_REQUESTED', comments: '下一步行动不够具体' });
    const [note] = await ds.query(`SELECT kind, body FROM notification WHERE recipient_id = 'rep-9' AND customer_id = $1`, [customerId]);
    // Named by the directory, never by id.
    expect(note).toEqual({ kind: 'REVIEW_DECIDED', body: '陈经理：下一步行动不够具体' });
    await expect(services().reviews.decide(manager, '00000000-0000-4000-8000-000000000000', 'APPROVE', '')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('stores the completeness findings of the record as the workflow knows it from records events', async () => {
    const teamId = await team('manager-9');
    const owner = 'rep-12';
    const customerId = await seed.customer({ teamId, ownerId: owner, contactCount: 0, at: '2024-03-15T01:00:00Z' });
    await seed.nextAction({ customerId, teamId, ownerId: owner, dueAt: '2024-03-25T10:00:00Z', content: '上门演示' });
    await seed.stage({ customerId, teamId, ownerId: owner, from: 'LEAD_NURTURING', to: 'PROPOSAL_PRESENTED', at: '2024-03-22T01:00:00Z' });
    const [review] = await services().reviews.submit(actorOf('SALES_REP', owner, teamId), [customerId], null);
    expect(review!.findings.map((f) => f.code).sort()).toEqual([
      'MISSING_BASICS',
      'OVERDUE_ACTION',
      'STAGE_CHANGE_WITHOUT_INTERACTION',
      'STAGE_DISAGREES_WITH_RECORD',
      'STAGE_DISAGREES_WITH_RECORD',
    ]);
    expect(review!.findings.find((f) => f.code === 'MISSING_BASICS')?.field).toBe('contacts');
    // Written from the catalogues (zh-CN as stored; each reader reads them in their language), times in
    // the team's time zone, stages by their names.
    expect(review!.findings.map((f) => f.message)).toEqual(
      expect.arrayContaining([
        '没有记录联系人',
        '下一步行动“上门演示”应于 3月25日 18:00 完成，已逾期',
        '当前阶段为「方案呈现」，但没有记录任何需求',
        '3月22日 09:00 从「线索培育」到「方案呈现」的阶段变更没有沟通记录支撑',
      ]),
    );
  });

  it('finds speculative wording in the summaries records logged, and none in interactions logged before records told it', async () => {
    const teamId = await team('manager-13');
    const owner = 'rep-13';
    const customerId = await seed.customer({ teamId, ownerId: owner });
    const due = new Date(Date.now() + 7 * 86400_000).toISOString();
    const { interactionId } = await seed.interaction({ customerId, teamId, ownerId: owner, occurredAt: new Date().toISOString(), dueAt: due, speculativeTerms: ['可能', 'probably'] });
    await seed.interaction({ customerId, teamId, ownerId: owner, occurredAt: new Date().toISOString(), dueAt: due, speculativeTerms: [] });
    await seed.interaction({ customerId, teamId, ownerId: owner, occurredAt: new Date().toISOString(), dueAt: due });
    const [review] = await services().reviews.submit(actorOf('SALES_REP', owner, teamId), [customerId], null);
    expect(review!.findings.filter((f) => f.code === 'SPECULATIVE_SUMMARY')).toEqual([
      expect.objectContaining({ field: 'summary', refId: interactionId, message: expect.stringContaining('（“可能”和“probably”）') }),
    ]);
    expect(review!.status).toBe('PENDING');
  });

  it('shows reviews per customer only to callers who may read the customer', async () => {
    const teamId = await team('manager-8');
    const customerId = await seed.customer({ teamId, ownerId: 'rep-10' });
    const [review] = await services().reviews.submit(actorOf('SALES_REP', 'rep-10', teamId), [customerId], null);
    const read = (actor: ReturnType<typeof actorOf>) => services().reviews.reviewsOfCustomers(actor, [customerId]);
    expect((await read(actorOf('SALES_REP', 'rep-10', teamId)))[0]!.map((r) => r.id)).toEqual([review!.id]);
    expect((await read(actorOf('TEAM_ASSISTANT', 'assistant-1', teamId)))[0]).toHaveLength(1);
    expect((await read(actorOf('MARKETING', 'mkt', null)))[0]).toHaveLength(1);
    expect((await read(actorOf('SALES_REP', 'rep-11', teamId)))[0]).toEqual([]);
    expect((await read(actorOf('AFTER_SALES', 'as-1', null)))[0]).toEqual([]);
    expect((await read(actorOf('SALES_MANAGER', 'm', 'other-team')))[0]).toEqual([]);
  });
  it('links a resubmission to the review that sent the record back, and shows the salesperson their own reviews', async () => {
    const teamId = await team('manager-20');
    const rep = actorOf('SALES_REP', 'rep-20', teamId);
    const manager = actorOf('SALES_MANAGER', 'manager-20', teamId);
    const customerId = await seed.customer({ teamId, ownerId: 'rep-20', name: '退回重交公司' });
    const other = await seed.customer({ teamId, ownerId: 'rep-21', name: '别人的公司' });
    const [first] = await services().reviews.submit(rep, [customerId], null);
    expect(first!.answersReviewId).toBeNull();
    await services().reviews.decide(manager, first!.id, 'REQUEST_CHANGES', '补充联系人电话');
    await seed.need({ customerId, teamId });
    const [second] = await services().reviews.submit(rep, [customerId], '已补充');
    expect(second).toMatchObject({ status: 'PENDING', answersReviewId: first!.id });
    // A pending review submitted again keeps its link.
    const [again] = await services().reviews.submit(rep, [customerId], '再补充');
    expect(again).toMatchObject({ id: second!.id, answersReviewId: first!.id });
    await services().reviews.decide(manager, second!.id, 'APPROVE', '');
    // After an approval, a new submission answers nothing.
    const [third] = await services().reviews.submit(rep, [customerId], null);
    expect(third!.answersReviewId).toBeNull();
    // Submitted by the manager on the rep's customer: still the rep's review.
    const [byManager] = await services().reviews.submit(manager, [other], null);

    const mine = await services().reviews.mine(rep, null);
    expect(mine.map((r) => [r.id, r.status])).toEqual([
      [third!.id, 'PENDING'],
      [second!.id, 'APPROVED'],
      [first!.id, 'CHANGES_REQUESTED'],
    ]);
    expect((await services().reviews.mine(rep, 'CHANGES_REQUESTED')).map((r) => r.id)).toEqual([first!.id]);
    expect((await services().reviews.mine(actorOf('SALES_REP', 'rep-21', teamId), null)).map((r) => r.id)).toEqual([byManager!.id]);
    expect((await services().reviews.mine(manager, null)).map((r) => r.id)).toEqual([byManager!.id]);
    // Review.answers resolves in one batch, and only to those who may see the review.
    const ids = [second!.id, first!.id, 'not-a-review'];
    expect((await services().reviews.visibleByIds(rep, ids)).map((r) => r?.id ?? null)).toEqual([second!.id, first!.id, null]);
    expect(await services().reviews.visibleByIds(actorOf('SALES_REP', 'rep-21', teamId), ids)).toEqual([null, null, null]);
    expect((await services().reviews.visibleByIds(actorOf('SALES_MANAGER', 'manager-x', 'other-team'), ids)).every((r) => r === null)).toBe(true);
  });

  it("tells the team's assistant of an approval by name, and carries the submitter and submission time to records", async () => {
    const teamId = await team('manager-22');
    await addPeople(ds, [
      { id: 'rep-22', name: '李明', teamId },
      { id: 'manager-22', name: '陈经理', role: 'SALES_MANAGER', teamId },
      { id: 'assistant-1', name: '王助理', role: 'TEAM_ASSISTANT', teamId },
    ]);
    const customerId = await seed.customer({ teamId, ownerId: 'rep-22', name: 'ABC公司' });
    const manager = actorOf('SALES_MANAGER', 'manager-22', teamId);
    const [sentBack] = await services().reviews.submit(actorOf('SALES_REP', 'rep-22', teamId), [customerId], null);
    await services().reviews.decide(manager, sentBack!.id, 'REQUEST_CHANGES', '补充联系人电话');
    expect(await notificationsOf('assistant-1', customerId)).toEqual([]);
    const [review] = await services().reviews.submit(actorOf('SALES_REP', 'rep-22', teamId), [customerId], null);
    await services().reviews.decide(manager, review!.id, 'APPROVE', '记录完整，同意归档');
    const told = await ds.query(`SELECT kind, title, body FROM notification WHERE recipient_id = 'assistant-1' AND customer_id = $1`, [customerId]);
    expect(told).toEqual([
      { kind: 'REVIEW_APPROVED_TO_ARCHIVE', title: '待归档：ABC公司', body: '陈经理 审核通过了 ABC公司（李明 提交），请归档：记录完整，同意归档' },
    ]);
    const [event] = await ds.query(`SELECT payload FROM outbox_event WHERE type = 'review.decided' AND aggregate_id = $1`, [review!.id]);
    expect(event.payload).toMatchObject({ status: 'APPROVED', submittedBy: 'rep-22', submittedAt: review!.submittedAt.toISOString() });

    // An assistant the directory says has left is told nothing.
    const quiet = await team('manager-23');
    await services().teams.upsert(admin, { id: quiet, name: '华东二组', assistantId: 'assistant-left' });
    await addPeople(ds, [{ id: 'assistant-left', name: '周助理', role: 'TEAM_ASSISTANT', teamId: quiet, active: false }]);
    const other = await seed.customer({ teamId: quiet, ownerId: 'rep-23' });
    const [r] = await services().reviews.submit(actorOf('SALES_REP', 'rep-23', quiet), [other], null);
    await services().reviews.decide(actorOf('SALES_MANAGER', 'manager-23', quiet), r!.id, 'APPROVE', '');
    expect(await notificationsOf('assistant-left', other)).toEqual([]);
  });
});
