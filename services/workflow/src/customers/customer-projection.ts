import type { EntityManager } from 'typeorm';
import type { DomainEvent, EventOf } from '@salestrail/contract';
import type { ReminderChanges, ReminderScheduler } from '../reminders/reminder.scheduler';

/** What one transaction's events share: the reminder job changes to send and the team leads read. */
interface Batch {
  jobs: ReminderChanges | null;
  leads: Map<string, number>;
}

/** The default "due soon" lead when the team is unknown. */
export const DEFAULT_LEAD_MINUTES = 120;

/**
 * Keeps the workflow's projection of records' customers, next actions, interactions, needs and pain
 * points, and moves reminder jobs with the next actions. Events of one customer may arrive out of order
 * (the consumer runs several at once): each part of the customer row carries the aggregate version that
 * last set it and only a newer event overwrites it; next-action states only move forward from OPEN.
 */
export class CustomerProjection {
  constructor(private readonly reminders: ReminderScheduler | null) {}

  /** Applies one event; its reminder job changes reach Redis before the transaction commits. */
  readonly apply = async (event: DomainEvent, manager: EntityManager): Promise<void> => {
    await this.applyBatch([event], manager);
  };

  /**
   * Applies several events in order in one transaction, as if applied one by one. The reminder job
   * changes of all of them are collected and sent to Redis together (one `addBulk`) before the
   * transaction commits, and each team's due-soon lead is read once per batch.
   */
  readonly applyBatch = async (events: readonly DomainEvent[], manager: EntityManager): Promise<void> => {
    const batch: Batch = { jobs: this.reminders?.changes() ?? null, leads: new Map() };
    // Consecutive next_action.created events touch one action each and commute on the customer rows,
    // so a run of them is applied with a few set-based statements instead of several per event.
    let run: Array<EventOf<'next_action.created'>> = [];
    const flushRun = async () => {
      if (run.length === 1) await this.applyOne(run[0]!, manager, batch);
      else if (run.length > 1) await this.nextActionsCreated(run, manager, batch);
      run = [];
    };
    for (const event of events) {
      if (event.type === 'next_action.created') {
        run.push(event);
        continue;
      }
      await flushRun();
      await this.applyOne(event, manager, batch);
    }
    await flushRun();
    if (batch.jobs && batch.jobs.size > 0) await batch.jobs.apply();
  };

  /**
   * A run of next_action.created events with the effect of applying them one by one: placeholder
   * customers for those not known yet, each customer's version and last change raised once, new actions
   * inserted in one statement (a placeholder left by a later event that came first only gets its content
   * and team), and the reminders of the new ones scheduled.
   */
  private async nextActionsCreated(events: Array<EventOf<'next_action.created'>>, manager: EntityManager, batch: Batch) {
    const customers = new Map<string, { teamId: string; ownerId: string; at: string; version: number; lastAt: string }>();
    for (const e of events) {
      const p = e.payload;
      const known = customers.get(p.customerId);
      const version = this.customerVersion(e, p.customerId);
      if (!known) customers.set(p.customerId, { teamId: p.teamId, ownerId: p.ownerId, at: e.occurredAt, version, lastAt: e.occurredAt });
      else {
        known.version = Math.max(known.version, version);
        if (new Date(e.occurredAt) > new Date(known.lastAt)) known.lastAt = e.occurredAt;
      }
    }
    const ids = [...customers.keys()];
    const rows = [...customers.values()];
    await manager.query(
      `INSERT INTO wf_customer (id, team_id, owner_id, last_changed_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) ON CONFLICT (id) DO NOTHING`,
      [ids, rows.map((c) => c.teamId), rows.map((c) => c.ownerId), rows.map((c) => c.at)],
    );
    const existing: Array<{ id: string; content: string; status: string; due_at: Date }> = await manager.query(
      `SELECT id, content, status, due_at FROM wf_next_action WHERE id = ANY($1) ORDER BY id FOR UPDATE`,
      [events.map((e) => e.payload.nextActionId)],
    );
    const placeholders = new Map(existing.map((a) => [a.id, a]));
    await manager.query(
      `UPDATE wf_customer c SET version = GREATEST(c.version, v.version), last_changed_at = GREATEST(c.last_changed_at, v.at)
       FROM unnest($1::text[], $2::int[], $3::timestamptz[]) AS v(id, version, at) WHERE c.id = v.id`,
      [ids, rows.map((c) => c.version), rows.map((c) => c.lastAt)],
    );
    const content = new Map(existing.map((a) => [a.id, a.content]));
    const fresh: Array<EventOf<'next_action.created'>> = [];
    for (const e of events) {
      const p = e.payload;
      const known = content.get(p.nextActionId);
      if (known === undefined) {
        fresh.push(e);
        content.set(p.nextActionId, p.content);
      } else if (known === '') {
        await this.fillPlaceholder(manager, batch, e, placeholders.get(p.nextActionId)!);
        content.set(p.nextActionId, p.content);
      }
    }
    if (fresh.length === 0) return;
    const f = fresh.map((e) => e.payload);
    await manager.query(
      `INSERT INTO wf_next_action (id, customer_id, team_id, owner_id, content, due_at, status, version)
       SELECT v.id, v.customer_id, v.team_id, v.owner_id, v.content, v.due_at, 'OPEN', v.version
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::int[])
         AS v(id, customer_id, team_id, owner_id, content, due_at, version)`,
      [
        f.map((p) => p.nextActionId),
        f.map((p) => p.customerId),
        f.map((p) => p.teamId),
        f.map((p) => p.ownerId),
        f.map((p) => p.content),
        f.map((p) => p.dueAt),
        fresh.map((e) => e.version),
      ],
    );
    if (!batch.jobs) return;
    const unknownTeams = [...new Set(f.map((p) => p.teamId))].filter((t) => !batch.leads.has(t));
    if (unknownTeams.length > 0) {
      const leads: Array<{ id: string; lead: number }> = await manager.query(
        `SELECT id, due_soon_lead_minutes AS lead FROM team WHERE id = ANY($1)`,
        [unknownTeams],
      );
      for (const t of unknownTeams) batch.leads.set(t, leads.find((l) => l.id === t)?.lead ?? DEFAULT_LEAD_MINUTES);
    }
    for (const e of fresh) {
      const p = e.payload;
      batch.jobs.schedule({
        nextActionId: p.nextActionId,
        dueAt: new Date(p.dueAt),
        leadMinutes: batch.leads.get(p.teamId) ?? DEFAULT_LEAD_MINUTES,
        actor: e.actor,
      });
    }
  }

  private async applyOne(event: DomainEvent, manager: EntityManager, batch: Batch): Promise<void> {
    switch (event.type) {
      case 'customer.created':
      case 'customer.updated':
        return this.upsertFacts(event, manager);
      case 'customer.stage_changed':
        return this.stageChanged(event, manager);
      case 'customer.transferred':
        return this.transferred(event, manager);
      case 'customer.archived':
        await manager.query(`UPDATE wf_customer SET archived_at = $2 WHERE id = $1`, [
          event.payload.customerId,
          event.payload.archivedAt,
        ]);
        return this.touch(event, event.payload.customerId, manager);
      case 'interaction.logged':
        return this.interactionLogged(event, manager);
      case 'next_action.created':
        return this.nextActionCreated(event, manager, batch);
      case 'next_action.completed':
      case 'next_action.cancelled':
        return this.nextActionClosed(event, manager, batch);
      case 'next_action.rescheduled':
        return this.nextActionRescheduled(event, manager, batch);
      case 'next_action.reassigned':
        return this.nextActionReassigned(event, manager);
      case 'contact.added':
      case 'contact.updated':
      case 'contact.removed':
        await this.ensureCustomer(event, event.payload.customerId, manager);
        await manager.query(
          `UPDATE wf_customer SET contact_count = $2, contacts_version = $3 WHERE id = $1 AND contacts_version < $3`,
          [event.payload.customerId, event.payload.contactCount, this.customerVersion(event, event.payload.customerId)],
        );
        return this.touch(event, event.payload.customerId, manager);
      case 'need.recorded':
      case 'need.updated':
        await manager.query(
          `INSERT INTO wf_need (id, customer_id, active) VALUES ($1, $2, true) ON CONFLICT (id) DO NOTHING`,
          [event.payload.needId, event.payload.customerId],
        );
        return this.touch(event, event.payload.customerId, manager);
      case 'need.retired':
        await manager.query(
          `INSERT INTO wf_need (id, customer_id, active) VALUES ($1, $2, false)
           ON CONFLICT (id) DO UPDATE SET active = false`,
          [event.payload.needId, event.payload.customerId],
        );
        return this.touch(event, event.payload.customerId, manager);
      case 'pain_point.recorded':
      case 'pain_point.updated':
        await manager.query(
          `INSERT INTO wf_pain_point (id, customer_id, need_ids, active) VALUES ($1, $2, $3, true)
           ON CONFLICT (id) DO UPDATE SET need_ids = EXCLUDED.need_ids WHERE wf_pain_point.active`,
          [event.payload.painPointId, event.payload.customerId, JSON.stringify(event.payload.needIds)],
        );
        return this.touch(event, event.payload.customerId, manager);
      case 'pain_point.retired':
        await manager.query(
          `INSERT INTO wf_pain_point (id, customer_id, active) VALUES ($1, $2, false)
           ON CONFLICT (id) DO UPDATE SET active = false`,
          [event.payload.painPointId, event.payload.customerId],
        );
        return this.touch(event, event.payload.customerId, manager);
      default:
        return;
    }
  }

  /** The customer aggregate version an event carries, or 0 when its aggregate is something else. */
  private customerVersion(event: DomainEvent, customerId: string): number {
    return event.aggregateId === customerId ? event.version : 0;
  }

  /** Marks the customer changed at the event's time and raises its known version. */
  private async touch(event: DomainEvent, customerId: string, manager: EntityManager): Promise<void> {
    await manager.query(
      `UPDATE wf_customer SET version = GREATEST(version, $2), last_changed_at = GREATEST(last_changed_at, $3)
       WHERE id = $1`,
      [customerId, this.customerVersion(event, customerId), event.occurredAt],
    );
  }

  /** A customer row for an event that arrived before customer.created (facts filled in later). */
  private async ensureCustomer(
    event: DomainEvent,
    customerId: string,
    manager: EntityManager,
    ownerId?: string,
    teamId?: string,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO wf_customer (id, team_id, owner_id, last_changed_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO NOTHING`,
      [customerId, teamId ?? event.teamId ?? '', ownerId ?? event.actor.userId, event.occurredAt],
    );
  }

  private async upsertFacts(event: EventOf<'customer.created'> | EventOf<'customer.updated'>, manager: EntityManager) {
    const p = event.payload;
    const version = this.customerVersion(event, p.customerId);
    const stage = event.type === 'customer.created' ? event.payload.stage : null;
    await manager.query(
      `INSERT INTO wf_customer (id, team_id, owner_id, name, kind, industry_code, source_channel, first_contact_date,
         contact_count, stage, version, facts_version, stage_version, contacts_version, last_changed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, COALESCE($10, 'LEAD_NURTURING'), $11, $11,
         CASE WHEN $10::text IS NULL THEN 0 ELSE $11 END, CASE WHEN $9::int IS NULL THEN 0 ELSE $11 END, $12)
       ON CONFLICT (id) DO UPDATE SET
         team_id = CASE WHEN wf_customer.facts_version < $11 THEN EXCLUDED.team_id ELSE wf_customer.team_id END,
         owner_id = CASE WHEN wf_customer.facts_version < $11 THEN EXCLUDED.owner_id ELSE wf_customer.owner_id END,
         name = CASE WHEN wf_customer.facts_version < $11 THEN EXCLUDED.name ELSE wf_customer.name END,
         kind = CASE WHEN wf_customer.facts_version < $11 THEN EXCLUDED.kind ELSE wf_customer.kind END,
         industry_code = CASE WHEN wf_customer.facts_version < $11 THEN EXCLUDED.industry_code ELSE wf_customer.industry_code END,
         source_channel = CASE WHEN wf_customer.facts_version < $11 THEN EXCLUDED.source_channel ELSE wf_customer.source_channel END,
         first_contact_date = CASE WHEN wf_customer.facts_version < $11 THEN EXCLUDED.first_contact_date ELSE wf_customer.first_contact_date END,
         contact_count = CASE WHEN $9::int IS NOT NULL AND wf_customer.contacts_version < $11 THEN $9 ELSE wf_customer.contact_count END,
         contacts_version = CASE WHEN $9::int IS NOT NULL AND wf_customer.contacts_version < $11 THEN $11 ELSE wf_customer.contacts_version END,
         stage = CASE WHEN $10::text IS NOT NULL AND wf_customer.stage_version < $11 THEN $10 ELSE wf_customer.stage END,
         stage_version = CASE WHEN $10::text IS NOT NULL AND wf_customer.stage_version < $11 THEN $11 ELSE wf_customer.stage_version END,
         facts_version = GREATEST(wf_customer.facts_version, $11),
         version = GREATEST(wf_customer.version, $11),
         last_changed_at = GREATEST(wf_customer.last_changed_at, $12)`,
      [
        p.customerId,
        p.teamId,
        p.ownerId,
        p.name,
        p.kind,
        p.industryCode,
        p.sourceChannel,
        p.firstContactDate,
        p.contactCount ?? null,
        stage,
        version,
        event.occurredAt,
      ],
    );
    if (event.type === 'customer.created') {
      await manager.query(
        `INSERT INTO wf_stage_change (event_id, customer_id, from_stage, to_stage, at) VALUES ($1, $2, NULL, $3, $4)
         ON CONFLICT DO NOTHING`,
        [event.id, p.customerId, event.payload.stage, event.payload.createdAt],
      );
    }
  }

  private async stageChanged(event: EventOf<'customer.stage_changed'>, manager: EntityManager) {
    const p = event.payload;
    await this.ensureCustomer(event, p.customerId, manager, p.ownerId, p.teamId);
    await manager.query(
      `INSERT INTO wf_stage_change (event_id, customer_id, from_stage, to_stage, at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING`,
      [event.id, p.customerId, p.from, p.to, p.at],
    );
    const version = this.customerVersion(event, p.customerId);
    await manager.query(
      `UPDATE wf_customer SET stage = $2, stage_version = GREATEST(stage_version, $3)
       WHERE id = $1 AND (stage_version < $3 OR $3 = 0)`,
      [p.customerId, p.to, version],
    );
    await this.touch(event, p.customerId, manager);
  }

  private async transferred(event: EventOf<'customer.transferred'>, manager: EntityManager) {
    const p = event.payload;
    await manager.query(
      `UPDATE wf_customer SET owner_id = $2, team_id = $3, facts_version = $4 WHERE id = $1 AND facts_version < $4`,
      [p.customerId, p.toOwnerId, p.toTeamId, this.customerVersion(event, p.customerId)],
    );
    // The reminder handler reads the current owner when it runs, so moving the row moves the reminders.
    if (p.nextActionIds.length > 0) {
      await manager.query(
        `UPDATE wf_next_action SET owner_id = $2, team_id = $3, updated_at = now() WHERE id = ANY($1) AND status = 'OPEN'`,
        [p.nextActionIds, p.toOwnerId, p.toTeamId],
      );
    }
    await this.touch(event, p.customerId, manager);
  }

  private async interactionLogged(event: EventOf<'interaction.logged'>, manager: EntityManager) {
    const p = event.payload;
    await this.ensureCustomer(event, p.customerId, manager, p.ownerId, p.teamId);
    await manager.query(
      `INSERT INTO wf_interaction (id, customer_id, team_id, owner_id, author_id, occurred_at, logged_at, logged_late, next_action_id, speculative_terms)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (id) DO NOTHING`,
      [p.interactionId, p.customerId, p.teamId, p.ownerId, p.authorId, p.occurredAt, p.loggedAt, p.loggedLate, p.nextActionId, p.speculativeTerms ?? []],
    );
    await this.touch(event, p.customerId, manager);
  }

  private async leadMinutes(teamId: string, manager: EntityManager, batch: Batch): Promise<number> {
    const known = batch.leads.get(teamId);
    if (known !== undefined) return known;
    const rows: Array<{ lead: number }> = await manager.query(
      `SELECT due_soon_lead_minutes AS lead FROM team WHERE id = $1`,
      [teamId],
    );
    const lead = rows[0]?.lead ?? DEFAULT_LEAD_MINUTES;
    batch.leads.set(teamId, lead);
    return lead;
  }

  /** The projected action, locked; `content` is '' for a placeholder made by a later event that came first. */
  private async lockAction(manager: EntityManager, id: string) {
    const rows: Array<{ status: string; due_at: Date; team_id: string; version: number; content: string }> = await manager.query(
      `SELECT status, due_at, team_id, version, content FROM wf_next_action WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return rows[0];
  }

  private async insertAction(
    manager: EntityManager,
    row: { id: string; customerId: string; teamId: string; ownerId: string; content: string; dueAt: string | null; status: string; version: number },
  ) {
    await manager.query(
      `INSERT INTO wf_next_action (id, customer_id, team_id, owner_id, content, due_at, status, version)
       VALUES ($1, $2, $3, $4, $5, COALESCE($6::timestamptz, to_timestamp(0)), $7, $8)`,
      [row.id, row.customerId, row.teamId, row.ownerId, row.content, row.dueAt, row.status, row.version],
    );
  }

  /*
   * Next-action events carry the customer's version, which orders them: each is applied only when it is
   * newer than what the row has seen. An event that arrives before next_action.created leaves a
   * placeholder row (empty content) that the creation fills in without undoing the later change.
   */
  private async nextActionCreated(event: EventOf<'next_action.created'>, manager: EntityManager, batch: Batch) {
    const p = event.payload;
    await this.ensureCustomer(event, p.customerId, manager, p.ownerId, p.teamId);
    const existing = await this.lockAction(manager, p.nextActionId);
    await this.touch(event, p.customerId, manager);
    if (existing) {
      if (existing.content === '') await this.fillPlaceholder(manager, batch, event, existing);
      return;
    }
    await this.insertAction(manager, {
      id: p.nextActionId,
      customerId: p.customerId,
      teamId: p.teamId,
      ownerId: p.ownerId,
      content: p.content,
      dueAt: p.dueAt,
      status: 'OPEN',
      version: event.version,
    });
    batch.jobs?.schedule({
      nextActionId: p.nextActionId,
      dueAt: new Date(p.dueAt),
      leadMinutes: await this.leadMinutes(p.teamId, manager, batch),
      actor: event.actor,
    });
  }

  /**
   * next_action.created for a row a later event made first. Its content and team are filled in; a
   * placeholder that only a reassignment made (still open, no due time yet) also gets the due time and
   * its reminders, which no other event scheduled.
   */
  private async fillPlaceholder(
    manager: EntityManager,
    batch: Batch,
    event: EventOf<'next_action.created'>,
    existing: { status: string; due_at: Date },
  ) {
    const p = event.payload;
    const dueUnknown = existing.status === 'OPEN' && existing.due_at.getTime() === 0;
    await manager.query(
      `UPDATE wf_next_action SET content = $2, team_id = $3, due_at = CASE WHEN $4 THEN $5::timestamptz ELSE due_at END WHERE id = $1`,
      [p.nextActionId, p.content, p.teamId, dueUnknown, p.dueAt],
    );
    if (dueUnknown) {
      batch.jobs?.schedule({
        nextActionId: p.nextActionId,
        dueAt: new Date(p.dueAt),
        leadMinutes: await this.leadMinutes(p.teamId, manager, batch),
        actor: event.actor,
      });
    }
  }

  /**
   * An open action given to someone else (a hand-over): the reminders follow, as their handler reads the
   * owner when it runs. Ordered by the customer version like the other next-action events; one that comes
   * before next_action.created leaves an open placeholder without a due time, which the creation completes.
   */
  private async nextActionReassigned(event: EventOf<'next_action.reassigned'>, manager: EntityManager) {
    const p = event.payload;
    await this.ensureCustomer(event, p.customerId, manager, undefined, p.teamId);
    const existing = await this.lockAction(manager, p.nextActionId);
    await this.touch(event, p.customerId, manager);
    if (!existing) {
      await this.insertAction(manager, {
        id: p.nextActionId,
        customerId: p.customerId,
        teamId: p.teamId,
        ownerId: p.toOwnerId,
        content: '',
        dueAt: null,
        status: 'OPEN',
        version: event.version,
      });
      return;
    }
    if (existing.status !== 'OPEN' || existing.version >= event.version) return;
    await manager.query(`UPDATE wf_next_action SET owner_id = $2, version = $3, updated_at = now() WHERE id = $1`, [
      p.nextActionId,
      p.toOwnerId,
      event.version,
    ]);
  }

  private async nextActionClosed(
    event: EventOf<'next_action.completed'> | EventOf<'next_action.cancelled'>,
    manager: EntityManager,
    batch: Batch,
  ) {
    const p = event.payload;
    const status = event.type === 'next_action.completed' ? 'DONE' : 'CANCELLED';
    const existing = await this.lockAction(manager, p.nextActionId);
    await this.touch(event, p.customerId, manager);
    if (!existing) {
      await this.insertAction(manager, {
        id: p.nextActionId,
        customerId: p.customerId,
        teamId: event.teamId ?? '',
        ownerId: p.ownerId,
        content: '',
        dueAt: null,
        status,
        version: event.version,
      });
      return;
    }
    if (existing.status !== 'OPEN' || existing.version >= event.version) return;
    await manager.query(`UPDATE wf_next_action SET status = $2, version = $3, updated_at = now() WHERE id = $1`, [
      p.nextActionId,
      status,
      event.version,
    ]);
    batch.jobs?.unschedule(p.nextActionId, existing.due_at);
  }

  private async nextActionRescheduled(event: EventOf<'next_action.rescheduled'>, manager: EntityManager, batch: Batch) {
    const p = event.payload;
    const existing = await this.lockAction(manager, p.nextActionId);
    await this.touch(event, p.customerId, manager);
    if (existing && (existing.status !== 'OPEN' || existing.version >= event.version)) return;
    if (existing) {
      await manager.query(`UPDATE wf_next_action SET due_at = $2, version = $3, updated_at = now() WHERE id = $1`, [
        p.nextActionId,
        p.dueAt,
        event.version,
      ]);
    } else {
      await this.insertAction(manager, {
        id: p.nextActionId,
        customerId: p.customerId,
        teamId: event.teamId ?? '',
        ownerId: p.ownerId,
        content: '',
        dueAt: p.dueAt,
        status: 'OPEN',
        version: event.version,
      });
    }
    if (batch.jobs) {
      if (existing) batch.jobs.unschedule(p.nextActionId, existing.due_at);
      const teamId = existing?.team_id ?? event.teamId ?? '';
      batch.jobs.schedule({
        nextActionId: p.nextActionId,
        dueAt: new Date(p.dueAt),
        leadMinutes: await this.leadMinutes(teamId, manager, batch),
        actor: event.actor,
      });
    }
  }
}
