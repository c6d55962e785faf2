import type { EntityManager } from 'typeorm';
import type { DomainEvent } from '@salestrail/contract';

/** Events from records that workflow keeps what it needs of (owners, next actions, changes). */
export async function handleWorkflowEvent(event: DomainEvent, _manager: EntityManager): Promise<void> {
  switch (event.type) {
    default:
      return;
  }
}
