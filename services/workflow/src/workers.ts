import { Worker, type Job } from 'bullmq';
import { JOB_NAMES, QUEUES, RouteReviewJob, SendReminderJob, WeeklyCycleJob } from '@salestrail/contract';
import { workerLockSettings, type Logger, type Redis } from '@salestrail/platform';
import type { EmailSender } from './email/email.sender';
import type { ReminderService } from './reminders/reminder.service';
import type { ReviewService } from './reviews/review.service';
import type { WebhookDeliverer } from './webhooks/webhook.delivery';
import type { WeeklyCycleService } from './weekly-cycle/weekly-cycle.service';

export interface WorkflowWorkerDeps {
  connection: Redis;
  prefix: string;
  logger: Logger;
  reviews: ReviewService;
  reminders: ReminderService;
  weekly: WeeklyCycleService;
  webhooks: WebhookDeliverer;
  email: EmailSender | null;
  /** Reminder jobs run at once (default 8). */
  reminderConcurrency?: number;
  /** BullMQ's lock on a job and the stalled-job check interval (default BullMQ's 30 s). */
  lockDurationMs?: number;
}

/** The workflow's BullMQ workers, one per queue; every handler is idempotent. */
export function startWorkflowWorkers(deps: WorkflowWorkerDeps): Worker[] {
  const { connection, prefix, logger } = deps;
  const make = (queue: string, processor: (job: Job) => Promise<unknown>, concurrency = 4) => {
    const worker = new Worker(queue, processor, { connection, prefix, concurrency, ...workerLockSettings(deps.lockDurationMs) });
    worker.on('failed', (job, err) => logger.warn({ queue, jobId: job?.id, err }, 'job failed'));
    worker.on('error', (err) => logger.error({ queue, err }, 'worker error'));
    return worker;
  };
  return [
    make(QUEUES.reviewRouting, (job) => deps.reviews.route(RouteReviewJob.parse(job.data))),
    make(QUEUES.reminders, (job) => deps.reminders.fire(SendReminderJob.parse(job.data)), deps.reminderConcurrency ?? 8),
    make(QUEUES.weeklyCycle, (job) => deps.weekly.run(WeeklyCycleJob.parse(job.data)), 1),
    make(QUEUES.notifications, async (job) => {
      if (job.name === JOB_NAMES.deliverWebhook) return deps.webhooks.process(job);
      if (job.name === JOB_NAMES.sendEmail) return deps.email ? deps.email.process(job) : 'email disabled';
      return 'unknown job';
    }),
  ];
}
