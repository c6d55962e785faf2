import type { Queue } from 'bullmq';
import { QUEUES } from '@salestrail/contract';
import { createQueue, watchQueues, type Redis } from '@salestrail/platform';

/** The workflow's BullMQ queues (producer side), one connection, one prefix. */
export class WorkflowQueues {
  readonly reviewRouting: Queue;
  readonly reminders: Queue;
  readonly weeklyCycle: Queue;
  readonly notifications: Queue;

  constructor(
    readonly connection: Redis,
    readonly prefix: string,
  ) {
    // createQueue: each job carries the request id (and, traced, the trace context) of the work adding it.
    const make = (name: string) => createQueue(name, { connection, prefix });
    this.reviewRouting = make(QUEUES.reviewRouting);
    this.reminders = make(QUEUES.reminders);
    this.weeklyCycle = make(QUEUES.weeklyCycle);
    this.notifications = make(QUEUES.notifications);
    this.unwatch = watchQueues(this.all());
  }

  private readonly unwatch: () => void;

  all(): Queue[] {
    return [this.reviewRouting, this.reminders, this.weeklyCycle, this.notifications];
  }

  async close(): Promise<void> {
    this.unwatch();
    await Promise.all(this.all().map((q) => q.close()));
  }
}

/** Completed and failed jobs are kept a while so that re-adding the same job id is a no-op. */
export const KEEP_JOBS = {
  removeOnComplete: { age: 7 * 24 * 3600, count: 100_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
} as const;

/**
 * Reminder jobs are removed as soon as they complete. Keeping them is not what makes a reminder
 * exactly-once: the notification's unique dedupe key is the job id, so a reminder re-added after it fired
 * runs again and sends nothing, and reconciliation does not re-add reminders whose notification exists.
 * Keeping fired reminders (7 days, up to 100 000) cost most of Redis' memory at scale. Only the last
 * 1 000 stay, for inspection; failed ones stay 30 days like the others.
 */
export const REMINDER_JOBS = {
  removeOnComplete: { count: 1_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
} as const;
