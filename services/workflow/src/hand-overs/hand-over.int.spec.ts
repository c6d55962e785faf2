import type { DataSource } from 'typeorm';
import { Seed, actorOf, addPeople, recordsEvent, testWorkflow, uniqueTeam, workflowTestDataSource, type TestWorkflow } from '../test/harness';

describe('hand-over of what a person holds (real Postgres)', () => {
  let ds: DataSource;
  let wf: TestWorkflow;
  const admin = actorOf('ADMIN', 'admin-1', null);
  beforeAll(async () => {
    ds = await workflowTestDataSource();
    wf = await testWorkflow(ds, 'hand-over');
  });
  afterAll(async () => {
    await wf.close();
    await ds.destroy();
  });

  const handOvers = () => wf.module.services.handOvers;
  const rejection = (p: Promise<unknown>) =>
    p.then(
      () => {
        throw new Error('expected a rejection');
      },
      (e: { code: string; details: unknown }) => e,
    );

  /** A team with its manager 陈经理, the leaving rep 李明 (a customer, an action, reviews both ways) and a successor 王强. */
  async function world() {
    const teamId = uniqueTeam();
    const p = {
      manager: `mgr-${teamId}`,
      leaving: `rep-leave-${teamId}`,
      successor: `rep-next-${teamId}`,
      colleague: `rep-col-${teamId}`,
      assistant: `asst-${teamId}`,
    };
    await addPeople(ds, [
      { id: p.manager, name: '陈经理', role: 'SALES_MANAGER', teamId },
      { id: p.leaving, name: '李明', teamId },
      { id: p.successor, name: '王强', teamId },
      { id: p.colleague, name: '赵敏', teamId },
      { id: p.assistant, name: '王助理', role: 'TEAM_ASSISTANT', teamId },
    ]);
    // The leaving rep decides reviews too (the team's reviewer for this test).
    await wf.module.services.teams.upsert(admin, { id: teamId, name: '华东销售组', managerId: p.leaving });
    const seed = new Seed(ds, wf.module.eventHandler);
    const mine = await seed.customer({ teamId, ownerId: p.leaving, name: 'ABC公司' });
    const theirs = await seed.customer({ teamId, ownerId: p.colleague, name: 'DEF公司' });
    const [submitted] = await wf.module.services.reviews.submit(actorOf('SALES_REP', p.leaving, teamId), [mine], null);
    const [toDecide] = await wf.module.services.reviews.submit(actorOf('SALES_REP', p.colleague, teamId), [theirs], null);
    return { teamId, p, mine, theirs, submitted: submitted!, toDecide: toDecide! };
  }

  /** Every row a refused hand-over must leave as it was. */
  async function state(teamId: string) {
    const [row] = await ds.query(
      `SELECT (SELECT json_agg(json_build_object('id', id, 'by', submitted_by, 'reviewer', reviewer_id) ORDER BY id) FROM review WHERE team_id = $1) AS reviews,
              (SELECT count(*)::int FROM hand_over WHERE team_id = $1) AS hand_overs,
              (SELECT count(*)::int FROM outbox_event WHERE type = 'hand_over.requested' AND team_id = $1) AS events,
              (SELECT count(*)::int FROM notification WHERE team_id = $1 AND kind = 'HAND_OVER_RECEIVED') AS notifications`,
      [teamId],
    );
    return row as Record<string, unknown>;
  }

  it('moves the pending reviews at once, asks records for the rest, tells the successor by name, and runs once', async () => {
    const { teamId, p, submitted, toDecide } = await world();
    const manager = actorOf('SALES_MANAGER', p.manager, teamId);
    const started = await handOvers().request(manager, p.leaving, p.successor, '李明离职，客户交接给王强');
    expect(started).toMatchObject({ status: 'RUNNING', fromUserId: p.leaving, toUserId: p.successor, scopeTeamId: teamId, reviewsMoved: 2 });

    const reviews = await ds.query(`SELECT id, submitted_by, reviewer_id FROM review WHERE id = ANY($1) ORDER BY id`, [[submitted.id, toDecide.id]]);
    expect(Object.fromEntries(reviews.map((r: { id: string; submitted_by: string; reviewer_id: string }) => [r.id, [r.submitted_by, r.reviewer_id]]))).toEqual({
      [submitted.id]: [p.successor, submitted.reviewerId],
      [toDecide.id]: [p.colleague, p.successor],
    });
    // Who held which review when: kept per hand-over.
    const kept = await ds.query(`SELECT review_id, part, from_user_id, to_user_id FROM hand_over_review WHERE hand_over_id = $1 ORDER BY part`, [started.id]);
    expect(kept).toEqual([
      { review_id: toDecide.id, part: 'REVIEWER', from_user_id: p.leaving, to_user_id: p.successor },
      { review_id: submitted.id, part: 'SUBMITTER', from_user_id: p.leaving, to_user_id: p.successor },
    ]);
    const [event] = await ds.query(`SELECT payload, actor FROM outbox_event WHERE type = 'hand_over.requested' AND aggregate_id = $1`, [started.id]);
    expect(event.payload).toMatchObject({ handOverId: started.id, fromUserId: p.leaving, toUserId: p.successor, scopeTeamId: teamId });
    expect(event.actor).toMatchObject({ userId: p.manager, role: 'SALES_MANAGER' });
    const [note] = await ds.query(`SELECT recipient_id, title, body FROM notification WHERE kind = 'HAND_OVER_RECEIVED' AND team_id = $1`, [teamId]);
    expect(note).toEqual({
      recipient_id: p.successor,
      title: '李明 的记录正在移交给你',
      body: '陈经理 将 李明 的客户、待办的下一步行动和 2 条待审核记录移交给你：李明离职，客户交接给王强',
    });

    // Asking again returns the running hand-over and does nothing twice; another successor must wait.
    const before = await state(teamId);
    expect((await handOvers().request(manager, p.leaving, p.successor, '再次提交')).id).toBe(started.id);
    expect(await rejection(handOvers().request(manager, p.leaving, p.colleague, '改交给赵敏'))).toMatchObject({
      code: 'CONFLICT',
      details: { reason: 'HAND_OVER_RUNNING' },
    });
    expect(await state(teamId)).toEqual(before);

    // records reports the customers and actions moved: done.
    const seed = new Seed(ds, wf.module.eventHandler);
    await seed.apply(
      recordsEvent(
        'hand_over.completed',
        { handOverId: started.id, fromUserId: p.leaving, toUserId: p.successor, customersMoved: 1, nextActionsMoved: 0, completedAt: new Date().toISOString() },
        { aggregateId: started.id, version: 2, teamId },
      ),
    );
    const [done] = await handOvers().list(manager, { userId: p.leaving });
    expect(done).toMatchObject({ id: started.id, status: 'COMPLETED', customersMoved: 1, nextActionsMoved: 0 });
    expect(await handOvers().list(actorOf('SALES_REP', p.colleague, teamId), {})).toEqual([]);
    expect((await handOvers().list(actorOf('SALES_REP', p.successor, teamId), {})).map((h) => h.id)).toEqual([started.id]);
  });

  it('refuses whoever may not hand over and successors who cannot take it, each refusal changing nothing', async () => {
    const { teamId, p } = await world();
    const other = uniqueTeam();
    await addPeople(ds, [
      { id: `gone-${teamId}`, name: '已离职', teamId, active: false },
      { id: `mkt-${teamId}`, name: '刘敏', role: 'MARKETING' },
      { id: `rep-x-${teamId}`, name: '外组', teamId: other },
    ]);
    const manager = actorOf('SALES_MANAGER', p.manager, teamId);
    const before = await state(teamId);
    const refusals: Array<[Promise<unknown>, Record<string, unknown>]> = [
      [handOvers().request(actorOf('SALES_REP', p.colleague, teamId), p.leaving, p.successor, '交接'), { code: 'FORBIDDEN' }],
      [handOvers().request(actorOf('TEAM_ASSISTANT', p.assistant, teamId), p.leaving, p.successor, '交接'), { code: 'FORBIDDEN' }],
      [handOvers().request(actorOf('SALES_MANAGER', 'mgr-other', other), p.leaving, p.successor, '交接'), { code: 'FORBIDDEN' }],
      [handOvers().request(manager, `nobody-${teamId}`, p.successor, '交接'), { details: { field: 'fromUserId', reason: 'UNKNOWN_USER' } }],
      [handOvers().request(manager, p.leaving, `nobody-${teamId}`, '交接'), { details: { field: 'toUserId', reason: 'UNKNOWN_USER' } }],
      [handOvers().request(manager, p.leaving, `gone-${teamId}`, '交接'), { details: { field: 'toUserId', reason: 'INACTIVE_USER' } }],
      [handOvers().request(manager, p.leaving, p.assistant, '交接'), { details: { field: 'toUserId', reason: 'OWNER_NOT_ALLOWED' } }],
      [handOvers().request(admin, p.leaving, `mkt-${teamId}`, '交接'), { details: { field: 'toUserId', reason: 'OWNER_NOT_ALLOWED' } }],
      [handOvers().request(manager, p.leaving, `rep-x-${teamId}`, '交接'), { details: { field: 'toUserId', reason: 'OWNER_NOT_ALLOWED' } }],
      [handOvers().request(manager, p.leaving, p.leaving, '交接'), { details: { field: 'toUserId', reason: 'SAME_OWNER' } }],
      [handOvers().request(manager, p.leaving, p.successor, '  '), { details: { field: 'reason', reason: 'REASON_REQUIRED' } }],
    ];
    for (const [attempt, expected] of refusals) expect(await rejection(attempt)).toMatchObject(expected);
    expect(await state(teamId)).toEqual(before);
    // ADMIN may hand over to someone of another team (every team's records).
    expect(await handOvers().request(admin, p.leaving, `rep-x-${teamId}`, '调往外组')).toMatchObject({ scopeTeamId: null });
  });

  it('deactivation with a successor starts the hand-over in the same transaction, and a bad successor refuses both', async () => {
    const { teamId, p } = await world();
    const directory = wf.module.services.directory;
    const bad = await rejection(directory.deactivate(admin, p.leaving, `nobody-${teamId}`, '离职'));
    expect(bad).toMatchObject({ details: { field: 'successorId', reason: 'UNKNOWN_USER' } });
    const [still] = await ds.query(`SELECT active, version FROM directory_user WHERE id = $1`, [p.leaving]);
    expect(still).toEqual({ active: true, version: 1 });
    expect(await ds.query(`SELECT type FROM outbox_event WHERE aggregate_id = $1`, [p.leaving])).toEqual([]);

    const done = await directory.deactivate(admin, p.leaving, p.successor, '离职');
    expect(done.user.active).toBe(false);
    expect(done.holdings).toMatchObject({ customerCount: 1, submittedReviewIds: [expect.any(String)], reviewIdsToDecide: [expect.any(String)] });
    expect(done.handOver).toMatchObject({ fromUserId: p.leaving, toUserId: p.successor, status: 'RUNNING', reviewsMoved: 2 });
    const [deactivated] = await ds.query(`SELECT payload FROM outbox_event WHERE type = 'user.deactivated' AND aggregate_id = $1`, [p.leaving]);
    expect(deactivated.payload).toMatchObject({ successorId: p.successor, active: false });
    // Asked again: nothing new, the same hand-over.
    const again = await directory.deactivate(admin, p.leaving, p.successor, '离职');
    expect(again.handOver!.id).toBe(done.handOver!.id);
    expect(await ds.query(`SELECT count(*)::int AS n FROM outbox_event WHERE aggregate_id = $1`, [p.leaving])).toEqual([{ n: 1 }]);
  });
});
