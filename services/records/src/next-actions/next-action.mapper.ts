import type { NextActionStatus } from '../common/enums';
import type { NextActionEntity } from './next-action.entity';
import { isOverdue } from './next-action.service';
import type { NextAction } from './next-action.types';

export function toNextAction(e: NextActionEntity, now: Date = new Date()): NextAction {
  return {
    id: e.id,
    customerId: e.customerId,
    interactionId: e.interactionId,
    content: e.content,
    ownerId: e.ownerId,
    dueAt: e.dueAt,
    status: e.status as NextActionStatus,
    completedAt: e.completedAt,
    completionNote: e.completionNote,
    cancelledAt: e.cancelledAt,
    cancelReason: e.cancelReason,
    rescheduleCount: e.rescheduleCount,
    lastRescheduleReason: e.lastRescheduleReason,
    overdue: isOverdue(e, now),
    createdAt: e.createdAt,
  };
}
