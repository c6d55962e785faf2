import type { DataSource } from 'typeorm';
import { BadInputError, ForbiddenError, NotFoundError } from '@salestrail/platform';
import { ManualClock } from '../common/clock';
import { Seed, actorOf, addPeople, testWorkflow, uniqueTeam, workflowTestDataSource, type TestWorkflow } from '../test/harness';
import type { PersonWeek } from './team-week.service';

/**
 * Wednesday 2026-03-04 12:00 UTC. The team works in New York (EST, UTC-5): its week began Monday 03-02
 * 00:00 there, 05:00 UTC; in Shanghai it would have begun Sunday 03-01 16:00 UTC.
 */
const NOW = new Date('2026-03-04T12:00:00Z');
const BEFORE_NY_MONDAY = '2026-03-02T03:00:00Z'; // Sunday 22:00 in New York, Monday 11:00 in Shanghai
const AFTER_NY_MONDAY = '2026-03-02T06:00:00Z'; // Monday 01:00 in New York
const THIS_WEEK = '2026-03-03T02:00:00Z';
const LAST_WEEK = '2026-02-20T02:00:00Z';
const admin = actorOf('ADMIN', 'admin-1', null);

/** More customers than the web app's old computation read (the first 100 of the team). */
const MANY = 120;
const OVERDUE = 110;

describe('teamWeek: each person’s week over the whole team (real Postgres, Redis)', () => {
  let ds: DataSource;
  let wf: TestWorkflow;
  let seed: Seed;
  const clock = new ManualClock(NOW);
  beforeAll(async () => {
    ds = await workflowTestDataSource();
    wf = await testWorkflow(ds, 'team-week', { clock });
    seed = new Seed(ds, wf.module.eventHandler);
  });
  afterAll(async () => {
    await wf.close();
    await ds.destroy();
  });
  const services = () => wf.module.services;

  async function team() {
    const teamId = uniqueTeam('week');
    const otherTeamId = uniqueTeam('week-x');
    const ids = {
      repA: `repa-${teamId}`,
      repB: `repb-${teamId}`,
      manager: `mgr-${teamId}`,
      assistant: `asst-${teamId}`,
      gone: `gone-${teamId}`,
      afterSales: `as-${teamId}`,
      otherManager: `mgr-${otherTeamId}`,
    };
    await services().teams.upsert(admin, { id: teamId, name: '纽约组', managerId: ids.manager, assistantId: ids.assistant, timezone: 'America/New_York' });
    await services().teams.upsert(admin, { id: otherTeamId, name: '华东二组', managerId: ids.otherManager });
    await addPeople(ds, [
      { id: ids.repA, name: '甲销售', role: 'SALES_REP', teamId },
      { id: ids.repB, name: '乙销售', role: 'SALES_REP', teamId },
      { id: ids.manager, name: '丙经理', role: 'SALES_MANAGER', teamId },
      { id: ids.assistant, name: '丁助理', role: 'TEAM_ASSISTANT', teamId },
      { id: ids.gone, name: '已离职', role: 'SALES_REP', teamId, active: false },
      { id: ids.afterSales, name: '戊售后', role: 'AFTER_SALES', teamId: null },
      { id: ids.otherManager, name: '己经理', role: 'SALES_MANAGER', teamId: otherTeamId },
    ]);
    const repB = actorOf('SALES_REP', ids.repB, teamId);
    const manager = actorOf('SALES_MANAGER', ids.manager, teamId);

    // Rep A: 120 customers changed this week, each with a call logged late and its open next action,
    // 110 of those already past their deadline.
    const a = { teamId, ownerId: ids.repA };
    for (let start = 0; start < MANY; start += 20) {
      await Promise.all(
        Array.from({ length: Math.min(20, MANY - start) }, async (_, k) => {
          const i = start + k;
          const customerId = await seed.customer({ ...a, name: `甲客户${String(i).padStart(3, '0')}`, at: THIS_WEEK });
          await seed.interaction({
            ...a,
            customerId,
            occurredAt: '2026-02-27T02:00:00Z',
            loggedAt: THIS_WEEK,
            loggedLate: true,
            dueAt: i < OVERDUE ? '2026-03-04T01:00:00Z' : '2026-03-10T01:00:00Z',
          });
        }),
      );
    }
    // Rep A's customer in another team counts there, not here.
    const elsewhere = await seed.customer({ teamId: otherTeamId, ownerId: ids.repA, name: '别组客户', at: THIS_WEEK });
    await seed.interaction({ teamId: otherTeamId, ownerId: ids.repA, customerId: elsewhere, occurredAt: '2026-02-27T02:00:00Z', loggedAt: THIS_WEEK, loggedLate: true, dueAt: '2026-03-04T01:00:00Z' });

    // Rep B: one record in each review state, plus records on either side of New York's Monday.
    const b = { teamId, ownerId: ids.repB };
    const notSubmitted = await seed.customer({ ...b, name: '未提交公司', at: AFTER_NY_MONDAY });
    await seed.interaction({ ...b, customerId: notSubmitted, occurredAt: '2026-02-27T02:00:00Z', loggedAt: '2026-03-02T07:00:00Z', loggedLate: true, dueAt: '2026-03-10T01:00:00Z', withoutNextAction: true });
    const submitted = await seed.customer({ ...b, name: '已提交公司', at: THIS_WEEK });
    await services().reviews.submit(repB, [submitted], null);
    const approved = await seed.customer({ ...b, name: '已通过公司', at: THIS_WEEK });
    // after-sales owns a next action on the team's customer: they appear too
    await seed.nextAction({ teamId, ownerId: ids.afterSales, customerId: approved, dueAt: '2026-03-03T01:00:00Z', createdAt: THIS_WEEK });
    const [toApprove] = await services().reviews.submit(repB, [approved], null);
    await services().reviews.decide(manager, toApprove!.id, 'APPROVE', '记录完整');
    const sentBack = await seed.customer({ ...b, name: '被退回公司', at: THIS_WEEK });
    const [toSendBack] = await services().reviews.submit(repB, [sentBack], null);
    await services().reviews.decide(manager, toSendBack!.id, 'REQUEST_CHANGES', '补充联系人职务');
    // submitted, then changed again: the current version is not submitted
    const changedAfter = await seed.customer({ ...b, name: '提交后又改公司', at: '2026-03-02T08:00:00Z' });
    await services().reviews.submit(repB, [changedAfter], null);
    await seed.interaction({ ...b, customerId: changedAfter, occurredAt: THIS_WEEK, loggedAt: THIS_WEEK, dueAt: '2026-03-10T01:00:00Z', withoutNextAction: true });
    // changed on Sunday evening in New York (already Monday in Shanghai), with a late log then: last week here
    const sunday = await seed.customer({ ...b, name: '周日公司', at: LAST_WEEK });
    await seed.interaction({ ...b, customerId: sunday, occurredAt: '2026-02-27T02:00:00Z', loggedAt: BEFORE_NY_MONDAY, loggedLate: true, dueAt: '2026-03-10T01:00:00Z', withoutNextAction: true });
    // untouched since last week
    await seed.customer({ ...b, name: '上周公司', at: LAST_WEEK });

    return { teamId, otherTeamId, ids, manager, notSubmitted, submitted, approved, sentBack, changedAfter, sunday };
  }

  const person = (people: PersonWeek[], userId: string) => people.find((p) => p.userId === userId);

  it('counts every customer of the team, well past the first 100, and lists 50 records a person with the full counts', async () => {
    const w = await team();
    const week = await services().teamWeek.week(w.manager, null);
    expect(week.teamId).toBe(w.teamId);
    const a = person(week.people, w.ids.repA)!;
    expect({ ...a, changedRecords: a.changedRecords.length }).toEqual({
      userId: w.ids.repA,
      openNextActions: MANY,
      overdueNextActions: OVERDUE,
      changedCount: MANY,
      changedRecords: 50,
      submittedCount: 0,
      loggedLateCount: MANY,
    });
    expect(a.changedRecords.every((r) => r.reviewState === 'NOT_SUBMITTED' && r.customerName.startsWith('甲客户'))).toBe(true);
    expect(new Set(a.changedRecords.map((r) => r.customerId)).size).toBe(50);
  });

  it('starts the week on Monday 00:00 in the team’s time zone and gives each changed record the state of its current version', async () => {
    const w = await team();
    const week = await services().teamWeek.week(w.manager, w.teamId);
    expect(week.timezone).toBe('America/New_York');
    expect(week.weekStart.toISOString()).toBe('2026-03-02T05:00:00.000Z');
    const b = person(week.people, w.ids.repB)!;
    const states = Object.fromEntries(b.changedRecords.map((r) => [r.customerId, r.reviewState]));
    expect(states).toEqual({
      [w.notSubmitted]: 'NOT_SUBMITTED',
      [w.submitted]: 'SUBMITTED',
      [w.approved]: 'APPROVED',
      [w.sentBack]: 'SENT_BACK',
      [w.changedAfter]: 'NOT_SUBMITTED',
    });
    // Sunday evening in New York is last week: neither that change nor that late log counts.
    expect(b.changedCount).toBe(5);
    expect(b.submittedCount).toBe(2);
    expect(b.loggedLateCount).toBe(1);
    expect(b.changedRecords.map((r) => r.changedAt.getTime())).toEqual([...b.changedRecords.map((r) => r.changedAt.getTime())].sort((x, y) => y - x));
  });

  it('lists the active people of the team, then whoever else owns actions there, and no one inactive', async () => {
    const w = await team();
    const week = await services().teamWeek.week(w.manager, null);
    // by name in Chinese order (丙, 丁, 甲, 乙), the after-sales colleague of no team last
    expect(week.people.map((p) => p.userId)).toEqual([w.ids.manager, w.ids.assistant, w.ids.repA, w.ids.repB, w.ids.afterSales]);
    expect(person(week.people, w.ids.manager)).toMatchObject({ openNextActions: 0, changedCount: 0, loggedLateCount: 0 });
    expect(person(week.people, w.ids.afterSales)).toMatchObject({ openNextActions: 1, overdueNextActions: 1, changedCount: 0 });
    expect(person(week.people, w.ids.gone)).toBeUndefined();
  });

  it('answers the assistant and an ADMIN naming the team; an ADMIN must name one that exists', async () => {
    const w = await team();
    const byManager = await services().teamWeek.week(w.manager, null);
    expect(await services().teamWeek.week(actorOf('TEAM_ASSISTANT', w.ids.assistant, w.teamId), null)).toEqual(byManager);
    expect(await services().teamWeek.week(admin, w.teamId)).toEqual(byManager);
    await expect(services().teamWeek.week(admin, null)).rejects.toBeInstanceOf(BadInputError);
    await expect(services().teamWeek.week(admin, uniqueTeam('nowhere'))).rejects.toBeInstanceOf(NotFoundError);
  });

  it('refuses a salesperson of the team and another team’s manager, who get their own team by default', async () => {
    const w = await team();
    await expect(services().teamWeek.week(actorOf('SALES_REP', w.ids.repA, w.teamId), null)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(services().teamWeek.week(actorOf('SALES_REP', w.ids.repA, w.teamId), w.teamId)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(services().teamWeek.week(actorOf('MARKETING', 'mkt-1', null), w.teamId)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(services().teamWeek.week(actorOf('SALES_REP', 'rep-without-team', null), null)).rejects.toBeInstanceOf(ForbiddenError);
    const otherManager = actorOf('SALES_MANAGER', w.ids.otherManager, w.otherTeamId);
    await expect(services().teamWeek.week(otherManager, w.teamId)).rejects.toBeInstanceOf(ForbiddenError);
    // a made-up team is refused the same way: no telling which teams exist
    await expect(services().teamWeek.week(otherManager, uniqueTeam('nowhere'))).rejects.toBeInstanceOf(ForbiddenError);
    const own = await services().teamWeek.week(otherManager, null);
    expect(own.teamId).toBe(w.otherTeamId);
    expect(own.timezone).toBe('Asia/Shanghai');
    expect(person(own.people, w.ids.repA)).toMatchObject({ openNextActions: 1, overdueNextActions: 1, changedCount: 1, loggedLateCount: 1 });
  });
});
