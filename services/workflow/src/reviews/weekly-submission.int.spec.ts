import type { DataSource } from 'typeorm';
import { ManualClock } from '../common/clock';
import { Seed, actorOf, testWorkflow, uniqueTeam, workflowTestDataSource, type TestWorkflow } from '../test/harness';

/** Friday 2026-03-06 16:00 in Shanghai; the week began Monday 03-02 00:00 there (03-01 16:00 UTC). */
const FRIDAY = new Date('2026-03-06T08:00:00Z');
const admin = actorOf('ADMIN', 'admin-1', null);

describe('weeklySubmission: the records a salesperson owes this Friday, with their findings (real Postgres, Redis)', () => {
  let ds: DataSource;
  let wf: TestWorkflow;
  let seed: Seed;
  const clock = new ManualClock(FRIDAY);
  beforeAll(async () => {
    ds = await workflowTestDataSource();
    wf = await testWorkflow(ds, 'weekly-submission', { clock });
    seed = new Seed(ds, wf.module.eventHandler);
  });
  afterAll(async () => {
    await wf.close();
    await ds.destroy();
  });
  const reviews = () => wf.module.services.reviews;

  async function week() {
    const teamId = uniqueTeam('friday');
    const managerId = `mgr-${teamId}`;
    await wf.module.services.teams.upsert(admin, { id: teamId, name: '华东一组', managerId });
    const rep = actorOf('SALES_REP', `rep-${teamId}`, teamId);
    const otherRep = actorOf('SALES_REP', `rep2-${teamId}`, teamId);
    const manager = actorOf('SALES_MANAGER', managerId, teamId);
    const ownedBy = { teamId, ownerId: rep.userId };

    // complete: a call this week with a next action due next week
    const complete = await seed.customer({ ...ownedBy, name: 'ABC公司', at: '2026-03-03T02:00:00Z' });
    await seed.interaction({ ...ownedBy, customerId: complete, occurredAt: '2026-03-03T02:00:00Z', loggedAt: '2026-03-03T03:00:00Z', dueAt: '2026-03-10T10:00:00Z' });
    // a call this week without its next action
    const gaps = await seed.customer({ ...ownedBy, name: 'XYZ物流', at: '2026-03-04T02:00:00Z' });
    await seed.interaction({ ...ownedBy, customerId: gaps, occurredAt: '2026-03-04T02:00:00Z', loggedAt: '2026-03-04T03:00:00Z', dueAt: '2026-03-10T10:00:00Z', withoutNextAction: true });
    // last week's record, untouched since: not this Friday's business
    await seed.customer({ ...ownedBy, name: '上周的公司', at: '2026-02-24T02:00:00Z' });
    // changed this week and already submitted at its current version: covered
    const submitted = await seed.customer({ ...ownedBy, name: '已提交公司', at: '2026-03-05T02:00:00Z' });
    await reviews().submit(rep, [submitted], null);
    // submitted earlier, sent back by the manager: owed again, first
    const sentBack = await seed.customer({ ...ownedBy, name: '被退回公司', at: '2026-02-20T02:00:00Z' });
    const [review] = await reviews().submit(rep, [sentBack], null);
    await reviews().decide(manager, review!.id, 'REQUEST_CHANGES', '补充联系人职务');
    // a colleague's record changed this week
    await seed.customer({ teamId, ownerId: otherRep.userId, name: '同事的公司', at: '2026-03-05T02:00:00Z' });
    return { teamId, rep, otherRep, manager, complete, gaps, sentBack };
  }

  it('lists sent-back records first, then this week’s uncovered changes, each with what a submission would find now', async () => {
    const w = await week();
    const owed = await reviews().weeklySubmission(w.rep);
    expect(owed.map((r) => r.customerId)).toEqual([w.sentBack, w.gaps, w.complete]);
    expect(owed.map((r) => r.sentBack)).toEqual([true, false, false]);
    const gaps = owed.find((r) => r.customerId === w.gaps)!;
    expect(gaps.findings.map((f) => f.code).sort()).toEqual(['INTERACTION_WITHOUT_NEXT_ACTION', 'NO_OPEN_NEXT_ACTION']);
    expect(gaps.findings.every((f) => f.message.length > 0 && f.timeZone === 'Asia/Shanghai')).toBe(true);
    expect(owed.find((r) => r.customerId === w.complete)!.findings).toEqual([]);
  });

  it('finds what the submission finds: the same check, the same findings', async () => {
    const w = await week();
    const owed = await reviews().weeklySubmission(w.rep);
    const [submitted] = await reviews().submit(w.rep, [w.gaps], null);
    expect(owed.find((r) => r.customerId === w.gaps)!.findings.map((f) => [f.code, f.message, f.refId ?? null])).toEqual(
      submitted!.findings.map((f) => [f.code, f.message, f.refId ?? null]),
    );
    // once submitted, it is covered and leaves the list; the rest stay
    expect((await reviews().weeklySubmission(w.rep)).map((r) => r.customerId)).toEqual([w.sentBack, w.complete]);
  });

  it('is the caller’s own list only: a colleague’s and a manager’s are theirs', async () => {
    const w = await week();
    const theirs = await reviews().weeklySubmission(w.otherRep);
    expect(theirs).toHaveLength(1);
    expect(theirs.map((r) => r.customerId)).not.toContain(w.gaps);
    expect(await reviews().weeklySubmission(w.manager)).toEqual([]);
  });

  it('reads the week in the team’s time zone', async () => {
    const w = await week();
    // Sunday 03-01 18:00 UTC is already Monday 03-02 02:00 in Shanghai: this week
    const early = await seed.customer({ teamId: w.teamId, ownerId: w.rep.userId, name: '周一凌晨公司', at: '2026-03-01T18:00:00Z' });
    // Sunday 03-01 15:00 UTC is Sunday 23:00 in Shanghai: last week
    const late = await seed.customer({ teamId: w.teamId, ownerId: w.rep.userId, name: '周日深夜公司', at: '2026-03-01T15:00:00Z' });
    const ids = (await reviews().weeklySubmission(w.rep)).map((r) => r.customerId);
    expect(ids).toContain(early);
    expect(ids).not.toContain(late);
  });
});
