import type { EntityManager } from 'typeorm';
import type { DomainEvent } from '@salestrail/contract';
import { divisionOf } from '../common/industry';

/**
 * Writes the facts of a batch of events, set-based: one multi-row statement per kind of fact for the
 * whole batch instead of a few statements per event. Every write is keyed by the fact's own id and
 * guarded by the aggregate version (or final, for completion and cancellation), so the result does not
 * depend on the order of the events: the same set applied one by one, in any order, or in any batches
 * gives the same rows. Returns the customers whose derived figures must be recomputed.
 */
export async function applyFacts(events: readonly DomainEvent[], manager: EntityManager): Promise<string[]> {
  const facts = collect(events);
  await ensureCustomers(manager, facts.placeholders);
  await write(manager, facts.customerFacts, (r) => r.customerId, upsertCustomerFacts);
  await write(manager, facts.owners, (r) => r.customerId, upsertOwners);
  await write(manager, facts.transitions, (r) => r.eventId, insertTransitions);
  await write(manager, facts.createdAt, (r) => r.customerId, setCreatedAt);
  await write(manager, facts.movedActions, (r) => r.nextActionId, moveActions);
  await write(manager, facts.archived, (r) => r.customerId, setArchiveCodes);
  await write(manager, facts.interactions, (r) => r.interactionId, insertInteractions);
  await write(manager, facts.actionsCreated, (r) => r.nextActionId, upsertCreatedActions);
  await write(manager, facts.actionsRescheduled, (r) => r.nextActionId, rescheduleActions);
  await write(manager, facts.actionsClosed, (r) => r.nextActionId, closeActions);
  const touched = new Set(facts.touched);
  for (const team of facts.teams) for (const id of await upsertTeam(manager, team)) touched.add(id);
  return [...touched];
}

interface CustomerFacts {
  customerId: string;
  name: string;
  industryCode: string;
  sourceChannel: string;
  version: number;
}
interface Owner {
  customerId: string;
  ownerId: string;
  teamId: string;
  version: number;
}
interface Transition {
  eventId: string;
  customerId: string;
  from: string | null;
  to: string;
  at: string;
  ownerId: string;
  teamId: string;
  version: number;
}
interface MovedAction {
  nextActionId: string;
  customerId: string;
  ownerId: string;
  teamId: string;
  version: number;
}
interface Interaction {
  interactionId: string;
  customerId: string;
  occurredAt: string;
  loggedAt: string;
  method: string;
  ownerId: string;
  teamId: string;
  authorId: string;
}
interface CreatedAction {
  nextActionId: string;
  customerId: string;
  ownerId: string;
  teamId: string;
  createdAt: string;
  dueAt: string;
  version: number;
}
interface RescheduledAction {
  nextActionId: string;
  customerId: string;
  dueAt: string;
  version: number;
}
interface ClosedAction {
  nextActionId: string;
  customerId: string;
  status: 'DONE' | 'CANCELLED';
  completedAt: string | null;
  cancelledAt: string | null;
}
interface Team {
  teamId: string;
  name: string;
  timezone: string;
}

function collect(events: readonly DomainEvent[]) {
  const f = {
    touched: [] as string[],
    placeholders: [] as string[],
    customerFacts: [] as CustomerFacts[],
    owners: [] as Owner[],
    transitions: [] as Transition[],
    createdAt: [] as Array<{ customerId: string; at: string }>,
    movedActions: [] as MovedAction[],
    archived: [] as Array<{ customerId: string; archiveCode: string }>,
    interactions: [] as Interaction[],
    actionsCreated: [] as CreatedAction[],
    actionsRescheduled: [] as RescheduledAction[],
    actionsClosed: [] as ClosedAction[],
    teams: [] as Team[],
  };
  for (const event of events) {
    const version = event.version;
    switch (event.type) {
      case 'customer.created': {
        const p = event.payload;
        f.customerFacts.push({
          customerId: p.customerId,
          name: p.name,
          industryCode: divisionOf(p.industryCode),
          sourceChannel: p.sourceChannel,
          version,
        });
        f.owners.push({ customerId: p.customerId, ownerId: p.ownerId, teamId: p.teamId, version });
        f.transitions.push({
          eventId: event.id,
          customerId: p.customerId,
          from: null,
          to: p.stage,
          at: p.createdAt,
          ownerId: p.ownerId,
          teamId: p.teamId,
          version,
        });
        f.createdAt.push({ customerId: p.customerId, at: p.createdAt });
        f.touched.push(p.customerId);
        break;
      }
      case 'customer.updated': {
        const p = event.payload;
        f.customerFacts.push({
          customerId: p.customerId,
          name: p.name,
          industryCode: divisionOf(p.industryCode),
          sourceChannel: p.sourceChannel,
          version,
        });
        f.owners.push({ customerId: p.customerId, ownerId: p.ownerId, teamId: p.teamId, version });
        f.touched.push(p.customerId);
        break;
      }
      case 'customer.stage_changed': {
        const p = event.payload;
        f.transitions.push({
          eventId: event.id,
          customerId: p.customerId,
          from: p.from,
          to: p.to,
          at: p.at,
          ownerId: p.ownerId,
          teamId: p.teamId,
          version,
        });
        f.owners.push({ customerId: p.customerId, ownerId: p.ownerId, teamId: p.teamId, version });
        f.touched.push(p.customerId);
        break;
      }
      case 'customer.transferred': {
        const p = event.payload;
        f.owners.push({ customerId: p.customerId, ownerId: p.toOwnerId, teamId: p.toTeamId, version });
        // Open next actions move with the customer; a later transfer already applied wins.
        for (const id of p.nextActionIds)
          f.movedActions.push({
            nextActionId: id,
            customerId: p.customerId,
            ownerId: p.toOwnerId,
            teamId: p.toTeamId,
            version,
          });
        f.touched.push(p.customerId);
        break;
      }
      case 'next_action.reassigned': {
        // An open action given to someone else (a hand-over): owner figures follow it, like a transfer's.
        const p = event.payload;
        f.placeholders.push(p.customerId);
        f.movedActions.push({ nextActionId: p.nextActionId, customerId: p.customerId, ownerId: p.toOwnerId, teamId: p.teamId, version });
        f.touched.push(p.customerId);
        break;
      }
      case 'customer.archived': {
        const p = event.payload;
        f.placeholders.push(p.customerId);
        f.archived.push({ customerId: p.customerId, archiveCode: p.archiveCode });
        break;
      }
      case 'interaction.logged': {
        const p = event.payload;
        f.placeholders.push(p.customerId);
        f.interactions.push({
          interactionId: p.interactionId,
          customerId: p.customerId,
          occurredAt: p.occurredAt,
          loggedAt: p.loggedAt,
          method: p.method,
          ownerId: p.ownerId,
          teamId: p.teamId,
          authorId: p.authorId,
        });
        f.touched.push(p.customerId);
        break;
      }
      case 'next_action.created': {
        const p = event.payload;
        f.placeholders.push(p.customerId);
        f.actionsCreated.push({
          nextActionId: p.nextActionId,
          customerId: p.customerId,
          ownerId: p.ownerId,
          teamId: p.teamId,
          createdAt: p.createdAt,
          dueAt: p.dueAt,
          version,
        });
        f.touched.push(p.customerId);
        break;
      }
      case 'next_action.rescheduled': {
        const p = event.payload;
        f.placeholders.push(p.customerId);
        f.actionsRescheduled.push({
          nextActionId: p.nextActionId,
          customerId: p.customerId,
          dueAt: p.dueAt,
          version,
        });
        f.touched.push(p.customerId);
        break;
      }
      case 'next_action.completed':
      case 'next_action.cancelled': {
        const p = event.payload;
        f.placeholders.push(p.customerId);
        const completed = event.type === 'next_action.completed';
        const at =
          event.type === 'next_action.completed' ? event.payload.completedAt : event.payload.cancelledAt;
        f.actionsClosed.push({
          nextActionId: p.nextActionId,
          customerId: p.customerId,
          status: completed ? 'DONE' : 'CANCELLED',
          completedAt: completed ? at : null,
          cancelledAt: completed ? null : at,
        });
        f.touched.push(p.customerId);
        break;
      }
      case 'team.upserted': {
        const p = event.payload;
        f.teams.push({ teamId: p.teamId, name: p.name, timezone: p.timezone });
        break;
      }
      default:
        break;
    }
  }
  return f;
}

/**
 * A multi-row upsert may not touch one row twice, so rows sharing a key go to successive statements
 * (usually there is one); inside each, rows are sorted by key so concurrent writers lock in one order.
 */
async function write<T>(
  manager: EntityManager,
  rows: readonly T[],
  key: (row: T) => string,
  statement: (manager: EntityManager, rows: T[]) => Promise<unknown>,
): Promise<void> {
  const rounds: T[][] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    const k = key(row);
    const n = seen.get(k) ?? 0;
    seen.set(k, n + 1);
    (rounds[n] ??= []).push(row);
  }
  for (const round of rounds) {
    round.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    await statement(manager, round);
  }
}

/** The statement's parameters: one array per field, in the order of its `unnest(...)`. */
const columns = <T>(rows: readonly T[], keys: ReadonlyArray<keyof T>): unknown[][] =>
  keys.map((k) => rows.map((r) => r[k]));

/** A placeholder row for customers whose creation analytics has not seen yet. */
async function ensureCustomers(manager: EntityManager, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await manager.query(
    `INSERT INTO customer_state (customer_id, version) SELECT id, 0 FROM unnest($1::text[]) AS id ORDER BY id
     ON CONFLICT (customer_id) DO NOTHING`,
    [[...new Set(ids)].sort()],
  );
}

/** Name, industry and channel: the newest customer.created / customer.updated wins. */
function upsertCustomerFacts(manager: EntityManager, rows: CustomerFacts[]) {
  return manager.query(
    `INSERT INTO customer_state (customer_id, name, industry_code, source_channel, facts_version, version)
     SELECT c, n, i, s, v, 0 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[]) AS x(c, n, i, s, v)
     ON CONFLICT (customer_id) DO UPDATE SET name = EXCLUDED.name, industry_code = EXCLUDED.industry_code,
       source_channel = EXCLUDED.source_channel, facts_version = EXCLUDED.facts_version
     WHERE customer_state.facts_version < EXCLUDED.facts_version`,
    columns(rows, ['customerId', 'name', 'industryCode', 'sourceChannel', 'version']),
  );
}

/** Current owner and team: the newest event that states them wins. */
function upsertOwners(manager: EntityManager, rows: Owner[]) {
  return manager.query(
    `INSERT INTO customer_state (customer_id, owner_id, team_id, owner_version, version)
     SELECT c, o, t, v, 0 FROM unnest($1::text[], $2::text[], $3::text[], $4::int[]) AS x(c, o, t, v)
     ON CONFLICT (customer_id) DO UPDATE SET owner_id = EXCLUDED.owner_id, team_id = EXCLUDED.team_id,
       owner_version = EXCLUDED.owner_version
     WHERE customer_state.owner_version < EXCLUDED.owner_version`,
    columns(rows, ['customerId', 'ownerId', 'teamId', 'version']),
  );
}

function insertTransitions(manager: EntityManager, rows: Transition[]) {
  return manager.query(
    `INSERT INTO stage_transition (event_id, customer_id, from_stage, to_stage, at, owner_id, team_id, customer_version)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::text[], $8::int[])
     ON CONFLICT (event_id) DO NOTHING`,
    columns(rows, ['eventId', 'customerId', 'from', 'to', 'at', 'ownerId', 'teamId', 'version']),
  );
}

function setCreatedAt(manager: EntityManager, rows: Array<{ customerId: string; at: string }>) {
  return manager.query(
    `UPDATE customer_state c SET created_at = x.at FROM unnest($1::text[], $2::timestamptz[]) AS x(id, at) WHERE c.customer_id = x.id`,
    columns(rows, ['customerId', 'at']),
  );
}

function moveActions(manager: EntityManager, rows: MovedAction[]) {
  return manager.query(
    `INSERT INTO next_action_fact (next_action_id, customer_id, owner_id, team_id, owner_version)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[])
     ON CONFLICT (next_action_id) DO UPDATE SET owner_id = EXCLUDED.owner_id, team_id = EXCLUDED.team_id,
       owner_version = EXCLUDED.owner_version
     WHERE next_action_fact.owner_version < EXCLUDED.owner_version`,
    columns(rows, ['nextActionId', 'customerId', 'ownerId', 'teamId', 'version']),
  );
}

function setArchiveCodes(manager: EntityManager, rows: Array<{ customerId: string; archiveCode: string }>) {
  return manager.query(
    `UPDATE customer_state c SET archive_code = x.code FROM unnest($1::text[], $2::text[]) AS x(id, code) WHERE c.customer_id = x.id`,
    columns(rows, ['customerId', 'archiveCode']),
  );
}

function insertInteractions(manager: EntityManager, rows: Interaction[]) {
  return manager.query(
    `INSERT INTO interaction_fact (interaction_id, customer_id, occurred_at, logged_at, method, owner_id, team_id, author_id)
     SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::text[], $6::text[], $7::text[], $8::text[])
     ON CONFLICT (interaction_id) DO NOTHING`,
    columns(rows, [
      'interactionId',
      'customerId',
      'occurredAt',
      'loggedAt',
      'method',
      'ownerId',
      'teamId',
      'authorId',
    ]),
  );
}

/** Owner and team come from creation unless a transfer already moved the action. */
function upsertCreatedActions(manager: EntityManager, rows: CreatedAction[]) {
  return manager.query(
    `INSERT INTO next_action_fact (next_action_id, customer_id, owner_id, team_id, created_at, due_at, due_version, owner_version)
     SELECT id, c, o, t, cr, du, v, 0
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[], $7::int[]) AS x(id, c, o, t, cr, du, v)
     ON CONFLICT (next_action_id) DO UPDATE SET
       created_at = EXCLUDED.created_at,
       owner_id = CASE WHEN next_action_fact.owner_version > 0 THEN next_action_fact.owner_id ELSE EXCLUDED.owner_id END,
       team_id = CASE WHEN next_action_fact.owner_version > 0 THEN next_action_fact.team_id ELSE EXCLUDED.team_id END,
       owner_version = greatest(next_action_fact.owner_version, 0),
       due_at = CASE WHEN next_action_fact.due_version < EXCLUDED.due_version THEN EXCLUDED.due_at ELSE next_action_fact.due_at END,
       due_version = greatest(next_action_fact.due_version, EXCLUDED.due_version)`,
    columns(rows, ['nextActionId', 'customerId', 'ownerId', 'teamId', 'createdAt', 'dueAt', 'version']),
  );
}

function rescheduleActions(manager: EntityManager, rows: RescheduledAction[]) {
  return manager.query(
    `INSERT INTO next_action_fact (next_action_id, customer_id, due_at, due_version)
     SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::int[])
     ON CONFLICT (next_action_id) DO UPDATE SET due_at = EXCLUDED.due_at, due_version = EXCLUDED.due_version
     WHERE next_action_fact.due_version < EXCLUDED.due_version`,
    columns(rows, ['nextActionId', 'customerId', 'dueAt', 'version']),
  );
}

/** Completion and cancellation are final: whichever arrives sets the status for good. */
function closeActions(manager: EntityManager, rows: ClosedAction[]) {
  return manager.query(
    `INSERT INTO next_action_fact (next_action_id, customer_id, status, completed_at, cancelled_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[])
     ON CONFLICT (next_action_id) DO UPDATE SET status = EXCLUDED.status,
       completed_at = EXCLUDED.completed_at, cancelled_at = EXCLUDED.cancelled_at`,
    columns(rows, ['nextActionId', 'customerId', 'status', 'completedAt', 'cancelledAt']),
  );
}

/** A team's name and time zone; a changed time zone re-buckets every customer with facts in the team. */
async function upsertTeam(manager: EntityManager, team: Team): Promise<string[]> {
  const [previous]: Array<{ timezone: string }> = await manager.query(
    `SELECT timezone FROM team_dim WHERE team_id = $1`,
    [team.teamId],
  );
  await manager.query(
    `INSERT INTO team_dim (team_id, name, timezone, updated_at) VALUES ($1, $2, $3, now())
     ON CONFLICT (team_id) DO UPDATE SET name = EXCLUDED.name, timezone = EXCLUDED.timezone, updated_at = now()`,
    [team.teamId, team.name, team.timezone],
  );
  if ((previous?.timezone ?? 'Asia/Shanghai') === team.timezone) return [];
  const customers: Array<{ customer_id: string }> = await manager.query(
    `SELECT customer_id FROM stage_transition WHERE team_id = $1
     UNION SELECT customer_id FROM interaction_fact WHERE team_id = $1
     UNION SELECT customer_id FROM next_action_fact WHERE team_id = $1`,
    [team.teamId],
  );
  return customers.map((c) => c.customer_id);
}
