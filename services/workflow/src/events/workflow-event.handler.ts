import type { EntityManager } from 'typeorm';
import type { DomainEvent } from '@salestrail/contract';
import { CustomerProjection } from '../customers/customer-projection';

/**
 * Events from records that workflow keeps what it needs of (owners, next actions, changes), without
 * moving reminder jobs. The running service uses `WorkflowModule.eventHandler`, which also does.
 */
const projectionOnly = new CustomerProjection(null);
export async function handleWorkflowEvent(event: DomainEvent, manager: EntityManager): Promise<void> {
  await projectionOnly.apply(event, manager);
}
