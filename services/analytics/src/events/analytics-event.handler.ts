import type { EntityManager } from 'typeorm';
import type { DomainEvent } from '@salestrail/contract';

/**
 * Applies one domain event to the read model (inside the exactly-once transaction). State updates are
 * guarded by the aggregate version, so events of one customer may arrive in any order.
 */
export async function handleAnalyticsEvent(event: DomainEvent, manager: EntityManager): Promise<void> {
  switch (event.type) {
    case 'customer.created': {
      const p = event.payload;
      await manager.query(
        `INSERT INTO customer_state (customer_id, name, stage, owner_id, team_id, industry_code, source_channel,
                                     version, stage_since, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
         ON CONFLICT (customer_id) DO UPDATE SET
           name = EXCLUDED.name, industry_code = EXCLUDED.industry_code, source_channel = EXCLUDED.source_channel,
           created_at = EXCLUDED.created_at
         WHERE customer_state.version < EXCLUDED.version`,
        [p.customerId, p.name, p.stage, p.ownerId, p.teamId, p.industryCode, p.sourceChannel, event.version, p.createdAt],
      );
      return;
    }
    case 'customer.stage_changed': {
      const p = event.payload;
      await manager.query(
        `UPDATE customer_state SET stage = $2, stage_since = $3, version = $4 WHERE customer_id = $1 AND version < $4`,
        [p.customerId, p.to, p.at, event.version],
      );
      return;
    }
    case 'customer.transferred': {
      const p = event.payload;
      await manager.query(
        `UPDATE customer_state SET owner_id = $2, team_id = $3, version = $4 WHERE customer_id = $1 AND version < $4`,
        [p.customerId, p.toOwnerId, p.toTeamId, event.version],
      );
      return;
    }
    default:
      return;
  }
}
