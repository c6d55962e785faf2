import { JOB_NAMES, type DeliverWebhookJob, type SendEmailJob } from '@salestrail/contract';
import { KEEP_JOBS, type WorkflowQueues } from '../common/queues';
import type { CreatedNotification, NotificationDispatcher } from './notification.service';

export interface OutboundSettings {
  webhookAttempts: number;
  webhookBackoffMs: number;
  emailEnabled: boolean;
}

export function webhookJobId(deliveryId: string, replay = 0): string {
  return replay > 0 ? `webhook-${deliveryId}-replay-${replay}` : `webhook-${deliveryId}`;
}

/** The first e-mail job of a notification; an ADMIN's resend gets a fresh id (`resentAt`, epoch ms) so BullMQ runs it. */
export function emailJobId(notificationId: string, resentAt?: number): string {
  return resentAt === undefined ? `email-${notificationId}` : `email-${notificationId}-resend-${resentAt}`;
}

/** Queues the webhook deliveries and emails of committed notifications on the `notifications` queue. */
export class OutboundDispatcher implements NotificationDispatcher {
  constructor(
    private readonly queues: WorkflowQueues,
    private readonly settings: OutboundSettings,
  ) {}

  async dispatch(created: CreatedNotification[]): Promise<void> {
    const jobs = created.flatMap((c) => [
      ...c.webhookDeliveryIds.map((deliveryId) => this.webhookJob(deliveryId, 0)),
      ...(this.settings.emailEnabled ? [this.emailJob(c.notificationId)] : []),
    ]);
    if (jobs.length > 0) await this.queues.notifications.addBulk(jobs);
  }

  async enqueueWebhook(deliveryId: string, replay: number): Promise<void> {
    const job = this.webhookJob(deliveryId, replay);
    await this.queues.notifications.add(job.name, job.data, job.opts);
  }

  /** Queues the e-mail of one notification again (an ADMIN's resend). */
  async enqueueEmail(notificationId: string, resentAt: number): Promise<void> {
    const job = this.emailJob(notificationId, resentAt);
    await this.queues.notifications.add(job.name, job.data, job.opts);
  }

  private webhookJob(deliveryId: string, replay: number) {
    const data: DeliverWebhookJob = { deliveryId };
    return {
      name: JOB_NAMES.deliverWebhook,
      data,
      opts: {
        ...KEEP_JOBS,
        jobId: webhookJobId(deliveryId, replay),
        attempts: this.settings.webhookAttempts,
        backoff: { type: 'exponential', delay: this.settings.webhookBackoffMs },
      },
    };
  }

  private emailJob(notificationId: string, resentAt?: number) {
    const data: SendEmailJob = { notificationId };
    return {
      name: JOB_NAMES.sendEmail,
      data,
      opts: { ...KEEP_JOBS, jobId: emailJobId(notificationId, resentAt), attempts: 5, backoff: { type: 'exponential', delay: 5_000 } },
    };
  }
}
