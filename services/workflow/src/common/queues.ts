import { Queue } from 'bullmq';
import { QUEUES } from '@salestrail/contract';
import type { Redis } from '@salestrail/platform';

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
    const make = (name: string) => new Queue(name, { connection, prefix });
    this.reviewRouting = make(QUEUES.reviewRouting);
    this.reminders = make(QUEUES.reminders);
    this.weeklyCycle = make(QUEUES.weeklyCycle);
    this.notifications = make(QUEUES.notifications);
  }

  all(): Queue[] {
    return [this.reviewRouting, this.reminders, this.weeklyCycle, this.notifications];
  }

  async close(): Promise<void> {
    await Promise.all(this.all().map((q) => q.close()));
  }
}

/** Completed and failed jobs are kept a while so that re-adding the same job id is a no-op. */
export const KEEP_JOBS = {
  removeOnComplete: { age: 7 * 24 * 3600, count: 100_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
} as const;
