import type { EntityManager } from 'typeorm';
import type { Actor, NewEvent } from '@salestrail/contract';
import { customerEnvelope } from '../common/customer-write';
import type { CustomerEntity } from '../customers/customer.entity';
import { duplicateToConflict } from '../customers/customer.service';

export interface Move {
  toOwnerId: string;
  /** The team the customers move to; null: each stays in its own. */
  toTeamId: string | null;
  reason: string;
  actor: Actor;
  now: Date;
  /** The hand-over this move belongs to (null: a transferCustomers call). */
  handOverId: string | null;
}

/**
 * Hands locked customers to their new owner (and team) in a fixed number of statements, however many:
 * each customer's OPEN next actions of its old owner move with it, its version goes up by one, the
 * move lands in its transfer history, and its customer.transferred event is returned for the caller to
 * record with the rest of its transaction. Mutates `customers` to their new state.
 */
export async function moveCustomers(
  manager: EntityManager,
  customers: CustomerEntity[],
  move: Move,
): Promise<{ events: Array<NewEvent<'customer.transferred'>>; nextActionsMoved: number }> {
  if (customers.length === 0) return { events: [], nextActionsMoved: 0 };
  const ids = customers.map((c) => c.id);
  const from = new Map(customers.map((c) => [c.id, { ownerId: c.ownerId, teamId: c.teamId }]));
  const moved: Array<{ id: string; customer_id: string }> = await manager.query(
    `WITH moved AS (
       UPDATE next_action a SET owner_id = $2, updated_at = $3
       FROM unnest($1::uuid[], $4::text[]) AS c(id, owner_id)
       WHERE a.customer_id = c.id AND a.owner_id = c.owner_id AND a.status = 'OPEN'
       RETURNING a.id, a.customer_id
     ) SELECT id, customer_id FROM moved ORDER BY customer_id, id`,
    [ids, move.toOwnerId, move.now, customers.map((c) => c.ownerId)],
  );
  const actionsOf = new Map<string, string[]>();
  for (const a of moved) actionsOf.set(a.customer_id, [...(actionsOf.get(a.customer_id) ?? []), a.id]);
  await manager
    .query(
      `UPDATE customer SET owner_id = $2, team_id = COALESCE($3, team_id), version = version + 1, updated_at = $4 WHERE id = ANY($1::uuid[])`,
      [ids, move.toOwnerId, move.toTeamId, move.now],
    )
    .catch(duplicateToConflict);
  for (const c of customers) Object.assign(c, { ownerId: move.toOwnerId, teamId: move.toTeamId ?? c.teamId, version: c.version + 1, updatedAt: move.now });
  await manager.query(
    `INSERT INTO customer_transfer (customer_id, from_owner_id, to_owner_id, from_team_id, to_team_id, reason, next_action_ids, at, by_user_id, hand_over_id)
     SELECT v.customer_id, v.from_owner, $2, v.from_team, v.to_team, $3, ARRAY(SELECT jsonb_array_elements_text(v.actions))::uuid[], $4, $5, $6
     FROM unnest($1::uuid[], $7::text[], $8::text[], $9::text[], $10::jsonb[]) AS v(customer_id, from_owner, from_team, to_team, actions)`,
    [
      ids,
      move.toOwnerId,
      move.reason,
      move.now,
      move.actor.userId,
      move.handOverId,
      customers.map((c) => from.get(c.id)!.ownerId),
      customers.map((c) => from.get(c.id)!.teamId),
      customers.map((c) => c.teamId),
      customers.map((c) => JSON.stringify(actionsOf.get(c.id) ?? [])),
    ],
  );
  const events = customers.map(
    (c): NewEvent<'customer.transferred'> => ({
      type: 'customer.transferred',
      ...customerEnvelope(c, move.actor, move.now),
      payload: {
        customerId: c.id,
        fromOwnerId: from.get(c.id)!.ownerId,
        toOwnerId: move.toOwnerId,
        fromTeamId: from.get(c.id)!.teamId,
        toTeamId: c.teamId,
        reason: move.reason,
        nextActionIds: actionsOf.get(c.id) ?? [],
        at: move.now.toISOString(),
        handOverId: move.handOverId,
      },
    }),
  );
  return { events, nextActionsMoved: moved.length };
}
