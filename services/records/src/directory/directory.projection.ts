import type { EntityManager } from 'typeorm';
import type { EventOf } from '@salestrail/contract';

type UserEvent = EventOf<'user.created'> | EventOf<'user.updated'> | EventOf<'user.deactivated'>;

/**
 * Keeps records' copy of a person from workflow's user.* events. Each event carries the whole person and
 * their version; only a newer version overwrites, so replays and out-of-order delivery change nothing.
 */
export async function applyUserEvent(event: UserEvent, manager: EntityManager): Promise<void> {
  const p = event.payload;
  await manager.query(
    `INSERT INTO directory_user (id, name, team_id, role, active, version, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, team_id = EXCLUDED.team_id, role = EXCLUDED.role,
       active = EXCLUDED.active, version = EXCLUDED.version, updated_at = EXCLUDED.updated_at
     WHERE directory_user.version < EXCLUDED.version`,
    [p.userId, p.name, p.teamId, p.role, p.active, event.version, event.occurredAt],
  );
}
