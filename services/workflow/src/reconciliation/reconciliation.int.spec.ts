import type { DataSource } from 'typeorm';
import { ForbiddenError } from '@salestrail/platform';
import { Seed, actorOf, deleteKeys, testWorkflow, uniqueTeam, workflowTestDataSource, type TestWorkflow } from '../test/harness';
import { reminderJobId } from '../reminders/reminder.scheduler';
import { routeJobId } from '../reviews/review.service';
import { weeklySchedulerId } from '../weekly-cycle/weekly-cycle.scheduler';

const admin = actorOf('ADMIN', 'admin-1', null);

describe('reconciliation after Redis lost its data (real Postgres, Redis)', () => {
  let ds: DataSource;
  let wf: TestWorkflow;
  beforeAll(async () => {
    ds = await workflowTestDataSource();
    wf = await testWorkflow(ds, 'reconcile'); // no workers: the jobs stay where they are
  });
  afterAll(async () => {
    await wf.close();
    await ds.destroy();
  });

  it('re-creates schedulers, reminders not yet sent and unrouted reviews, idempotently', async () => {
    const { queues, services } = wf.module;
    const teamId = uniqueTeam();
    await services.teams.upsert(admin, { id: teamId, name: 'T', managerId: 'manager-q' });
    const seed = new Seed(ds, wf.module.eventHandler);
    const customerId = await seed.customer({ teamId, ownerId: 'rep-q' });
    const due = new Date(Date.now() + 48 * 3600_000);
    due.setUTCMilliseconds(0);
    const open = await seed.nextAction({ customerId, teamId, ownerId: 'rep-q', dueAt: due.toISOString() });
    const done = await seed.nextAction({ customerId, teamId, ownerId: 'rep-q', dueAt: due.toISOString() });
    await seed.completeAction({ id: done, customerId, teamId, ownerId: 'rep-q' });
    const [review] = await services.reviews.submit(actorOf('SALES_REP', 'rep-q', teamId), [customerId], null);
    // The due-soon reminder of the open action was already sent before Redis lost its data.
    await ds.query(
      `INSERT INTO notification (id, recipient_id, team_id, kind, title, body, dedupe_key, created_at)
       VALUES (gen_random_uuid(), 'rep-q', $1, 'NEXT_ACTION_DUE_SOON', 't', 'b', $2, now())`,
      [teamId, reminderJobId('due-soon', open, due.getTime())],
    );

    const expected = {
      overdue: reminderJobId('overdue', open, due.getTime()),
      escalate: reminderJobId('escalate', open, due.getTime()),
      dueSoon: reminderJobId('due-soon', open, due.getTime()),
      route: routeJobId(review!.id, 1),
    };
    const state = async () => ({
      overdue: (await queues.reminders.getJob(expected.overdue))?.id ?? null,
      escalate: (await queues.reminders.getJob(expected.escalate))?.id ?? null,
      doneAction: (await queues.reminders.getJob(reminderJobId('overdue', done, due.getTime())))?.id ?? null,
      route: (await queues.reviewRouting.getJob(expected.route))?.id ?? null,
      schedulers: [
        (await queues.weeklyCycle.getJobScheduler(weeklySchedulerId('weekly-reminder', teamId)))?.pattern ?? null,
        (await queues.weeklyCycle.getJobScheduler(weeklySchedulerId('weekly-summary', teamId)))?.pattern ?? null,
      ],
    });
    const before = await state();
    expect(before).toEqual({
      overdue: expected.overdue,
      escalate: expected.escalate,
      doneAction: null,
      route: expected.route,
      schedulers: ['0 16 * * 5', '0 18 * * 5'],
    });

    expect(await deleteKeys(wf.redis, wf.prefix)).toBeGreaterThan(0);
    expect(await state()).toEqual({ overdue: null, escalate: null, doneAction: null, route: null, schedulers: [null, null] });

    const startedAt = Date.now();
    const report = await services.reconciliation.reconcileAs(admin);
    const endedAt = Date.now();
    expect(report.teamSchedulers).toBeGreaterThanOrEqual(2);
    expect(report.routingJobs).toBeGreaterThanOrEqual(1);
    expect(await state()).toEqual(before);
    // The reminder already sent is not re-created; the delays still aim at the due time.
    expect(await queues.reminders.getJob(expected.dueSoon)).toBeUndefined();
    const overdue = await queues.reminders.getJob(expected.overdue);
    expect(overdue!.delay).toBeGreaterThanOrEqual(due.getTime() - endedAt);
    expect(overdue!.delay).toBeLessThanOrEqual(due.getTime() - startedAt);

    // Running it again changes nothing: the deterministic ids make each add a no-op.
    const counts = await queues.reminders.getJobCounts('delayed', 'wait');
    await services.reconciliation.reconcile();
    expect(await queues.reminders.getJobCounts('delayed', 'wait')).toEqual(counts);
    expect(await state()).toEqual(before);
  });

  it('is for ADMINs only on demand', async () => {
    await expect(wf.module.services.reconciliation.reconcileAs(actorOf('SALES_MANAGER', 'm', 't'))).rejects.toBeInstanceOf(ForbiddenError);
  });
});
