import { JOB_NAMES, type Actor, type ReminderKind, type SendReminderJob } from '@salestrail/contract';
import type { Clock } from '../common/clock';
import type { JobsOptions } from 'bullmq';
import { REMINDER_JOBS, type WorkflowQueues } from '../common/queues';

export const HOUR_MS = 3600_000;

/** The BullMQ priority of reminders added after their time (lower than every job without one). */
export const CATCH_UP_PRIORITY = 10;

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

type ReminderJob = { name: string; data: SendReminderJob; opts: JobsOptions & { jobId: string } };

/** One open action's reminders to schedule (jobs whose id is in `skip` are left out). */
export interface ReminderRequest {
  nextActionId: string;
  dueAt: Date;
  leadMinutes: number;
  skip?: ReadonlySet<string>;
  actor?: Actor;
}

/**
 * Reminder job changes collected while a transaction applies events, applied to Redis together: the
 * removals, then one `addBulk` of every job added. The net effect is that of applying each change in
 * order (a job added then removed is not added; a job removed then added again is added).
 */
export class ReminderChanges {
  private readonly adds = new Map<string, ReminderJob>();
  private readonly removals = new Set<string>();

  constructor(private readonly scheduler: ReminderScheduler) {}

  get size(): number {
    return this.adds.size + this.removals.size;
  }

  schedule(request: ReminderRequest): void {
    for (const job of this.scheduler.jobsFor(request)) {
      this.removals.delete(job.opts.jobId);
      this.adds.set(job.opts.jobId, job);
    }
  }

  unschedule(nextActionId: string, dueAt: Date): void {
    for (const jobId of reminderJobIds(nextActionId, dueAt.getTime())) {
      this.adds.delete(jobId);
      this.removals.add(jobId);
    }
  }

  /** Sends the collected changes to Redis; returns the ids of the jobs added. */
  async apply(): Promise<string[]> {
    const removals = [...this.removals];
    const adds = [...this.adds.values()];
    this.removals.clear();
    this.adds.clear();
    await this.scheduler.removeJobs(removals);
    await this.scheduler.addJobs(adds);
    return adds.map((j) => j.opts.jobId);
  }
}

export function reminderJobIds(nextActionId: string, dueEpochMs: number): string[] {
  return REMINDER_KINDS.map((kind) => reminderJobId(kind, nextActionId, dueEpochMs));
}

export const REMINDER_KINDS = ['due-soon', 'overdue', 'escalate'] as const satisfies readonly ReminderKind[];

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

  /** The reminder jobs of one open action, with delays from now. */
  jobsFor(request: ReminderRequest): ReminderJob[] {
    const { nextActionId, dueAt, leadMinutes, skip, actor } = request;
    const times = reminderFireTimes(dueAt, this.timing(leadMinutes));
    const now = this.clock.now().getTime();
    const dueEpochMs = dueAt.getTime();
    return REMINDER_KINDS.map((kind) => ({ kind, jobId: reminderJobId(kind, nextActionId, dueEpochMs) }))
      .filter(({ jobId }) => !skip?.has(jobId))
      .map(({ kind, jobId }) => {
        const data: SendReminderJob = { kind, nextActionId, dueEpochMs, ...(actor ? { actor } : {}) };
        const delay = times[kind] - now;
        return {
          name: JOB_NAMES.sendReminder,
          data,
          opts: {
            ...REMINDER_JOBS,
            jobId,
            delay: Math.max(0, delay),
            // A reminder whose time has already passed (an action due within the due-soon lead, a reconcile
            // after Redis lost its jobs) is caught up behind the reminders firing on time: BullMQ takes
            // jobs without a priority before prioritized ones, so a burst of late ones delays no other.
            ...(delay <= 0 ? { priority: CATCH_UP_PRIORITY } : {}),
            attempts: 5,
            backoff: { type: 'exponential', delay: 1_000 },
          },
        };
      });
  }

  /** Collects reminder changes to apply to Redis at once (see ReminderChanges). */
  changes(): ReminderChanges {
    return new ReminderChanges(this);
  }

  /** Adds the three reminder jobs of an open action; returns their ids. */
  async schedule(
    nextActionId: string,
    dueAt: Date,
    leadMinutes: number,
    skip: ReadonlySet<string> = new Set(),
    actor?: Actor,
  ): Promise<string[]> {
    return this.scheduleMany([{ nextActionId, dueAt, leadMinutes, skip, ...(actor ? { actor } : {}) }]);
  }

  /** Adds the reminder jobs of many open actions in one `addBulk`; returns their ids. */
  async scheduleMany(requests: readonly ReminderRequest[]): Promise<string[]> {
    const jobs = requests.flatMap((r) => this.jobsFor(r));
    await this.addJobs(jobs);
    return jobs.map((j) => j.opts.jobId);
  }

  /** Adds jobs in one `addBulk` (a job whose id exists is left as it is). */
  async addJobs(jobs: readonly ReminderJob[]): Promise<void> {
    if (jobs.length > 0) await this.queues.reminders.addBulk([...jobs]);
  }

  async removeJob(jobId: string): Promise<void> {
    await this.queues.reminders.remove(jobId);
  }

  async removeJobs(jobIds: readonly string[]): Promise<void> {
    await Promise.all(jobIds.map((id) => this.queues.reminders.remove(id)));
  }

  /** Removes the reminder jobs of an action at one due time (after completion, cancellation, reschedule). */
  async unschedule(nextActionId: string, dueAt: Date): Promise<void> {
    await this.removeJobs(reminderJobIds(nextActionId, dueAt.getTime()));
  }
}
