import type { EntityManager } from 'typeorm';
import type { DomainEvent } from '@salestrail/contract';
import { isUuid } from '../common/ids';

/**
 * Events the records service consumes from other services. Review decisions arrive here (the archive
 * rule needs them, and records never calls workflow synchronously); every other event type is
 * acknowledged and ignored. A review is decided once and `customer_review` is append-only: applying
 * the same decision twice keeps the first row.
 */
export async function handleRecordsEvent(event: DomainEvent, manager: EntityManager): Promise<void> {
  switch (event.type) {
    case 'review.decided': {
      const p = event.payload;
      if (!isUuid(p.customerId)) return;
      await manager.query(
        `INSERT INTO customer_review (review_id, customer_id, status, customer_version, reviewer_id, comments, decided_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (review_id) DO NOTHING`,
        [p.reviewId, p.customerId, p.status, p.customerVersion, p.reviewerId, p.comments, p.decidedAt],
      );
      return;
    }
    default:
      return;
  }
}
