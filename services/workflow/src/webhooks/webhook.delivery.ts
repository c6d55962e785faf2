import { UnrecoverableError, type Job } from 'bullmq';
import type { DataSource } from 'typeorm';
import { DeliverWebhookJob } from '@salestrail/contract';
import type { Logger } from '@salestrail/platform';
import type { Clock } from '../common/clock';
import { DELIVERY_HEADER, SIGNATURE_HEADER, signBody } from './signature';
import type { DeliveryFailure, PostOutcome, WebhookTransport } from './webhook.transport';

/** What a delivery records of a failed attempt: a typed code, and for an HTTP answer a bounded excerpt. */
export function deliveryError(outcome: PostOutcome): string {
  if (outcome.kind === 'failed') return outcome.failure;
  return outcome.excerpt ? `HTTP_${outcome.status}: ${outcome.excerpt}` : `HTTP_${outcome.status}`;
}

/** Failures that the same request cannot cure by trying again (an ADMIN may still replay). */
const PERMANENT_FAILURES: ReadonlySet<DeliveryFailure> = new Set(['BLOCKED_ADDRESS', 'HTTPS_REQUIRED', 'INVALID_URL']);

/**
 * The `deliver-webhook` handler: POSTs the stored body with its signature through the guarded transport.
 * A non-2xx answer or a network error is retried by BullMQ with exponential back-off; after the last
 * attempt (or at once for a permanent 4xx, a refused address or URL) the delivery is FAILED and stays for
 * inspection and replay. A delivered one is never sent again.
 */
export class WebhookDeliverer {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly transport: WebhookTransport,
  ) {}

  async process(job: Job): Promise<string> {
    const { deliveryId } = DeliverWebhookJob.parse(job.data);
    const rows: Array<{ status: string; url: string; body: string; secret: string }> = await this.dataSource.query(
      `SELECT d.status, d.url, d.body, w.secret FROM webhook_delivery d JOIN webhook w ON w.id = d.webhook_id WHERE d.id = $1`,
      [deliveryId],
    );
    const row = rows[0];
    if (!row) throw new UnrecoverableError(`delivery ${deliveryId} does not exist`);
    if (row.status !== 'PENDING') return `skipped: ${row.status}`;
    const isLast = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const outcome = await this.transport.post(
      row.url,
      {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signBody(row.body, row.secret),
        [DELIVERY_HEADER]: deliveryId,
        'user-agent': 'SalesTrail-Webhooks/1',
      },
      row.body,
    );
    const status = outcome.kind === 'answered' ? outcome.status : null;
    if (status !== null && status >= 200 && status < 300) {
      await this.dataSource.query(
        `UPDATE webhook_delivery SET status = 'DELIVERED', attempts = attempts + 1, response_status = $2,
           delivered_at = $3, last_error = NULL WHERE id = $1`,
        [deliveryId, status, this.clock.now()],
      );
      return 'delivered';
    }
    const error = deliveryError(outcome);
    // 4xx other than timeout/rate limit means the receiver refuses this body: retrying will not help.
    const permanent =
      outcome.kind === 'failed'
        ? PERMANENT_FAILURES.has(outcome.failure)
        : outcome.status >= 400 && outcome.status < 500 && outcome.status !== 408 && outcome.status !== 429;
    const failed = isLast || permanent;
    await this.dataSource.query(
      `UPDATE webhook_delivery SET attempts = attempts + 1, response_status = $2, last_error = $3,
         status = CASE WHEN $4 THEN 'FAILED' ELSE status END, failed_at = CASE WHEN $4 THEN $5::timestamptz ELSE failed_at END
       WHERE id = $1`,
      [deliveryId, status, error, failed, this.clock.now()],
    );
    this.logger.warn({ deliveryId, status, error, attempt: job.attemptsMade + 1, failed }, 'webhook delivery failed');
    if (permanent) throw new UnrecoverableError(error);
    throw new Error(error);
  }
}
