import type { DataSource } from 'typeorm';
import { ForbiddenError } from '@salestrail/platform';
import type { Actor } from '@salestrail/contract';
import type { Clock } from '../common/clock';
import type { OutboundDispatcher } from '../notifications/outbound.dispatcher';
import { DEFAULT_LEAD_MINUTES } from '../customers/customer-projection';
import { reminderJobId, reminderJobIds, type ReminderScheduler } from '../reminders/reminder.scheduler';
import type { ReviewService } from '../reviews/review.service';
import { TeamEntity } from '../teams/team.entity';
import type { WeeklyCycleScheduler } from '../weekly-cycle/weekly-cycle.scheduler';

/** Open next actions read, checked against sent notifications and scheduled per round trip. */
export const RECONCILE_CHUNK = 1_000;

export interface ReconcileReport {
  teamSchedulers: number;
  reminderJobs: number;
  routingJobs: number;
  webhookDeliveries: number;
  ranAt: Date;
}

/**
 * Re-creates, from the workflow database, every BullMQ job that should exist: the Friday schedulers of
 * every team, the reminders of every open next action (except those already sent), the routing of
 * reviews not routed yet and pending webhook deliveries. Job ids are deterministic, so a job that still
 * exists is left alone: running it twice, or while nothing was lost, changes nothing. It may run while
 * events are applied: a reminder it adds for an action closed meanwhile sends nothing when it fires.
 */
export class ReconciliationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly weekly: WeeklyCycleScheduler,
    private readonly reminders: ReminderScheduler,
    private readonly reviews: ReviewService,
    private readonly outbound: Pick<OutboundDispatcher, 'enqueueWebhook'>,
  ) {}

  /**
   * The reminders of every open next action, earliest due first, a chunk at a time: one query for the
   * chunk's actions (keyset on due time and id, so each chunk starts where the last ended), one for
   * which of their reminders were already sent, and one `addBulk` for the rest. Returns the jobs added
   * (an add whose job still exists leaves it as it is).
   */
  private async reconcileReminders(chunkSize: number, signal?: AbortSignal): Promise<number> {
    let added = 0;
    // The cursor keeps the due time as Postgres' text, exact to the microsecond (a Date keeps milliseconds).
    let after: { dueAt: string; id: string } | null = null;
    for (;;) {
      signal?.throwIfAborted();
      const actions: Array<{ id: string; due_at: Date; due_text: string; lead: number | null }> = after
        ? await this.dataSource.query(
            `SELECT a.id, a.due_at, a.due_at::text AS due_text, t.due_soon_lead_minutes AS lead
             FROM wf_next_action a LEFT JOIN team t ON t.id = a.team_id
             WHERE a.status = 'OPEN' AND a.due_at >= $1::timestamptz AND (a.due_at, a.id) > ($1::timestamptz, $2)
             ORDER BY a.due_at, a.id LIMIT $3`,
            [after.dueAt, after.id, chunkSize],
          )
        : await this.dataSource.query(
            `SELECT a.id, a.due_at, a.due_at::text AS due_text, t.due_soon_lead_minutes AS lead
             FROM wf_next_action a LEFT JOIN team t ON t.id = a.team_id
             WHERE a.status = 'OPEN' ORDER BY a.due_at, a.id LIMIT $1`,
            [chunkSize],
          );
      if (actions.length === 0) return added;
      const ids = actions.flatMap((a) => reminderJobIds(a.id, a.due_at.getTime()));
      const sent: Array<{ dedupe_key: string }> = await this.dataSource.query(
        `SELECT dedupe_key FROM notification WHERE dedupe_key = ANY($1)`,
        [ids],
      );
      const skip = new Set(sent.map((s) => s.dedupe_key));
      added += (
        await this.reminders.scheduleMany(
          actions.map((a) => ({ nextActionId: a.id, dueAt: a.due_at, leadMinutes: a.lead ?? DEFAULT_LEAD_MINUTES, skip })),
        )
      ).length;
      if (actions.length < chunkSize) return added;
      const last = actions[actions.length - 1]!;
      after = { dueAt: last.due_text, id: last.id };
    }
  }

  async reconcileAs(actor: Actor): Promise<ReconcileReport> {
    if (actor.role !== 'ADMIN') throw new ForbiddenError('Only an ADMIN reconciles jobs');
    return this.reconcile();
  }

  /**
   * After a team's "due soon" lead changed: moves the not-yet-sent due-soon reminders of its open next
   * actions to the new lead (their ids do not include the lead, so they are removed and added again).
   */
  async refreshDueSoon(teamId: string): Promise<number> {
    const actions: Array<{ id: string; due_at: Date; lead: number }> = await this.dataSource.query(
      `SELECT a.id, a.due_at, t.due_soon_lead_minutes AS lead FROM wf_next_action a JOIN team t ON t.id = a.team_id
       WHERE a.team_id = $1 AND a.status = 'OPEN'
         AND NOT EXISTS (SELECT 1 FROM notification n WHERE n.dedupe_key = 'reminder-due-soon-' || a.id || '-' || (extract(epoch FROM a.due_at) * 1000)::bigint)`,
      [teamId],
    );
    // A chunk at a time: its due-soon jobs removed together, then added again in one addBulk.
    for (let i = 0; i < actions.length; i += RECONCILE_CHUNK) {
      const chunk = actions.slice(i, i + RECONCILE_CHUNK);
      await this.reminders.removeJobs(chunk.map((a) => reminderJobId('due-soon', a.id, a.due_at.getTime())));
      const others = new Set(
        chunk.flatMap((a) => [reminderJobId('overdue', a.id, a.due_at.getTime()), reminderJobId('escalate', a.id, a.due_at.getTime())]),
      );
      await this.reminders.scheduleMany(chunk.map((a) => ({ nextActionId: a.id, dueAt: a.due_at, leadMinutes: a.lead, skip: others })));
    }
    return actions.length;
  }

  /**
   * `chunkSize`: open next actions per round trip; `signal`: stops the pass between chunks (it then
   * throws, and what it scheduled so far stays).
   */
  async reconcile(options: { chunkSize?: number; signal?: AbortSignal } = {}): Promise<ReconcileReport> {
    let teamSchedulers = 0;
    for (const team of await this.dataSource.getRepository(TeamEntity).find()) {
      teamSchedulers += (await this.weekly.upsert(team)).length;
    }

    const reminderJobs = await this.reconcileReminders(options.chunkSize ?? RECONCILE_CHUNK, options.signal);

    const unrouted: Array<{ id: string; version: number }> = await this.dataSource.query(
      `SELECT id, version FROM review WHERE status = 'PENDING' AND (routed_version IS NULL OR routed_version < version)`,
    );
    await this.reviews.enqueueRouting(unrouted.map((r) => ({ reviewId: r.id, reviewVersion: r.version })));

    const deliveries: Array<{ id: string; replays: number }> = await this.dataSource.query(
      `SELECT id, replays FROM webhook_delivery WHERE status = 'PENDING' ORDER BY created_at`,
    );
    for (const d of deliveries) await this.outbound.enqueueWebhook(d.id, d.replays);

    return {
      teamSchedulers,
      reminderJobs,
      routingJobs: unrouted.length,
      webhookDeliveries: deliveries.length,
      ranAt: this.clock.now(),
    };
  }
}
