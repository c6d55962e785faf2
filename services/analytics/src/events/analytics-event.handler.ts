import type { EntityManager } from 'typeorm';
import type { DomainEvent } from '@salestrail/contract';
import type { BatchEventHandler, EventHandler } from '@salestrail/platform';
import { lockCustomers, recomputeCustomers } from '../read-model/recompute';

/**
 * Applies one domain event to the read model (inside the exactly-once transaction of applyEventOnce).
 * Facts are upserted by their own id, current-state columns are guarded by the aggregate version, and
 * everything derived from a customer's facts is recomputed for that customer, so the same set of events
 * gives the same read model whatever order they arrive in.
 */
export const handleAnalyticsEvent: EventHandler = (event, manager) => handleAnalyticsEvents([event], manager);

/**
 * Applies a batch of events in one transaction: the facts of every event in order, then one
 * recomputation of each customer they touched (set-based: one statement per derived table for the whole
 * batch, and one pass over each aggregate). The result is the same as applying them one by one.
 */
export const handleAnalyticsEvents: BatchEventHandler = async (events, manager) => {
  await recordPositions(events, manager);
  // Customers are locked in one order (sorted ids) so concurrent batches cannot deadlock on them.
  await lockCustomers(manager, events.map(customerOf).filter((id): id is string => id !== null));
  const touched = new Set<string>();
  for (const event of events) {
    for (const id of await applyFacts(event, manager)) touched.add(id);
  }
  if (touched.size === 0) return;
  // A team's time-zone change touches customers beyond the events' own (they are locked now).
  await lockCustomers(manager, [...touched]);
  await recomputeCustomers(manager, [...touched]);
};

/**
 * Applies only the facts; deriving is left to one `recomputeAll` at the end (a rebuild replays every
 * event, and deriving once per event there would redo each customer's work once per event).
 */
export const applyFactsOnly: BatchEventHandler = async (events, manager) => {
  await recordPositions(events, manager);
  for (const event of events) await applyFacts(event, manager);
};

/** The customer an event is about (null for team events). */
function customerOf(event: DomainEvent): string | null {
  const payload = event.payload as { customerId?: unknown };
  return typeof payload.customerId === 'string' ? payload.customerId : null;
}

/** Writes an event's facts; returns the customers whose derived figures must be recomputed. */
async function applyFacts(event: DomainEvent, manager: EntityManager): Promise<string[]> {
  switch (event.type) {
    case 'customer.created': {
      const p = event.payload;
      await upsertCustomerFacts(manager, event.version, p);
      await upsertOwner(manager, p.customerId, p.ownerId, p.teamId, event.version);
      await insertTransition(manager, event.id, p.customerId, null, p.stage, p.createdAt, p.ownerId, p.teamId, event.version);
      await manager.query(`UPDATE customer_state SET created_at = $2 WHERE customer_id = $1`, [p.customerId, p.createdAt]);
      return [p.customerId];
    }
    case 'customer.updated': {
      const p = event.payload;
      await upsertCustomerFacts(manager, event.version, p);
      await upsertOwner(manager, p.customerId, p.ownerId, p.teamId, event.version);
      return [p.customerId];
    }
    case 'customer.stage_changed': {
      const p = event.payload;
      await insertTransition(manager, event.id, p.customerId, p.from, p.to, p.at, p.ownerId, p.teamId, event.version);
      await upsertOwner(manager, p.customerId, p.ownerId, p.teamId, event.version);
      return [p.customerId];
    }
    case 'customer.transferred': {
      const p = event.payload;
      await upsertOwner(manager, p.customerId, p.toOwnerId, p.toTeamId, event.version);
      // Open next actions move with the customer; a later transfer already applied wins.
      if (p.nextActionIds.length > 0) {
        await manager.query(
          `INSERT INTO next_action_fact (next_action_id, customer_id, owner_id, team_id, owner_version)
           SELECT id, $2, $3, $4, $5 FROM unnest($1::text[]) AS id ORDER BY id
           ON CONFLICT (next_action_id) DO UPDATE SET owner_id = EXCLUDED.owner_id, team_id = EXCLUDED.team_id,
             owner_version = EXCLUDED.owner_version
           WHERE next_action_fact.owner_version < EXCLUDED.owner_version`,
          [p.nextActionIds, p.customerId, p.toOwnerId, p.toTeamId, event.version],
        );
      }
      return [p.customerId];
    }
    case 'customer.archived': {
      const p = event.payload;
      await ensureCustomer(manager, p.customerId);
      await manager.query(`UPDATE customer_state SET archive_code = $2 WHERE customer_id = $1`, [p.customerId, p.archiveCode]);
      return [];
    }
    case 'interaction.logged': {
      const p = event.payload;
      await ensureCustomer(manager, p.customerId);
      await manager.query(
        `INSERT INTO interaction_fact (interaction_id, customer_id, occurred_at, logged_at, method, owner_id, team_id, author_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (interaction_id) DO NOTHING`,
        [p.interactionId, p.customerId, p.occurredAt, p.loggedAt, p.method, p.ownerId, p.teamId, p.authorId],
      );
      return [p.customerId];
    }
    case 'next_action.created': {
      const p = event.payload;
      await ensureCustomer(manager, p.customerId);
      // Owner and team come from creation unless a transfer already moved the action.
      await manager.query(
        `INSERT INTO next_action_fact (next_action_id, customer_id, owner_id, team_id, created_at, due_at, due_version, owner_version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 0)
         ON CONFLICT (next_action_id) DO UPDATE SET
           created_at = EXCLUDED.created_at,
           owner_id = CASE WHEN next_action_fact.owner_version > 0 THEN next_action_fact.owner_id ELSE EXCLUDED.owner_id END,
           team_id = CASE WHEN next_action_fact.owner_version > 0 THEN next_action_fact.team_id ELSE EXCLUDED.team_id END,
           owner_version = greatest(next_action_fact.owner_version, 0),
           due_at = CASE WHEN next_action_fact.due_version < EXCLUDED.due_version THEN EXCLUDED.due_at ELSE next_action_fact.due_at END,
           due_version = greatest(next_action_fact.due_version, EXCLUDED.due_version)`,
        [p.nextActionId, p.customerId, p.ownerId, p.teamId, p.createdAt, p.dueAt, event.version],
      );
      return [p.customerId];
    }
    case 'next_action.rescheduled': {
      const p = event.payload;
      await ensureCustomer(manager, p.customerId);
      await manager.query(
        `INSERT INTO next_action_fact (next_action_id, customer_id, due_at, due_version) VALUES ($1, $2, $3, $4)
         ON CONFLICT (next_action_id) DO UPDATE SET due_at = EXCLUDED.due_at, due_version = EXCLUDED.due_version
         WHERE next_action_fact.due_version < EXCLUDED.due_version`,
        [p.nextActionId, p.customerId, p.dueAt, event.version],
      );
      return [p.customerId];
    }
    case 'next_action.completed':
    case 'next_action.cancelled': {
      const p = event.payload;
      await ensureCustomer(manager, p.customerId);
      const completed = event.type === 'next_action.completed';
      const at = event.type === 'next_action.completed' ? event.payload.completedAt : event.payload.cancelledAt;
      // Completion and cancellation are final: whichever arrives sets the status for good.
      await manager.query(
        `INSERT INTO next_action_fact (next_action_id, customer_id, status, completed_at, cancelled_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (next_action_id) DO UPDATE SET status = EXCLUDED.status,
           completed_at = EXCLUDED.completed_at, cancelled_at = EXCLUDED.cancelled_at`,
        [p.nextActionId, p.customerId, completed ? 'DONE' : 'CANCELLED', completed ? at : null, completed ? null : at],
      );
      return [p.customerId];
    }
    case 'team.upserted': {
      const p = event.payload;
      const [previous]: Array<{ timezone: string }> = await manager.query(
        `SELECT timezone FROM team_dim WHERE team_id = $1`,
        [p.teamId],
      );
      await manager.query(
        `INSERT INTO team_dim (team_id, name, timezone, updated_at) VALUES ($1, $2, $3, now())
         ON CONFLICT (team_id) DO UPDATE SET name = EXCLUDED.name, timezone = EXCLUDED.timezone, updated_at = now()`,
        [p.teamId, p.name, p.timezone],
      );
      const before = previous?.timezone ?? 'Asia/Shanghai';
      if (before === p.timezone) return [];
      // Periods follow the team's time zone: re-bucket every customer with facts in this team.
      const customers: Array<{ customer_id: string }> = await manager.query(
        `SELECT customer_id FROM stage_transition WHERE team_id = $1
         UNION SELECT customer_id FROM interaction_fact WHERE team_id = $1
         UNION SELECT customer_id FROM next_action_fact WHERE team_id = $1`,
        [p.teamId],
      );
      return customers.map((c) => c.customer_id);
    }
    default:
      return [];
  }
}

/** The highest seq applied per producer (gap detection compares it with what processed_event holds). */
async function recordPositions(events: readonly DomainEvent[], manager: EntityManager): Promise<void> {
  const highest = new Map<string, number>();
  for (const e of events) highest.set(e.producer, Math.max(highest.get(e.producer) ?? 0, e.seq));
  const producers = [...highest.keys()].sort();
  await manager.query(
    `INSERT INTO producer_position (producer, last_seq) SELECT * FROM unnest($1::text[], $2::bigint[])
     ON CONFLICT (producer) DO UPDATE SET last_seq = greatest(producer_position.last_seq, EXCLUDED.last_seq)`,
    [producers, producers.map((p) => highest.get(p))],
  );
}

async function ensureCustomer(manager: EntityManager, customerId: string): Promise<void> {
  await manager.query(
    `INSERT INTO customer_state (customer_id, version) VALUES ($1, 0) ON CONFLICT (customer_id) DO NOTHING`,
    [customerId],
  );
}

interface CustomerFacts {
  customerId: string;
  name: string;
  industryCode: string;
  sourceChannel: string;
}

/** Name, industry and channel: the newest customer.created / customer.updated wins. */
async function upsertCustomerFacts(manager: EntityManager, version: number, p: CustomerFacts): Promise<void> {
  await manager.query(
    `INSERT INTO customer_state (customer_id, name, industry_code, source_channel, facts_version, version)
     VALUES ($1, $2, $3, $4, $5, 0)
     ON CONFLICT (customer_id) DO UPDATE SET name = EXCLUDED.name, industry_code = EXCLUDED.industry_code,
       source_channel = EXCLUDED.source_channel, facts_version = EXCLUDED.facts_version
     WHERE customer_state.facts_version < EXCLUDED.facts_version`,
    [p.customerId, p.name, p.industryCode, p.sourceChannel, version],
  );
}

/** Current owner and team: the newest event that states them wins. */
async function upsertOwner(manager: EntityManager, customerId: string, ownerId: string, teamId: string, version: number) {
  await manager.query(
    `INSERT INTO customer_state (customer_id, owner_id, team_id, owner_version, version) VALUES ($1, $2, $3, $4, 0)
     ON CONFLICT (customer_id) DO UPDATE SET owner_id = EXCLUDED.owner_id, team_id = EXCLUDED.team_id,
       owner_version = EXCLUDED.owner_version
     WHERE customer_state.owner_version < EXCLUDED.owner_version`,
    [customerId, ownerId, teamId, version],
  );
}

async function insertTransition(
  manager: EntityManager,
  eventId: string,
  customerId: string,
  from: string | null,
  to: string,
  at: string,
  ownerId: string,
  teamId: string,
  version: number,
): Promise<void> {
  await manager.query(
    `INSERT INTO stage_transition (event_id, customer_id, from_stage, to_stage, at, owner_id, team_id, customer_version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (event_id) DO NOTHING`,
    [eventId, customerId, from, to, at, ownerId, teamId, version],
  );
}
