import type { InteractionMethod } from '../common/enums';
import type { InteractionEntity } from './interaction.entity';
import type { Interaction } from './interaction.types';

export function toInteraction(e: InteractionEntity): Interaction {
  return {
    id: e.id,
    customerId: e.customerId,
    occurredAt: e.occurredAt,
    method: e.method as InteractionMethod,
    summary: e.summary,
    isFirstContact: e.isFirstContact,
    loggedAt: e.loggedAt,
    loggedLate: e.loggedLate,
    authorId: e.authorId,
    nextActionId: e.nextActionId,
  };
}
