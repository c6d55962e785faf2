import type { EntityManager } from 'typeorm';
import type { DomainEvent } from '@salestrail/contract';
import { isUuid } from '../common/ids';
import { applyUserEvent } from '../directory/directory.projection';
import { acceptHandOver } from '../hand-overs/hand-over.runner';

/**
 * Events the records service consumes from workflow (records never calls workflow synchronously): review
 * decisions (the archive rule needs them), the directory's people (the owner rules need them) and
 * hand-overs to carry out (HandOverRunner moves the customers in batches once this has committed). Every
 * other event type is acknowledged and ignored. Safe to apply twice: a review is decided once and
 * `customer_review` is append-only, so the same decision applied again keeps the first row.
 */
export async function handleRecordsEvent(event: DomainEvent, manager: EntityManager): Promise<void> {
  switch (event.type) {
    case 'review.decided': {
      const p = event.payload;
      if (!isUuid(p.customerId)) return;
      await manager.query(
        `INSERT INTO customer_review (review_id, customer_id, status, customer_version, reviewer_id, comments, decided_at, submitted_by, submitted_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (review_id) DO NOTHING`,
        [p.reviewId, p.customerId, p.status, p.customerVersion, p.reviewerId, p.comments, p.decidedAt, p.submittedBy ?? null, p.submittedAt ?? null],
      );
      return;
    }
    case 'user.created':
    case 'user.updated':
    case 'user.deactivated':
      return applyUserEvent(event, manager);
    case 'hand_over.requested':
      return acceptHandOver(event, manager);
    default:
      return;
  }
}
