import { STAGES, type Actor, type Stage } from '@salestrail/contract';
import { listIndustries } from '@salestrail/records/dist/industries/industries';
import { normalizeCustomerName } from '@salestrail/records/dist/customers/normalize-name';
import type { Cell, CopyBatch } from './copy-writer';
import { companyName, distinguish, NEEDS, NEXT_ACTIONS, PAIN_POINTS, personName, REOPEN_REASONS, SUMMARIES, TERMINATION_REASONS } from './names';
import { Prng } from './prng';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ORDERED = STAGES.filter((s) => s !== 'LEAD_TERMINATED');
const CHANNELS = ['TRADE_SHOW', 'PROACTIVE_VISIT', 'ONLINE_PROMOTION', 'REFERRAL', 'INBOUND', 'OTHER'] as const;
const METHODS = ['PHONE_CALL', 'IN_PERSON_MEETING', 'VIDEO_MEETING', 'EMAIL', 'INSTANT_MESSAGE', 'SITE_VISIT', 'OTHER'] as const;
const CONTACT_ROLES = ['DECISION_MAKER', 'EXECUTOR', 'INFLUENCER', 'TECHNICAL_EVALUATOR', 'PROCUREMENT', 'OTHER'] as const;
/** Industries weighted the way a B2B sales team sees them: manufacturing, IT and trade most. */
const INDUSTRIES = listIndustries().flatMap((d) => Array<string>(['C', 'I', 'F'].includes(d.section) ? 4 : 1).fill(d.code));

/** The column lists COPY writes, per store, in foreign-key order. */
export const RECORDS_COLUMNS = {
  customer: ['id', 'name', 'normalized_name', 'kind', 'industry_code', 'source_channel', 'source_detail', 'first_contact_date', 'stage', 'termination_reason', 'owner_id', 'team_id', 'remarks', 'version', 'created_at', 'updated_at', 'search_names', 'search_phones'],
  contact: ['id', 'customer_id', 'name', 'role', 'title', 'phone', 'email', 'position', 'created_at'],
  stage_change: ['id', 'customer_id', 'from_stage', 'to_stage', 'at', 'by_user_id', 'reason', 'owner_id', 'team_id'],
  interaction: ['id', 'customer_id', 'occurred_at', 'method', 'summary', 'is_first_contact', 'logged_at', 'logged_late', 'author_id', 'next_action_id'],
  next_action: ['id', 'customer_id', 'interaction_id', 'content', 'owner_id', 'due_at', 'status', 'completed_at', 'completion_note', 'cancelled_at', 'cancel_reason', 'created_at', 'updated_at'],
  need: ['id', 'customer_id', 'interaction_id', 'kind', 'description', 'created_at', 'updated_at'],
  need_revision: ['id', 'need_id', 'change', 'kind', 'description', 'at', 'by_user_id'],
  pain_point: ['id', 'customer_id', 'interaction_id', 'description', 'need_ids', 'created_at', 'updated_at'],
  pain_point_revision: ['id', 'pain_point_id', 'change', 'description', 'need_ids', 'at', 'by_user_id'],
  customer_review: ['review_id', 'customer_id', 'status', 'customer_version', 'reviewer_id', 'comments', 'decided_at'],
  outbox_event: ['id', 'seq', 'type', 'aggregate_id', 'version', 'team_id', 'actor', 'payload', 'occurred_at', 'sent_at'],
} as const;
export const WORKFLOW_COLUMNS = {
  team: ['id', 'name', 'manager_id', 'assistant_id', 'timezone', 'workday_end'],
  wf_customer: ['id', 'team_id', 'owner_id', 'name', 'kind', 'industry_code', 'source_channel', 'first_contact_date', 'contact_count', 'stage', 'version', 'facts_version', 'stage_version', 'contacts_version', 'last_changed_at'],
  wf_stage_change: ['event_id', 'customer_id', 'from_stage', 'to_stage', 'at'],
  wf_interaction: ['id', 'customer_id', 'team_id', 'owner_id', 'author_id', 'occurred_at', 'logged_at', 'logged_late', 'next_action_id'],
  wf_next_action: ['id', 'customer_id', 'team_id', 'owner_id', 'content', 'due_at', 'status', 'version', 'updated_at'],
  wf_need: ['id', 'customer_id'],
  wf_pain_point: ['id', 'customer_id', 'need_ids'],
  review: ['id', 'customer_id', 'team_id', 'submitted_by', 'reviewer_id', 'status', 'comments', 'customer_version', 'submitted_at', 'decided_at', 'routed_version'],
  notification: ['id', 'recipient_id', 'team_id', 'kind', 'title', 'body', 'customer_id', 'dedupe_key', 'created_at', 'read_at'],
  outbox_event: ['id', 'seq', 'type', 'aggregate_id', 'version', 'team_id', 'actor', 'payload', 'occurred_at', 'sent_at'],
} as const;
export const ANALYTICS_COLUMNS = {
  team_dim: ['team_id', 'name', 'timezone'],
  customer_state: ['customer_id', 'name', 'owner_id', 'team_id', 'industry_code', 'source_channel', 'version', 'facts_version', 'owner_version', 'created_at'],
  stage_transition: ['event_id', 'customer_id', 'from_stage', 'to_stage', 'at', 'owner_id', 'team_id', 'customer_version'],
  interaction_fact: ['interaction_id', 'customer_id', 'occurred_at', 'logged_at', 'method', 'owner_id', 'team_id', 'author_id'],
  next_action_fact: ['next_action_id', 'customer_id', 'owner_id', 'team_id', 'created_at', 'due_at', 'completed_at', 'cancelled_at', 'status', 'due_version', 'owner_version'],
} as const;

export interface Team {
  id: string;
  name: string;
  managerId: string;
  assistantId: string;
  timezone: string;
  reps: string[];
}

export interface SeedShape {
  customers: number;
  seed: number;
  /** The data ends here: nothing happens after it (interactions, logs, completions). */
  until: Date;
}

/** Teams scale with the data: about 10 000 customers and 8 reps per team, at least 3 teams. */
export function makeTeams(customers: number): Team[] {
  const count = Math.min(20, Math.max(3, Math.ceil(customers / 10_000)));
  const names = ['华东一部', '华南大客户部', 'North China Key Accounts', '西南渠道部', '华北二部', 'Export Team', '华中一部', '长三角制造业组', 'Healthcare', '新零售组'];
  return Array.from({ length: count }, (_, t) => {
    const id = `team-${String(t + 1).padStart(2, '0')}`;
    return {
      id,
      name: names[t % names.length]! + (t >= names.length ? ` ${Math.floor(t / names.length) + 1}` : ''),
      managerId: `mgr-${t + 1}`,
      assistantId: `asst-${t + 1}`,
      timezone: t % 5 === 4 ? 'Asia/Singapore' : 'Asia/Shanghai',
      reps: Array.from({ length: 8 }, (_, r) => `rep-${t + 1}-${r + 1}`),
    };
  });
}

/** Local calendar date (Asia/Shanghai and Singapore are both UTC+8, without daylight saving). */
const localDate = (ms: number) => new Date(ms + 8 * HOUR).toISOString().slice(0, 10);
const iso = (ms: number) => new Date(ms).toISOString();

type Op =
  | { at: number; kind: 'interaction'; index: number }
  | { at: number; kind: 'stage'; from: Stage; to: Stage; reason: string | null }
  | { at: number; kind: 'complete' | 'cancel'; index: number };

interface Counters {
  recordsSeq: number;
  workflowSeq: number;
}

/**
 * Generates one customer's whole record and writes it to the three stores' batches: records' tables
 * and outbox (as published events in seq order), workflow's projection and reviews, analytics' facts.
 */
export class CustomerGenerator {
  private readonly names = new Map<string, Set<string>>();
  readonly counters: Counters = { recordsSeq: 0, workflowSeq: 0 };
  private readonly start: number;
  private readonly end: number;

  constructor(
    private readonly rng: Prng,
    private readonly teams: Team[],
    shape: SeedShape,
  ) {
    this.end = shape.until.getTime();
    this.start = this.end - 540 * DAY;
  }

  writeTeams(workflow: CopyBatch, analytics: CopyBatch): void {
    const system: Actor = { userId: 'admin', name: 'Admin', role: 'ADMIN', teamId: null };
    for (const t of this.teams) {
      workflow.add('team', [t.id, t.name, t.managerId, t.assistantId, t.timezone, '18:00']);
      analytics.add('team_dim', [t.id, t.name, t.timezone]);
      this.outbox(workflow, 'workflow', 'team.upserted', t.id, 1, t.id, system, {
        teamId: t.id, name: t.name, managerId: t.managerId, assistantId: t.assistantId, timezone: t.timezone, workdayEnd: '18:00',
      }, this.start);
    }
  }

  customer(records: CopyBatch, workflow: CopyBatch, analytics: CopyBatch): void {
    const rng = this.rng;
    const team = rng.pick(this.teams);
    const ownerId = rng.pick(team.reps);
    const owner: Actor = { userId: ownerId, role: 'SALES_REP', teamId: team.id };
    const id = rng.uuid();
    const kind = rng.chance(0.88) ? 'ENTERPRISE' : 'INDIVIDUAL';
    const name = this.uniqueName(team.id, kind === 'ENTERPRISE' ? companyName(rng) : personName(rng));
    const industryCode = rng.pick(INDUSTRIES);
    const sourceChannel = rng.pick(CHANNELS);
    const sourceDetail = sourceChannel === 'TRADE_SHOW' ? rng.pick(['2025 中国国际工业博览会', 'Hannover Messe 2025', '深圳高交会']) : sourceChannel === 'REFERRAL' ? `${personName(rng)} 推荐` : null;
    // Created somewhere in the 18 months, never later than 30 days before the end.
    const createdAt = this.start + Math.floor(rng.next() * (this.end - this.start - 30 * DAY));
    const span = Math.min(this.end - createdAt - HOUR, 300 * DAY);
    const interactionCount = rng.int(6, 14);
    const times = Array.from({ length: interactionCount }, (_, i) => (i === 0 ? createdAt + rng.int(5, 120) * 60_000 : createdAt + Math.floor(rng.next() * span)));
    times.sort((a, b) => a - b);

    // Stage path: about four moves after creation, forward mostly, with skips, regressions, terminations
    // and reopened leads; each move happens shortly after an interaction.
    const logs = times.map((occurred) => {
      const late = rng.chance(0.1);
      return Math.min(this.end, occurred + (late ? rng.int(25, 96) * HOUR : rng.int(5, 480) * 60_000));
    });
    const ops: Op[] = logs.map((at, index) => ({ at, kind: 'interaction', index }));
    let stage: Stage = 'LEAD_NURTURING';
    const moveAt = new Set<number>();
    const moves = Math.min(rng.int(2, 6), interactionCount - 1);
    while (moveAt.size < moves) moveAt.add(rng.int(1, interactionCount - 1));
    let terminationReason: string | null = null;
    for (const index of [...moveAt].sort((a, b) => a - b)) {
      const to = this.nextStage(stage);
      if (!to) break;
      const reason = to === 'LEAD_TERMINATED' ? rng.pick(TERMINATION_REASONS) : stage === 'LEAD_TERMINATED' ? rng.pick(REOPEN_REASONS) : null;
      ops.push({ at: times[index]! + rng.int(10, 90) * 60_000, kind: 'stage', from: stage, to, reason });
      terminationReason = to === 'LEAD_TERMINATED' ? reason : null;
      stage = to;
    }

    // Next actions: one per interaction. Earlier ones are mostly done (some late, some cancelled, a
    // few forgotten and overdue); the newest is open, overdue when its due time has passed.
    const actions = times.map((at, i) => {
      const logged = logs[i]!;
      const due = Math.max(at + rng.int(1, 7) * DAY + rng.int(0, 8) * HOUR, logged + HOUR);
      const last = i === interactionCount - 1;
      const roll = rng.next();
      let status: 'OPEN' | 'DONE' | 'CANCELLED' = 'OPEN';
      let closedAt: number | null = null;
      if (!last || roll < 0.3) {
        if (roll < 0.8 || last) {
          status = 'DONE';
          closedAt = rng.chance(0.8) ? logged + Math.floor(rng.next() * (due - logged)) : due + rng.int(1, 72) * HOUR;
        } else if (roll < 0.97) {
          status = 'CANCELLED';
          closedAt = logged + Math.floor(rng.next() * (due - logged));
        }
      }
      if (closedAt !== null && closedAt >= this.end) {
        status = 'OPEN';
        closedAt = null;
      }
      if (closedAt !== null) ops.push({ at: closedAt, kind: status === 'DONE' ? 'complete' : 'cancel', index: i });
      return { id: rng.uuid(), due, status, closedAt, logged, content: rng.pick(NEXT_ACTIONS), version: 0 };
    });
    ops.sort((a, b) => a.at - b.at);

    // Creation (version 1), then every change bumps the version by one.
    const contactCount = rng.int(1, 3);
    const facts = { customerId: id, name, kind, industryCode, sourceChannel, firstContactDate: localDate(createdAt), ownerId, teamId: team.id, contactCount };
    this.outbox(records, 'records', 'customer.created', id, 1, team.id, owner, { ...facts, stage: 'LEAD_NURTURING', createdAt: iso(createdAt) }, createdAt);
    const creationEventId = this.lastEventId;
    // What records' triggers keep on the customer row for the search (the load skips triggers).
    const search = { names: [name], phones: [] as string[] };
    for (let c = 0; c < contactCount; c += 1) {
      const contactName = personName(rng);
      const role = rng.pick(CONTACT_ROLES);
      const title = rng.pick(['总经理', '采购经理', 'IT Director', '技术总监', null]);
      const phone = `1${rng.int(30, 89)}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;
      records.add('contact', [rng.uuid(), id, contactName, role, title, phone, rng.chance(0.6) ? `contact${rng.int(1, 999)}@example.com` : null, c, iso(createdAt)]);
      search.names.push(contactName);
      search.phones.push(phone);
    }
    records.add('stage_change', [rng.uuid(), id, null, 'LEAD_NURTURING', iso(createdAt), ownerId, null, ownerId, team.id]);
    workflow.add('wf_stage_change', [creationEventId, id, null, 'LEAD_NURTURING', iso(createdAt)]);
    analytics.add('stage_transition', [creationEventId, id, null, 'LEAD_NURTURING', iso(createdAt), ownerId, team.id, 1]);

    let version = 1;
    let stageVersion = 1;
    const needIds: string[] = [];
    let reviewed = false;
    for (const op of ops) {
      version += 1;
      if (op.kind === 'interaction') {
        const occurred = times[op.index]!;
        const logged = logs[op.index]!;
        const loggedLate = logged - occurred > DAY;
        const action = actions[op.index]!;
        action.version = version;
        const interactionId = rng.uuid();
        const method = rng.pick(METHODS);
        const newNeeds: string[] = [];
        const newPains: string[] = [];
        records.add('interaction', [interactionId, id, iso(occurred), method, rng.pick(SUMMARIES), op.index === 0, iso(logged), loggedLate, ownerId, action.id]);
        const events: Array<[string, Record<string, unknown>]> = [];
        if (op.index === 0 || (op.index === 2 && rng.chance(0.5))) {
          const needId = rng.uuid();
          const needKind = op.index === 0 ? 'EXPLICIT' : 'INFERRED';
          const description = rng.pick(NEEDS);
          records.add('need', [needId, id, interactionId, needKind, description, iso(logged), iso(logged)]);
          records.add('need_revision', [rng.uuid(), needId, 'RECORDED', needKind, description, iso(logged), ownerId]);
          workflow.add('wf_need', [needId, id]);
          events.push(['need.recorded', { needId, customerId: id, kind: needKind, description, interactionId }]);
          needIds.push(needId);
          newNeeds.push(needId);
          if (rng.chance(0.6)) {
            const painPointId = rng.uuid();
            const pain = rng.pick(PAIN_POINTS);
            records.add('pain_point', [painPointId, id, interactionId, pain, [needId], iso(logged), iso(logged)]);
            records.add('pain_point_revision', [rng.uuid(), painPointId, 'RECORDED', pain, [needId], iso(logged), ownerId]);
            workflow.add('wf_pain_point', [painPointId, id, JSON.stringify([needId])]);
            events.push(['pain_point.recorded', { painPointId, customerId: id, description: pain, needIds: [needId], interactionId }]);
            newPains.push(painPointId);
          }
        }
        records.add('next_action', [action.id, id, interactionId, action.content, ownerId, iso(action.due), action.status,
          action.status === 'DONE' ? iso(action.closedAt!) : null, action.status === 'DONE' && rng.chance(0.3) ? '已完成，客户确认' : null,
          action.status === 'CANCELLED' ? iso(action.closedAt!) : null, action.status === 'CANCELLED' ? '客户改期，另行约定' : null,
          iso(logged), iso(action.closedAt ?? logged)]);
        workflow.add('wf_interaction', [interactionId, id, team.id, ownerId, ownerId, iso(occurred), iso(logged), loggedLate, action.id]);
        analytics.add('interaction_fact', [interactionId, id, iso(occurred), iso(logged), method, ownerId, team.id, ownerId]);
        this.outbox(records, 'records', 'interaction.logged', id, version, team.id, owner, {
          interactionId, customerId: id, occurredAt: iso(occurred), loggedAt: iso(logged), method, isFirstContact: op.index === 0, loggedLate,
          authorId: ownerId, ownerId, teamId: team.id, nextActionId: action.id, needIds: newNeeds, painPointIds: newPains,
        }, logged);
        for (const [type, payload] of events) this.outbox(records, 'records', type, id, version, team.id, owner, payload, logged);
        this.outbox(records, 'records', 'next_action.created', id, version, team.id, owner, {
          nextActionId: action.id, customerId: id, interactionId, content: action.content, ownerId, teamId: team.id, dueAt: iso(action.due), createdAt: iso(logged),
        }, logged);
        // About a quarter of the customers went through a review after their third interaction.
        if (op.index === 3 && !reviewed && rng.chance(0.25)) {
          reviewed = true;
          this.review(records, workflow, id, team, owner, version, logged);
        }
      } else if (op.kind === 'stage') {
        stageVersion = version;
        records.add('stage_change', [rng.uuid(), id, op.from, op.to, iso(op.at), ownerId, op.reason, ownerId, team.id]);
        this.outbox(records, 'records', 'customer.stage_changed', id, version, team.id, owner, {
          customerId: id, from: op.from, to: op.to, at: iso(op.at), reason: op.reason, ownerId, teamId: team.id,
        }, op.at);
        workflow.add('wf_stage_change', [this.lastEventId, id, op.from, op.to, iso(op.at)]);
        analytics.add('stage_transition', [this.lastEventId, id, op.from, op.to, iso(op.at), ownerId, team.id, version]);
      } else {
        const action = actions[op.index]!;
        action.version = version;
        if (op.kind === 'complete') {
          this.outbox(records, 'records', 'next_action.completed', id, version, team.id, owner, { nextActionId: action.id, customerId: id, ownerId, completedAt: iso(op.at), note: null }, op.at);
        } else {
          this.outbox(records, 'records', 'next_action.cancelled', id, version, team.id, owner, { nextActionId: action.id, customerId: id, ownerId, reason: '客户改期，另行约定', cancelledAt: iso(op.at) }, op.at);
        }
      }
    }
    for (const a of actions) {
      if (a.status === 'OPEN') this.sentReminders(workflow, a, id, name, team, ownerId);
      workflow.add('wf_next_action', [a.id, id, team.id, ownerId, a.content, iso(a.due), a.status, a.version, iso(a.closedAt ?? this.end)]);
      analytics.add('next_action_fact', [a.id, id, ownerId, team.id, iso(a.logged), iso(a.due),
        a.status === 'DONE' ? iso(a.closedAt!) : null, a.status === 'CANCELLED' ? iso(a.closedAt!) : null, a.status, 1, 1]);
    }
    const lastAt = ops[ops.length - 1]!.at;
    records.add('customer', [id, name, normalizeCustomerName(name), kind, industryCode, sourceChannel, sourceDetail, localDate(createdAt), stage, terminationReason,
      ownerId, team.id, rng.chance(0.3) ? '客户决策链较长，注意采购与技术双线推进' : null, version, iso(createdAt), iso(lastAt),
      search.names.join('\u001f'), search.phones.join('\u001f')]);
    workflow.add('wf_customer', [id, team.id, ownerId, name, kind, industryCode, sourceChannel, localDate(createdAt), contactCount, stage, version, 1, stageVersion, 1, iso(lastAt)]);
    analytics.add('customer_state', [id, name, ownerId, team.id, industryCode, sourceChannel, version, 1, 1, iso(createdAt)]);
  }

  private review(records: CopyBatch, workflow: CopyBatch, customerId: string, team: Team, owner: Actor, version: number, at: number): void {
    const rng = this.rng;
    const reviewId = rng.uuid();
    const submittedAt = at + rng.int(1, 48) * HOUR;
    if (submittedAt >= this.end) return;
    const roll = rng.next();
    const status = roll < 0.5 ? 'APPROVED' : roll < 0.8 ? 'CHANGES_REQUESTED' : 'PENDING';
    const decidedAt = status === 'PENDING' ? null : Math.min(this.end - 1, submittedAt + rng.int(1, 72) * HOUR);
    const comments = status === 'APPROVED' ? '记录完整，同意' : status === 'CHANGES_REQUESTED' ? '请补充决策人联系方式和预算信息' : null;
    workflow.add('review', [reviewId, customerId, team.id, owner.userId, team.managerId, status, comments, version, iso(submittedAt), decidedAt === null ? null : iso(decidedAt), version]);
    this.outbox(workflow, 'workflow', 'review.submitted', customerId, version, team.id, owner, {
      reviewId, customerId, submittedBy: owner.userId, reviewerId: team.managerId, customerVersion: version, submittedAt: iso(submittedAt),
    }, submittedAt);
    if (decidedAt !== null) {
      records.add('customer_review', [reviewId, customerId, status, version, team.managerId, comments, iso(decidedAt)]);
      const manager: Actor = { userId: team.managerId, role: 'SALES_MANAGER', teamId: team.id };
      this.outbox(workflow, 'workflow', 'review.decided', customerId, version, team.id, manager, {
        reviewId, customerId, reviewerId: team.managerId, status, comments: comments ?? '', customerVersion: version, decidedAt: iso(decidedAt),
      }, decidedAt);
    }
  }

  /**
   * The reminders of an open next action that fired before the end of the history, as the notifications
   * workflow sent (ids as its reminder jobs derive them), so that a started system schedules only the
   * reminders still to come instead of sending the whole history's at once.
   */
  private sentReminders(workflow: CopyBatch, a: { id: string; due: number; content: string }, customerId: string, customerName: string, team: Team, ownerId: string): void {
    const reminders = [
      ['due-soon', a.due - 120 * 60_000, 'NEXT_ACTION_DUE_SOON', ownerId, `Due soon: ${a.content}`],
      ['overdue', a.due, 'NEXT_ACTION_OVERDUE', ownerId, `Overdue: ${a.content}`],
      ['escalate', a.due + DAY, 'NEXT_ACTION_ESCALATED', team.managerId, `Overdue for 24 h (${ownerId}): ${a.content}`],
    ] as const;
    for (const [kind, at, notificationKind, recipient, title] of reminders) {
      if (at >= this.end) continue;
      workflow.add('notification', [this.rng.uuid(), recipient, team.id, notificationKind, title,
        `${customerName}: "${a.content}" is due ${iso(a.due)} (owner ${ownerId})`, customerId, `reminder-${kind}-${a.id}-${a.due}`, iso(at), this.rng.chance(0.7) ? iso(at + HOUR) : null]);
    }
  }

  private lastEventId = '';

  private outbox(batch: CopyBatch, producer: 'records' | 'workflow', type: string, aggregateId: string, version: number, teamId: string | null,
    actor: Actor, payload: Record<string, unknown>, at: number): void {
    this.lastEventId = this.rng.uuid();
    const seq = producer === 'records' ? ++this.counters.recordsSeq : ++this.counters.workflowSeq;
    const row: Cell[] = [this.lastEventId, seq, type, aggregateId, version, teamId, JSON.stringify(actor), JSON.stringify(payload), iso(at), iso(at)];
    batch.add('outbox_event', row);
  }

  private nextStage(from: Stage): Stage | null {
    const rng = this.rng;
    if (from === 'LEAD_TERMINATED') return rng.chance(0.6) ? 'LEAD_NURTURING' : 'NEEDS_CONFIRMED';
    const i = ORDERED.indexOf(from);
    const roll = rng.next();
    if (roll < 0.12) return 'LEAD_TERMINATED';
    if (i === ORDERED.length - 1) return roll < 0.2 ? 'DEAL_SIGNING' : null;
    if (roll < 0.22 && i > 0) return ORDERED[i - 1]!;
    if (roll < 0.37 && i + 2 < ORDERED.length) return ORDERED[i + 2]!;
    return ORDERED[i + 1]!;
  }

  private uniqueName(teamId: string, base: string): string {
    let taken = this.names.get(teamId);
    if (!taken) this.names.set(teamId, (taken = new Set()));
    let name = base;
    for (let attempt = 1; taken.has(normalizeCustomerName(name)); attempt += 1) name = distinguish(base, attempt, this.rng);
    taken.add(normalizeCustomerName(name));
    return name;
  }
}
