import { JOB_NAMES, type Actor, type ReminderKind, type SendReminderJob } from '@salestrail/contract';
import type { Clock } from '../common/clock';
import { KEEP_JOBS, type WorkflowQueues } from '../common/queues';

export const HOUR_MS = 3600_000;

export interface ReminderTiming {
  /** "Due soon" fires this long before the due time (per team, default 2 h). */
  leadMinutes: number;
  /** Escalation to the manager fires this long after the due time (default 24 h). */
  escalateAfterMs: number;
}

export function reminderJobId(kind: ReminderKind, nextActionId: string, dueEpochMs: number): string {
  return `reminder-${kind}-${nextActionId}-${dueEpochMs}`;
}

/** When each reminder of an action due at `dueAt` fires. */
export function reminderFireTimes(dueAt: Date, timing: ReminderTiming): Record<ReminderKind, number> {
  const due = dueAt.getTime();
  return {
    'due-soon': due - timing.leadMinutes * 60_000,
    overdue: due,
    escalate: due + timing.escalateAfterMs,
  };
}

/**
 * Adds and removes the delayed reminder jobs of next actions. Ids are derived from the action and its
 * due time, so adding twice is a no-op and a reschedule gets fresh ids.
 */
export class ReminderScheduler {
  constructor(
    private readonly queues: WorkflowQueues,
    private readonly clock: Clock,
    private readonly escalateAfterMs = 24 * HOUR_MS,
  ) {}

  timing(leadMinutes: number): ReminderTiming {
    return { leadMinutes, escalateAfterMs: this.escalateAfterMs };
  }

  /** Adds the three reminder jobs of an open action; returns their ids. */
  async schedule(
    nextActionId: string,
    dueAt: Date,
    leadMinutes: number,
    skip: ReadonlySet<string> = new Set(),
    actor?: Actor,
  ): Promise<string[]> {
    const times = reminderFireTimes(dueAt, this.timing(leadMinutes));
    const now = this.clock.now().getTime();
    const dueEpochMs = dueAt.getTime();
    const jobs = (Object.keys(times) as ReminderKind[])
      .map((kind) => ({ kind, jobId: reminderJobId(kind, nextActionId, dueEpochMs) }))
      .filter(({ jobId }) => !skip.has(jobId))
      .map(({ kind, jobId }) => {
        const data: SendReminderJob = { kind, nextActionId, dueEpochMs, ...(actor ? { actor } : {}) };
        return {
          name: JOB_NAMES.sendReminder,
          data,
          opts: {
            ...KEEP_JOBS,
            jobId,
            delay: Math.max(0, times[kind] - now),
            attempts: 5,
            backoff: { type: 'exponential', delay: 1_000 },
          },
        };
      });
    if (jobs.length > 0) await this.queues.reminders.addBulk(jobs);
    return jobs.map((j) => j.opts.jobId);
  }

  async removeJob(jobId: string): Promise<void> {
    await this.queues.reminders.remove(jobId);
  }

  /** Removes the reminder jobs of an action at one due time (after completion, cancellation, reschedule). */
  async unschedule(nextActionId: string, dueAt: Date): Promise<void> {
    const dueEpochMs = dueAt.getTime();
    await Promise.all(
      (['due-soon', 'overdue', 'escalate'] as const).map((kind) =>
        this.queues.reminders.remove(reminderJobId(kind, nextActionId, dueEpochMs)),
      ),
    );
  }
}
