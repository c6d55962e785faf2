import type { EntityManager } from 'typeorm';
import type { DomainEvent } from '@salestrail/contract';

/**
 * Events the records service consumes from other services. Review decisions arrive here (the archive
 * rule needs them); every other event type is acknowledged and ignored.
 */
export async function handleRecordsEvent(event: DomainEvent, _manager: EntityManager): Promise<void> {
  switch (event.type) {
    default:
      return;
  }
}
