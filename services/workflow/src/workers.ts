import type { Job, Worker } from 'bullmq';
import { JOB_NAMES, QUEUES, RouteReviewJob, SendReminderJob, WeeklyCycleJob } from '@salestrail/contract';
import { createWorker, deliveryFailures, reminderLateness, workerLockSettings, type Logger, type Redis } from '@salestrail/platform';
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

const CHANNELS: Record<string, string> = { [JOB_NAMES.deliverWebhook]: 'webhook', [JOB_NAMES.sendEmail]: 'email' };

/** How late a job runs against the moment it was due (added, plus its delay). */
function latenessSeconds(job: Job): number {
  return Math.max(0, (Date.now() - (job.timestamp + (job.opts.delay ?? 0))) / 1000);
}

/**
 * The workflow's BullMQ workers, one per queue; every handler is idempotent. Each runs with its job's
 * request id (createWorker); reminders report their lateness, notification failures count per channel.
 */
export function startWorkflowWorkers(deps: WorkflowWorkerDeps): Worker[] {
  const { connection, prefix, logger } = deps;
  const make = (queue: string, processor: (job: Job) => Promise<unknown>, concurrency = 4) => {
    const worker = createWorker(queue, processor, { connection, prefix, concurrency, ...workerLockSettings(deps.lockDurationMs) });
    worker.on('failed', (job, err) => logger.warn({ queue, jobId: job?.id, err }, 'job failed'));
    worker.on('error', (err) => logger.error({ queue, err }, 'worker error'));
    return worker;
  };
  const notifications = make(QUEUES.notifications, async (job) => {
    if (job.name === JOB_NAMES.deliverWebhook) return deps.webhooks.process(job);
    if (job.name === JOB_NAMES.sendEmail) return deps.email ? deps.email.process(job) : 'email disabled';
    return 'unknown job';
  });
  notifications.on('failed', (job) => {
    const channel = job ? CHANNELS[job.name] : undefined;
    if (channel) deliveryFailures.inc({ channel });
  });
  return [
    make(QUEUES.reviewRouting, (job) => deps.reviews.route(RouteReviewJob.parse(job.data))),
    make(
      QUEUES.reminders,
      (job) => {
        const reminder = SendReminderJob.parse(job.data);
        // Only the first attempt: a retry is late by its back-off, not by the scheduler.
        if (job.attemptsMade === 0) reminderLateness.observe({ kind: reminder.kind }, latenessSeconds(job));
        return deps.reminders.fire(reminder);
      },
      deps.reminderConcurrency ?? 8,
    ),
    make(QUEUES.weeklyCycle, (job) => deps.weekly.run(WeeklyCycleJob.parse(job.data)), 1),
    notifications,
  ];
}
