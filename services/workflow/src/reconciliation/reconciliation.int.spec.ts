import type { DataSource } from 'typeorm';
import { ForbiddenError } from '@salestrail/platform';
import { Seed, actorOf, deleteKeys, testWorkflow, uniqueTeam, workflowTestDataSource, type TestWorkflow } from '../test/harness';
import { createLogger } from '@salestrail/platform';
import { reminderJobId } from '../reminders/reminder.scheduler';
import { JobWatch } from './job-watch';
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
      schedulers: ['0 16 * * *', '0 18 * * *'],
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

  it('walks the open next actions in chunks and schedules every reminder not yet sent, ties on the due time included', async () => {
    const { queues, services } = wf.module;
    const teamId = uniqueTeam();
    await services.teams.upsert(admin, { id: teamId, name: 'T', managerId: 'manager-c', dueSoonLeadMinutes: 45 });
    const seed = new Seed(ds, wf.module.eventHandler);
    const customerId = await seed.customer({ teamId, ownerId: 'rep-c' });
    // 23 open actions over 5 due times (so chunks of 4 split groups that share a due time), two closed.
    const base = Date.now() + 72 * 3600_000 - (Date.now() % 1000);
    const open: Array<{ id: string; due: number }> = [];
    for (let i = 0; i < 23; i += 1) {
      const due = base + (i % 5) * 60_000;
      open.push({ id: await seed.nextAction({ customerId, teamId, ownerId: 'rep-c', dueAt: new Date(due).toISOString() }), due });
    }
    const closed = [
      await seed.nextAction({ customerId, teamId, ownerId: 'rep-c', dueAt: new Date(base).toISOString() }),
      await seed.nextAction({ customerId, teamId, ownerId: 'rep-c', dueAt: new Date(base).toISOString() }),
    ];
    await seed.completeAction({ id: closed[0]!, customerId, teamId, ownerId: 'rep-c' });
    await seed.cancelAction({ id: closed[1]!, customerId, teamId, ownerId: 'rep-c' });
    // Two of them already had their due-soon reminder sent.
    const sent = [reminderJobId('due-soon', open[3]!.id, open[3]!.due), reminderJobId('due-soon', open[17]!.id, open[17]!.due)];
    for (const key of sent) {
      await ds.query(
        `INSERT INTO notification (id, recipient_id, team_id, kind, title, body, dedupe_key, created_at)
         VALUES (gen_random_uuid(), 'rep-c', $1, 'NEXT_ACTION_DUE_SOON', 't', 'b', $2, now())`,
        [teamId, key],
      );
    }
    await deleteKeys(wf.redis, wf.prefix);

    const report = await services.reconciliation.reconcile({ chunkSize: 4 });
    expect(report.reminderJobs).toBeGreaterThanOrEqual(23 * 3 - 2);
    for (const { id, due } of open) {
      for (const kind of ['due-soon', 'overdue', 'escalate'] as const) {
        const jobId = reminderJobId(kind, id, due);
        const job = await queues.reminders.getJob(jobId);
        if (sent.includes(jobId)) expect(job).toBeUndefined();
        else expect({ jobId, data: job?.data }).toEqual({ jobId, data: expect.objectContaining({ kind, nextActionId: id, dueEpochMs: due }) });
      }
      // The team's lead applies to the due-soon reminder.
      const dueSoon = await queues.reminders.getJob(reminderJobId('due-soon', id, due));
      if (dueSoon) expect(Math.abs(dueSoon.timestamp + dueSoon.delay - (due - 45 * 60_000))).toBeLessThan(5_000);
    }
    for (const id of closed) {
      for (const kind of ['due-soon', 'overdue', 'escalate'] as const) {
        expect(await queues.reminders.getJob(reminderJobId(kind, id, base))).toBeUndefined();
      }
    }
  });

  it('reconciles again when Redis loses its data during a pass, and marks Redis reconciled only after a whole pass', async () => {
    const { queues, services } = wf.module;
    const teamId = uniqueTeam();
    await services.teams.upsert(admin, { id: teamId, name: 'T', managerId: 'manager-w' });
    const seed = new Seed(ds, wf.module.eventHandler);
    const customerId = await seed.customer({ teamId, ownerId: 'rep-w' });
    const due = new Date(Date.now() + 48 * 3600_000 - (Date.now() % 1000));
    const action = await seed.nextAction({ customerId, teamId, ownerId: 'rep-w', dueAt: due.toISOString() });
    const overdue = reminderJobId('overdue', action, due.getTime());
    await deleteKeys(wf.redis, wf.prefix);

    let passes = 0;
    const watch = new JobWatch({
      redis: wf.redis,
      queuePrefix: wf.prefix,
      logger: createLogger('job-watch-test', 'silent'),
      reconcile: async (signal) => {
        passes += 1;
        const report = await services.reconciliation.reconcile({ signal });
        // The first pass has added its jobs when Redis loses its data, before the pass ends.
        if (passes === 1) {
          expect(await queues.reminders.getJob(overdue)).toBeDefined();
          await deleteKeys(wf.redis, wf.prefix);
        }
        return report;
      },
    });
    try {
      expect(await wf.redis.exists(watch.marker)).toBe(0);
      await watch.check();
      expect(passes).toBe(2);
      expect(await wf.redis.exists(watch.marker)).toBe(1);
      expect((await queues.reminders.getJob(overdue))?.id).toBe(overdue);
      // Nothing of the passes is left behind but the marker, and with it present a check runs no pass.
      expect(await wf.redis.keys(`${watch.marker}:pass:*`)).toEqual([]);
      await watch.check();
      expect(passes).toBe(2);
    } finally {
      await watch.stop();
    }
  });

  it('stops between chunks when its signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(wf.module.services.reconciliation.reconcile({ chunkSize: 4, signal: controller.signal })).rejects.toThrow();
  });

  it('is for ADMINs only on demand', async () => {
    await expect(wf.module.services.reconciliation.reconcileAs(actorOf('SALES_MANAGER', 'm', 't'))).rejects.toBeInstanceOf(ForbiddenError);
  });
});
