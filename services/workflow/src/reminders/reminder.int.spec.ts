import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { waitFor } from '@salestrail/testkit';
import { ManualClock } from '../common/clock';
import { Seed, actorOf, recordsEvent, testWorkflow, uniqueTeam, workflowTestDataSource, type TestWorkflow } from '../test/harness';
import { reminderJobId } from './reminder.scheduler';

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

      // A job that runs again sends nothing more.
      expect(await wf.module.reminders.fire({ kind: 'overdue', nextActionId: actionId, dueEpochMs: due.getTime() })).toBe('duplicate');
      expect(await notifications(ds, customerId)).toHaveLength(3);
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
