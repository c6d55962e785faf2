import type { NeedKind } from '../common/enums';
import type { NeedEntity, NeedRevisionEntity, PainPointEntity, PainPointRevisionEntity } from './need.entity';
import type { Need, NeedRevision, PainPoint, PainPointRevision } from './need.types';

export function toNeed(e: NeedEntity): Need {
  return {
    id: e.id,
    kind: e.kind as NeedKind,
    description: e.description,
    interactionId: e.interactionId,
    active: e.active,
    retiredAt: e.retiredAt,
    createdAt: e.createdAt,
  };
}

export function toNeedRevision(e: NeedRevisionEntity): NeedRevision {
  return { change: e.change, kind: e.kind as NeedKind, description: e.description, reason: e.reason, at: e.at, byUserId: e.byUserId };
}

export function toPainPoint(e: PainPointEntity): PainPoint {
  return {
    id: e.id,
    description: e.description,
    needIds: e.needIds,
    interactionId: e.interactionId,
    active: e.active,
    retiredAt: e.retiredAt,
    createdAt: e.createdAt,
  };
}

export function toPainPointRevision(e: PainPointRevisionEntity): PainPointRevision {
  return { change: e.change, description: e.description, needIds: e.needIds, reason: e.reason, at: e.at, byUserId: e.byUserId };
}
