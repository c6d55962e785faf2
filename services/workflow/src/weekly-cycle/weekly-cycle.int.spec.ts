import { randomUUID } from 'node:crypto';
import { getNextMillis } from 'bullmq';
import type { DataSource } from 'typeorm';
import { ManualClock } from '../common/clock';
import { Seed, actorOf, addPeople, recordsEvent, testWorkflow, uniqueTeam, workflowTestDataSource, type TestWorkflow } from '../test/harness';
import { weeklyPatterns, weeklySchedulerId } from './weekly-cycle.scheduler';
import { localDate, weekStart } from './weekly-cycle.service';

const admin = actorOf('ADMIN', 'admin-1', null);

/** Weekday and HH:mm of an instant in a time zone. */
function local(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
}

describe('weekly Friday cycle', () => {
  let ds: DataSource;
  let wf: TestWorkflow;
  const clock = new ManualClock(new Date('2026-03-06T08:00:00Z')); // Friday 16:00 in Shanghai
  beforeAll(async () => {
    ds = await workflowTestDataSource();
    wf = await testWorkflow(ds, 'weekly', { clock });
  });
  afterAll(async () => {
    await wf.close();
    await ds.destroy();
  });

  it('keeps one job scheduler per team and step in the team time zone, replaced when the team changes', async () => {
    const teamId = uniqueTeam();
    await wf.module.services.teams.upsert(admin, { id: teamId, name: 'T', managerId: 'm-1' });
    const queue = wf.module.queues.weeklyCycle;
    const reminder = await queue.getJobScheduler(weeklySchedulerId('weekly-reminder', teamId));
    const summary = await queue.getJobScheduler(weeklySchedulerId('weekly-summary', teamId));
    // Daily: a run acts only on the week's deadline, the last working day by the team calendar.
    expect(reminder).toMatchObject({ pattern: '0 16 * * *', tz: 'Asia/Shanghai', template: { data: { step: 'weekly-reminder', teamId } } });
    expect(summary).toMatchObject({ pattern: '0 18 * * *', tz: 'Asia/Shanghai', template: { data: { step: 'weekly-summary', teamId } } });
    expect(local(reminder!.next!, 'Asia/Shanghai')).toMatch(/ 16:00$/);
    expect(local(summary!.next!, 'Asia/Shanghai')).toMatch(/ 18:00$/);

    await wf.module.services.teams.upsert(admin, { id: teamId, name: 'T', timezone: 'America/New_York', workdayEnd: '17:30' });
    const moved = await queue.getJobScheduler(weeklySchedulerId('weekly-reminder', teamId));
    expect(moved).toMatchObject({ pattern: '30 15 * * *', tz: 'America/New_York' });
    expect(local(moved!.next!, 'America/New_York')).toMatch(/ 15:30$/);
    const mine = (await queue.getJobSchedulers(0, -1)).filter((s) => s.key.endsWith(teamId));
    expect(mine).toHaveLength(2);
  });

  it('fires at the right UTC instants in Asia/Shanghai and across the New York DST change', () => {
    const next = (from: string, workdayEnd: string, step: 'weekly-reminder' | 'weekly-summary', tz: string) =>
      new Date(getNextMillis(new Date(from).getTime(), { pattern: weeklyPatterns(workdayEnd)[step], tz })!).toISOString();
    expect(next('2026-03-06T00:00:00Z', '18:00', 'weekly-reminder', 'Asia/Shanghai')).toBe('2026-03-06T08:00:00.000Z');
    expect(next('2026-03-06T00:00:00Z', '18:00', 'weekly-summary', 'Asia/Shanghai')).toBe('2026-03-06T10:00:00.000Z');
    // New York: EST (UTC−5) on Friday 6 March 2026, EDT (UTC−4) from Sunday 8 March.
    expect(next('2026-03-06T12:00:00Z', '18:00', 'weekly-reminder', 'America/New_York')).toBe('2026-03-06T21:00:00.000Z');
    expect(next('2026-03-06T12:00:00Z', '18:00', 'weekly-summary', 'America/New_York')).toBe('2026-03-06T23:00:00.000Z');
    expect(next('2026-03-13T12:00:00Z', '18:00', 'weekly-reminder', 'America/New_York')).toBe('2026-03-13T20:00:00.000Z');
    expect(next('2026-03-13T12:00:00Z', '18:00', 'weekly-summary', 'America/New_York')).toBe('2026-03-13T22:00:00.000Z');
    // An early workday end moves the reminder to the evening before.
    expect(weeklyPatterns('01:00')['weekly-reminder']).toBe('0 23 * * *');
    // The week the cycle looks at starts on Monday 00:00 local time, DST or not.
    expect(weekStart(new Date('2026-03-13T20:00:00Z'), 'America/New_York').toISOString()).toBe('2026-03-09T04:00:00.000Z');
    expect(weekStart(new Date('2026-03-06T08:00:00Z'), 'Asia/Shanghai').toISOString()).toBe('2026-03-01T16:00:00.000Z');
    expect(localDate(new Date('2026-03-01T16:00:00Z'), 'Asia/Shanghai')).toBe('2026-03-02');
  });

  it('reminds each salesperson with unsubmitted changes this week, then gives the manager the list and late logs', async () => {
    clock.set('2026-03-06T08:00:00Z');
    const teamId = uniqueTeam();
    await wf.module.services.teams.upsert(admin, { id: teamId, name: 'T', managerId: 'manager-w' });
    const seed = new Seed(ds, wf.module.eventHandler);
    await addPeople(ds, [
      { id: 'rep-a', name: '李明', teamId },
      { id: 'rep-d', name: '张伟', teamId },
    ]);
    const thisWeek = '2026-03-03T02:00:00Z';
    const a = await seed.customer({ teamId, ownerId: 'rep-a', name: '甲公司', at: thisWeek });
    const b = await seed.customer({ teamId, ownerId: 'rep-b', name: '乙公司', at: thisWeek });
    await seed.customer({ teamId, ownerId: 'rep-c', name: '丙公司', at: '2026-02-25T02:00:00Z' });
    const d = await seed.customer({ teamId, ownerId: 'rep-d', name: '丁公司', at: thisWeek });
    // rep-e's record was approved and archived this week: nothing left to submit.
    const e = await seed.customer({ teamId, ownerId: 'rep-e', name: '戊公司', at: thisWeek });
    await seed.apply(
      recordsEvent(
        'customer.archived',
        { customerId: e, archiveCode: '戊公司_20240315', reviewId: randomUUID(), archivedAt: '2026-03-04T02:00:00Z' },
        { aggregateId: e, version: 3, teamId, occurredAt: '2026-03-04T02:00:00Z' },
      ),
    );
    await wf.module.services.reviews.submit(actorOf('SALES_REP', 'rep-b', teamId), [b], null);
    await wf.module.services.reviews.submit(actorOf('SALES_REP', 'rep-d', teamId), [d], null);
    // rep-d changed the record after submitting: the review no longer covers it.
    await seed.need({ customerId: d, teamId });
    await seed.interaction({
      customerId: a,
      teamId,
      ownerId: 'rep-a',
      occurredAt: '2026-03-02T03:00:00Z',
      loggedAt: '2026-03-04T03:00:00Z',
      loggedLate: true,
      dueAt: '2026-03-20T10:00:00Z',
    });

    expect(await wf.module.weekly.run({ step: 'weekly-reminder', teamId })).toBe(2);
    const reminded = await ds.query(
      `SELECT recipient_id, body FROM notification WHERE team_id = $1 AND kind = 'WEEKLY_SUBMISSION_DUE' ORDER BY recipient_id`,
      [teamId],
    );
    expect(reminded).toEqual([
      { recipient_id: 'rep-a', body: '本周有改动、尚未提交审核的客户：甲公司' },
      { recipient_id: 'rep-d', body: '本周有改动、尚未提交审核的客户：丁公司' },
    ]);
    // A second run of the same week's job notifies nobody again.
    expect(await wf.module.weekly.run({ step: 'weekly-reminder', teamId })).toBe(0);

    clock.set('2026-03-06T10:00:00Z');
    expect(await wf.module.weekly.run({ step: 'weekly-summary', teamId })).toBe(1);
    const [summary] = await ds.query(
      `SELECT recipient_id, title, body FROM notification WHERE team_id = $1 AND kind = 'WEEKLY_MISSING_SUBMISSIONS'`,
      [teamId],
    );
    expect(summary.recipient_id).toBe('manager-w');
    expect(summary.title).toBe('3月2日 当周：2 位销售人员尚未提交');
    // People by their directory names, never by id; times in the team's time zone.
    expect(summary.body).toBe('未提交：李明（甲公司）和张伟（丁公司）\n超过 24 小时补录的沟通：李明 – 甲公司（3月2日 11:00）');
    expect(summary.body).not.toMatch(/rep-[a-e]/);
    expect(await wf.module.weekly.run({ step: 'weekly-summary', teamId })).toBe(0);
  });
  it('keeps a record sent back on the salesperson\'s list and the manager\'s summary every week until it is resubmitted', async () => {
    const teamId = uniqueTeam();
    await wf.module.services.teams.upsert(admin, { id: teamId, name: 'T', managerId: 'manager-sb' });
    await addPeople(ds, [
      { id: 'rep-sb', name: '李明', teamId },
      { id: 'manager-sb', name: '陈经理', teamId, role: 'SALES_MANAGER' },
    ]);
    const seed = new Seed(ds, wf.module.eventHandler);
    const rep = actorOf('SALES_REP', 'rep-sb', teamId);
    // Submitted and sent back in the week of 23 February; not touched since.
    clock.set('2026-02-26T02:00:00Z');
    const x = await seed.customer({ teamId, ownerId: 'rep-sb', name: '退回公司', at: '2026-02-24T02:00:00Z' });
    const [review] = await wf.module.services.reviews.submit(rep, [x], null);
    await wf.module.services.reviews.decide(actorOf('SALES_MANAGER', 'manager-sb', teamId), review!.id, 'REQUEST_CHANGES', '补充联系人电话');

    for (const friday of ['2026-03-06', '2026-03-13']) {
      clock.set(`${friday}T08:00:00Z`); // 16:00 in Shanghai
      expect(await wf.module.weekly.run({ step: 'weekly-reminder', teamId })).toBe(1);
      clock.set(`${friday}T10:00:00Z`);
      expect(await wf.module.weekly.run({ step: 'weekly-summary', teamId })).toBe(1);
    }
    const reminders = await ds.query(
      `SELECT body FROM notification WHERE team_id = $1 AND kind = 'WEEKLY_SUBMISSION_DUE' AND recipient_id = 'rep-sb' ORDER BY created_at`,
      [teamId],
    );
    expect(reminders).toEqual([
      { body: '已退回修改、尚未重新提交的客户：退回公司' },
      { body: '已退回修改、尚未重新提交的客户：退回公司' },
    ]);
    const summaries = await ds.query(
      `SELECT title, body FROM notification WHERE team_id = $1 AND kind = 'WEEKLY_MISSING_SUBMISSIONS' ORDER BY created_at`,
      [teamId],
    );
    expect(summaries).toEqual([
      { title: '3月2日 当周：1 位销售人员尚未提交', body: '已退回、尚未重新提交：李明（退回公司）' },
      { title: '3月9日 当周：1 位销售人员尚未提交', body: '已退回、尚未重新提交：李明（退回公司）' },
    ]);

    // Resubmitted: off the list (the new review is pending).
    clock.set('2026-03-18T02:00:00Z');
    const [again] = await wf.module.services.reviews.submit(rep, [x], '已补充');
    expect(again!.answersReviewId).toBe(review!.id);
    clock.set('2026-03-20T08:00:00Z');
    expect(await wf.module.weekly.run({ step: 'weekly-reminder', teamId })).toBe(0);
    clock.set('2026-03-20T10:00:00Z');
    expect(await wf.module.weekly.run({ step: 'weekly-summary', teamId })).toBe(1);
    const [last] = await ds.query(
      `SELECT body FROM notification WHERE team_id = $1 AND kind = 'WEEKLY_MISSING_SUBMISSIONS' ORDER BY created_at DESC LIMIT 1`,
      [teamId],
    );
    expect(last.body).toBe('本周所有人都已提交。');
  });

  it('runs on the last working day of the team calendar: a Friday holiday moves it to Thursday, a make-up Saturday to Saturday', async () => {
    const teamId = uniqueTeam();
    await wf.module.services.teams.upsert(admin, { id: teamId, name: 'T', managerId: 'manager-cal' });
    const seed = new Seed(ds, wf.module.eventHandler);
    await seed.customer({ teamId, ownerId: 'rep-cal', name: '调休公司', at: '2026-09-28T02:00:00Z' });
    // 国庆节 2026: Thursday 1 October to Wednesday 7 October off; Sunday 27 September and Saturday 10 October worked.
    await wf.module.services.calendar.setDays(admin, teamId, [
      { date: '2026-09-27', kind: 'WORKING_DAY', name: '国庆节调休' },
      { date: '2026-10-01', kind: 'HOLIDAY', name: '国庆节' },
      { date: '2026-10-02', kind: 'HOLIDAY', name: '国庆节' },
      { date: '2026-10-05', kind: 'HOLIDAY', name: '国庆节' },
      { date: '2026-10-06', kind: 'HOLIDAY', name: '国庆节' },
      { date: '2026-10-07', kind: 'HOLIDAY', name: '国庆节' },
      { date: '2026-10-10', kind: 'WORKING_DAY', name: '国庆节调休' },
    ]);
    const runs = async (at: string) => {
      clock.set(at);
      return wf.module.weekly.run({ step: 'weekly-reminder', teamId });
    };
    // Week of 28 September: Friday 2 October is a holiday, Wednesday 30 September is the last working day.
    expect(await runs('2026-10-02T08:00:00Z')).toBe(0);
    expect(await runs('2026-09-30T08:00:00Z')).toBe(1);
    await seed.customer({ teamId, ownerId: 'rep-cal', name: '节后公司', at: '2026-10-08T02:00:00Z' });
    // Week of 5 October: Friday 9 October works, but the make-up Saturday 10 October is the deadline.
    expect(await runs('2026-10-09T08:00:00Z')).toBe(0);
    expect(await runs('2026-10-10T08:00:00Z')).toBe(1);
    const sent = await ds.query(`SELECT body FROM notification WHERE team_id = $1 AND kind = 'WEEKLY_SUBMISSION_DUE' ORDER BY created_at`, [teamId]);
    expect(sent).toEqual([
      { body: '本周有改动、尚未提交审核的客户：调休公司' },
      { body: '本周有改动、尚未提交审核的客户：节后公司' },
    ]);
    const team = (await wf.module.services.teams.list()).find((t) => t.id === teamId)!;
    expect((await wf.module.services.calendar.weeklyDeadline(team, '2026-10-05'))!.toISOString()).toBe('2026-10-10T10:00:00.000Z');
    expect((await wf.module.services.calendar.weeklyDeadline(team, '2026-10-12'))!.toISOString()).toBe('2026-10-16T10:00:00.000Z');
  });
});
