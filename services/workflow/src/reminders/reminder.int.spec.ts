import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { waitFor } from '@salestrail/testkit';
import { ManualClock } from '../common/clock';
import { Seed, actorOf, addPeople, recordsEvent, testWorkflow, uniqueTeam, workflowTestDataSource, type TestWorkflow } from '../test/harness';
import { CATCH_UP_PRIORITY, reminderJobId } from './reminder.scheduler';

const admin = actorOf('ADMIN', 'admin-1', null);

async function notifications(ds: DataSource, customerId: string) {
  return ds.query(
    `SELECT kind, recipient_id AS "recipientId", dedupe_key AS "dedupeKey", created_at AS "createdAt"
     FROM notification WHERE customer_id = $1 ORDER BY created_at, kind`,
    [customerId],
  ) as Promise<Array<{ kind: string; recipientId: string; dedupeKey: string; createdAt: Date }>>;
}

describe('next-action reminders (real Postgres, Redis, BullMQ delayed jobs)', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await workflowTestDataSource();
  });
  afterAll(() => ds.destroy());

  describe('scheduling with a controlled clock', () => {
    let wf: TestWorkflow;
    const clock = new ManualClock(new Date('2026-03-02T01:00:00Z'));
    beforeAll(async () => {
      wf = await testWorkflow(ds, 'reminder-schedule', { clock });
    });
    afterAll(() => wf.close());

    it('adds due-soon (due − team lead), overdue (due) and escalation (due + 24 h) jobs with deterministic ids', async () => {
      const teamId = uniqueTeam();
      await wf.module.services.teams.upsert(admin, { id: teamId, name: 'T', managerId: 'm-1', dueSoonLeadMinutes: 90 });
      const seed = new Seed(ds, wf.module.eventHandler);
      const customerId = await seed.customer({ teamId, ownerId: 'rep-1' });
      const due = new Date('2026-03-03T10:00:00Z');
      const actionId = await seed.nextAction({ customerId, teamId, ownerId: 'rep-1', dueAt: due.toISOString() });
      const jobs = await Promise.all(
        (['due-soon', 'overdue', 'escalate'] as const).map((k) => wf.module.queues.reminders.getJob(reminderJobId(k, actionId, due.getTime()))),
      );
      const now = clock.now().getTime();
      expect(jobs.map((j) => j?.delay)).toEqual([
        due.getTime() - 90 * 60_000 - now,
        due.getTime() - now,
        due.getTime() + 24 * 3600_000 - now,
      ]);
      // Reminders on time have no priority: they go before reminders caught up after their time.
      expect(jobs.map((j) => j?.opts.priority ?? 0)).toEqual([0, 0, 0]);
      const late = await seed.nextAction({ customerId, teamId, ownerId: 'rep-1', dueAt: new Date(clock.now().getTime() + 60_000).toISOString() });
      const lateDueSoon = await wf.module.queues.reminders.getJob(reminderJobId('due-soon', late, clock.now().getTime() + 60_000));
      expect([lateDueSoon?.delay, lateDueSoon?.opts.priority]).toEqual([0, CATCH_UP_PRIORITY]);
      expect((await wf.module.queues.reminders.getJob(reminderJobId('overdue', late, clock.now().getTime() + 60_000)))?.opts.priority ?? 0).toBe(0);
      // Each job carries the identity that caused it (the rep whose event created the action).
      const actor = { userId: 'rep-1', role: 'SALES_REP', teamId };
      expect(jobs.map((j) => j?.data)).toEqual([
        { kind: 'due-soon', nextActionId: actionId, dueEpochMs: due.getTime(), actor },
        { kind: 'overdue', nextActionId: actionId, dueEpochMs: due.getTime(), actor },
        { kind: 'escalate', nextActionId: actionId, dueEpochMs: due.getTime(), actor },
      ]);

      // A new lead for the team moves the due-soon reminder of its open actions.
      await wf.module.services.teams.upsert(admin, { id: teamId, name: 'T', managerId: 'm-1', dueSoonLeadMinutes: 30 });
      const dueSoon = await wf.module.queues.reminders.getJob(reminderJobId('due-soon', actionId, due.getTime()));
      expect(dueSoon?.delay).toBe(due.getTime() - 30 * 60_000 - now);
      expect((await wf.module.queues.reminders.getJob(reminderJobId('overdue', actionId, due.getTime())))?.delay).toBe(due.getTime() - now);

      // A reschedule removes the old jobs and adds new ones under the new due time.
      const later = new Date('2026-03-04T10:00:00Z');
      await seed.rescheduleAction({ id: actionId, customerId, teamId, ownerId: 'rep-1', fromDueAt: due.toISOString(), dueAt: later.toISOString() });
      expect(await wf.module.queues.reminders.getJob(reminderJobId('overdue', actionId, due.getTime()))).toBeUndefined();
      const moved = await wf.module.queues.reminders.getJob(reminderJobId('overdue', actionId, later.getTime()));
      expect(moved?.delay).toBe(later.getTime() - now);

      // Completion removes them.
      await seed.completeAction({ id: actionId, customerId, teamId, ownerId: 'rep-1' });
      for (const k of ['due-soon', 'overdue', 'escalate'] as const) {
        expect(await wf.module.queues.reminders.getJob(reminderJobId(k, actionId, later.getTime()))).toBeUndefined();
      }
    });
  });

  describe('events applied as one batch', () => {
    let wf: TestWorkflow;
    const clock = new ManualClock(new Date('2026-03-02T01:00:00Z'));
    beforeAll(async () => {
      wf = await testWorkflow(ds, 'reminder-batch', { clock });
    });
    afterAll(() => wf.close());

    it('leaves the same jobs as applying the events one by one', async () => {
      const teamId = uniqueTeam();
      await wf.module.services.teams.upsert(admin, { id: teamId, name: 'T', managerId: 'm-b', dueSoonLeadMinutes: 30 });
      const seed = new Seed(ds, wf.module.eventHandler);
      const customerId = await seed.customer({ teamId, ownerId: 'rep-b' });
      const due = new Date('2026-03-05T10:00:00Z');
      const later = new Date('2026-03-06T10:00:00Z');
      const [moved, closed, kept, early] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
      const env = (version: number) => ({ aggregateId: customerId, version, teamId, actorId: 'rep-b' });
      const created = (id: string, version: number) =>
        recordsEvent(
          'next_action.created',
          { nextActionId: id, customerId, interactionId: null, content: '回访', ownerId: 'rep-b', teamId, dueAt: due.toISOString(), createdAt: clock.now().toISOString() },
          env(version),
        );
      // `early` was completed before its creation arrived: a placeholder the creation only fills in.
      await seed.apply(
        recordsEvent('next_action.completed', { nextActionId: early, customerId, ownerId: 'rep-b', completedAt: clock.now().toISOString(), note: null }, env(9)),
      );
      const events = [
        created(early, 1),
        created(moved, 2),
        created(closed, 3),
        created(kept, 4),
        recordsEvent(
          'next_action.rescheduled',
          { nextActionId: moved, customerId, ownerId: 'rep-b', fromDueAt: due.toISOString(), dueAt: later.toISOString(), reason: '客户改期' },
          env(5),
        ),
        recordsEvent('next_action.completed', { nextActionId: closed, customerId, ownerId: 'rep-b', completedAt: clock.now().toISOString(), note: null }, env(6)),
      ];
      await ds.transaction((manager) => wf.module.projection.applyBatch(events, manager));

      const jobs = async (id: string, at: Date) =>
        Promise.all((['due-soon', 'overdue', 'escalate'] as const).map(async (k) => (await wf.module.queues.reminders.getJob(reminderJobId(k, id, at.getTime())))?.delay ?? null));
      const now = clock.now().getTime();
      const expected = (at: Date) => [at.getTime() - 30 * 60_000 - now, at.getTime() - now, at.getTime() + 24 * 3600_000 - now];
      expect({
        moved: await jobs(moved, due),
        movedLater: await jobs(moved, later),
        closed: await jobs(closed, due),
        kept: await jobs(kept, due),
        early: await jobs(early, due),
      }).toEqual({
        moved: [null, null, null],
        movedLater: expected(later),
        closed: [null, null, null],
        kept: expected(due),
        early: [null, null, null],
      });
      const rows: Array<{ id: string; status: string; due_at: Date; content: string }> = await ds.query(
        `SELECT id, status, due_at, content FROM wf_next_action WHERE id = ANY($1) ORDER BY id`,
        [[moved, closed, kept, early]],
      );
      expect(Object.fromEntries(rows.map((r) => [r.id, [r.status, r.due_at.getTime(), r.content]]))).toEqual({
        [moved]: ['OPEN', later.getTime(), '回访'],
        [closed]: ['DONE', due.getTime(), '回访'],
        [kept]: ['OPEN', due.getTime(), '回访'],
        [early]: ['DONE', 0, '回访'],
      });
      // The customer's known version is the newest any event carried.
      expect((await ds.query(`SELECT version FROM wf_customer WHERE id = $1`, [customerId]))[0].version).toBe(9);
    });
  });

  describe('firing with short real delays', () => {
    let wf: TestWorkflow;
    beforeAll(async () => {
      wf = await testWorkflow(ds, 'reminder-fire', { workers: true, escalateAfterMs: 1_500 });
    });
    afterAll(() => wf.close());

    it('sends due-soon and overdue to the owner and the escalation to the manager, once each, not before their time', async () => {
      const teamId = uniqueTeam();
      await wf.module.services.teams.upsert(admin, { id: teamId, name: 'T', managerId: 'manager-r', dueSoonLeadMinutes: 60 });
      const seed = new Seed(ds, wf.module.eventHandler);
      await addPeople(ds, [{ id: 'rep-r', name: '李明', teamId }]);
      const customerId = await seed.customer({ teamId, ownerId: 'rep-r' });
      const due = new Date(Date.now() + 1_500);
      const actionId = await seed.nextAction({ customerId, teamId, ownerId: 'rep-r', dueAt: due.toISOString() });

      const sent = await waitFor(async () => {
        const rows = await notifications(ds, customerId);
        return rows.length >= 3 && rows;
      });
      expect(sent.map((n) => [n.kind, n.recipientId])).toEqual([
        ['NEXT_ACTION_DUE_SOON', 'rep-r'],
        ['NEXT_ACTION_OVERDUE', 'rep-r'],
        ['NEXT_ACTION_ESCALATED', 'manager-r'],
      ]);
      expect(sent[1]!.createdAt.getTime()).toBeGreaterThanOrEqual(due.getTime());
      expect(sent[2]!.createdAt.getTime()).toBeGreaterThanOrEqual(due.getTime() + 1_500);

      // The manager's escalation names the owner, by the directory's name.
      const [escalation] = await ds.query(`SELECT title, body FROM notification WHERE customer_id = $1 AND kind = 'NEXT_ACTION_ESCALATED'`, [customerId]);
      // The delay is this workflow's (1.5 s here), not a fixed "24 h".
      expect(escalation.title).toBe('逾期超过 2 秒（负责人 李明）：把详细的产品规格表发邮件给客户');
      expect(escalation.body).toMatch(/（负责人 李明）$/);
      expect(`${escalation.title} ${escalation.body}`).not.toContain('rep-r');

      // A job that runs again sends nothing more.
      expect(await wf.module.reminders.fire({ kind: 'overdue', nextActionId: actionId, dueEpochMs: due.getTime() })).toBe('duplicate');
      expect(await notifications(ds, customerId)).toHaveLength(3);
    });

    it('escalates to the ADMIN reviewer when the team manager has been deactivated', async () => {
      const teamId = uniqueTeam();
      await addPeople(ds, [{ id: `manager-gone-${teamId}`, name: '离职经理', role: 'SALES_MANAGER', teamId, active: false }]);
      await wf.module.services.teams.upsert(admin, { id: teamId, name: 'T', managerId: `manager-gone-${teamId}` });
      const seed = new Seed(ds, wf.module.eventHandler);
      const customerId = await seed.customer({ teamId, ownerId: 'rep-g' });
      const due = new Date(Date.now() - 3600_000 * 30);
      const actionId = await seed.nextAction({ customerId, teamId, ownerId: 'rep-g', dueAt: due.toISOString() });
      expect(await wf.module.reminders.fire({ kind: 'escalate', nextActionId: actionId, dueEpochMs: due.getTime() })).toBe('sent');
      expect((await notifications(ds, customerId)).filter((n) => n.kind === 'NEXT_ACTION_ESCALATED').map((n) => n.recipientId)).toEqual([
        'admin-1',
      ]);
    });

    it('sends to the new owner after a reassignment, also one applied before the action it moves', async () => {
      const teamId = uniqueTeam();
      await wf.module.services.teams.upsert(admin, { id: teamId, name: 'T', managerId: 'manager-q', dueSoonLeadMinutes: 60 });
      const seed = new Seed(ds, wf.module.eventHandler);
      const customerId = await seed.customer({ teamId, ownerId: 'rep-q' });
      const due = new Date(Date.now() + 3600_000 * 5);
      const reassigned = (nextActionId: string, version: number) =>
        recordsEvent(
          'next_action.reassigned',
          { nextActionId, customerId, fromOwnerId: 'rep-q', toOwnerId: 'rep-q2', teamId, reason: '离职交接', handOverId: randomUUID(), at: new Date().toISOString() },
          { aggregateId: customerId, version, teamId },
        );
      const inOrder = await seed.nextAction({ customerId, teamId, ownerId: 'rep-q', dueAt: due.toISOString() });
      await seed.apply(reassigned(inOrder, seed.version(customerId) + 1));
      expect(await wf.module.reminders.fire({ kind: 'due-soon', nextActionId: inOrder, dueEpochMs: due.getTime() })).toBe('sent');

      // The reassignment first (version 10), its creation (version 9) after: the owner stays the new one,
      // and the creation still schedules the reminders nothing else scheduled.
      const early = randomUUID();
      await seed.apply(reassigned(early, 10));
      const createdAt = new Date().toISOString();
      await seed.apply(
        recordsEvent(
          'next_action.created',
          { nextActionId: early, customerId, interactionId: null, content: '寄送合同样本', ownerId: 'rep-q', teamId, dueAt: due.toISOString(), createdAt },
          { aggregateId: customerId, version: 9, teamId },
        ),
      );
      const [row] = await ds.query(`SELECT owner_id, due_at, content, status FROM wf_next_action WHERE id = $1`, [early]);
      expect(row).toEqual({ owner_id: 'rep-q2', due_at: due, content: '寄送合同样本', status: 'OPEN' });
      expect(await wf.module.queues.reminders.getJob(reminderJobId('overdue', early, due.getTime()))).toBeDefined();
      expect(await wf.module.reminders.fire({ kind: 'due-soon', nextActionId: early, dueEpochMs: due.getTime() })).toBe('sent');
      expect((await notifications(ds, customerId)).map((n) => n.recipientId)).toEqual(['rep-q2', 'rep-q2']);
    });

    it('a reminder added again after it fired and was removed from Redis sends nothing more', async () => {
      const teamId = uniqueTeam();
      await wf.module.services.teams.upsert(admin, { id: teamId, name: 'T', managerId: 'manager-x', dueSoonLeadMinutes: 0 });
      const seed = new Seed(ds, wf.module.eventHandler);
      const customerId = await seed.customer({ teamId, ownerId: 'rep-x' });
      const due = new Date(Date.now() + 800);
      const actionId = await seed.nextAction({ customerId, teamId, ownerId: 'rep-x', dueAt: due.toISOString() });
      const overdue = reminderJobId('overdue', actionId, due.getTime());
      const queue = wf.module.queues.reminders;
      await waitFor(async () => (await queue.getJob(overdue))?.returnvalue === 'sent');
      // Fired reminders are not kept for long (only the last few); the notification is what remembers them.
      expect((await queue.getJob(overdue))!.opts.removeOnComplete).toEqual({ count: 1_000 });
      await queue.remove(overdue);
      expect(await queue.getJob(overdue)).toBeUndefined();

      // Added again (a replayed event, a reconcile racing the firing): it runs at once and sends nothing.
      await wf.module.reminderScheduler.schedule(actionId, due, 0);
      await waitFor(async () => (await queue.getJob(overdue))?.returnvalue === 'duplicate');
      const sent = await notifications(ds, customerId);
      expect(sent.filter((n) => n.dedupeKey === overdue)).toHaveLength(1);
      await waitFor(async () => (await notifications(ds, customerId)).length === 3);
      expect((await notifications(ds, customerId)).map((n) => n.kind).sort()).toEqual([
        'NEXT_ACTION_DUE_SOON',
        'NEXT_ACTION_ESCALATED',
        'NEXT_ACTION_OVERDUE',
      ]);
    });

    it('never fires for completed, cancelled or rescheduled actions', async () => {
      const teamId = uniqueTeam();
      await wf.module.services.teams.upsert(admin, { id: teamId, name: 'T', managerId: 'manager-s', dueSoonLeadMinutes: 0 });
      const seed = new Seed(ds, wf.module.eventHandler);
      const owner = 'rep-s';
      const customerId = await seed.customer({ teamId, ownerId: owner });
      const control = await seed.customer({ teamId, ownerId: owner, name: '对照客户' });
      const due = new Date(Date.now() + 1_200).toISOString();
      const dueMs = new Date(due).getTime();
      const a = { customerId, teamId, ownerId: owner };
      const done = await seed.nextAction({ ...a, dueAt: due });
      const cancelled = await seed.nextAction({ ...a, dueAt: due });
      const moved = await seed.nextAction({ ...a, dueAt: due });
      await seed.nextAction({ customerId: control, teamId, ownerId: owner, dueAt: due });
      await seed.completeAction({ ...a, id: done });
      await seed.cancelAction({ ...a, id: cancelled });
      await seed.rescheduleAction({ ...a, id: moved, fromDueAt: due, dueAt: new Date(Date.now() + 3600_000).toISOString() });

      // The control action, due at the same time, fires all three; by then the others would have too.
      await waitFor(async () => (await notifications(ds, control)).length === 3, { timeoutMs: 15_000 });
      expect(await notifications(ds, customerId)).toEqual([]);
      // Even a job that escaped removal re-checks the state when it runs.
      for (const id of [done, cancelled, moved]) {
        expect(await wf.module.reminders.fire({ kind: 'overdue', nextActionId: id, dueEpochMs: dueMs })).toBe('skipped');
      }
      expect(await notifications(ds, customerId)).toEqual([]);
    });

    it('a reminder that runs while the reschedule that added it is uncommitted waits for it and is sent', async () => {
      const teamId = uniqueTeam();
      await wf.module.services.teams.upsert(admin, { id: teamId, name: 'T', managerId: 'manager-u' });
      const seed = new Seed(ds, wf.module.eventHandler);
      const customerId = await seed.customer({ teamId, ownerId: 'rep-u' });
      const before = new Date(Date.now() + 3600_000 * 30);
      const actionId = await seed.nextAction({ customerId, teamId, ownerId: 'rep-u', dueAt: before.toISOString() });
      const after = new Date(Date.now() + 3600_000);
      // A transaction moves the due time (as the projection applying a reschedule) and has not committed
      // when the new due-soon job (due at once: within the lead) runs.
      const runner = ds.createQueryRunner();
      await runner.connect();
      await runner.startTransaction();
      try {
        await runner.query(`UPDATE wf_next_action SET due_at = $2 WHERE id = $1`, [actionId, after]);
        const fired = wf.module.reminders.fire({ kind: 'due-soon', nextActionId: actionId, dueEpochMs: after.getTime() });
        const early = await Promise.race([fired.then(() => 'finished'), new Promise((r) => setTimeout(() => r('waiting'), 300))]);
        expect(early).toBe('waiting');
        await runner.commitTransaction();
        expect(await fired).toBe('sent');
      } finally {
        if (runner.isTransactionActive) await runner.rollbackTransaction();
        await runner.release();
      }
      expect((await notifications(ds, customerId)).map((n) => n.dedupeKey)).toEqual([reminderJobId('due-soon', actionId, after.getTime())]);
    });

    it('sends to the current owner after a transfer', async () => {
      const teamId = uniqueTeam();
      await wf.module.services.teams.upsert(admin, { id: teamId, name: 'T', managerId: 'manager-t' });
      const seed = new Seed(ds, wf.module.eventHandler);
      const customerId = await seed.customer({ teamId, ownerId: 'rep-old' });
      const due = new Date(Date.now() + 3600_000 * 5);
      const actionId = await seed.nextAction({ customerId, teamId, ownerId: 'rep-old', dueAt: due.toISOString() });
      await seed.apply(
        recordsEvent(
          'customer.transferred',
          {
            customerId,
            fromOwnerId: 'rep-old',
            toOwnerId: 'rep-new',
            fromTeamId: teamId,
            toTeamId: teamId,
            reason: '离职交接',
            nextActionIds: [actionId],
            at: new Date().toISOString(),
          },
          { aggregateId: customerId, version: seed.version(customerId) + 1, teamId },
        ),
      );
      expect(await wf.module.reminders.fire({ kind: 'due-soon', nextActionId: actionId, dueEpochMs: due.getTime() })).toBe('sent');
      expect((await notifications(ds, customerId)).map((n) => n.recipientId)).toEqual(['rep-new']);
      // Unknown action (its event not applied yet): the job fails so that BullMQ retries it later.
      await expect(wf.module.reminders.fire({ kind: 'overdue', nextActionId: randomUUID(), dueEpochMs: 1 })).rejects.toThrow(/not known yet/);
    });
  });
});
