import type { DataSource } from 'typeorm';
import { RecordChangeKind, type RecordChange, type RecordChanges } from './record-change.types';

/** One event of a customer's history as the outbox keeps it. */
export interface HistoryEvent {
  type: string;
  version: number;
  occurredAt: Date;
  actor: { userId: string };
  payload: Record<string, unknown>;
}

/** Customer facts every customer.created / customer.updated event carries (so their earlier value is known). */
const FACT_FIELDS = ['name', 'kind', 'industryCode', 'sourceChannel', 'firstContactDate'] as const;

const SIMPLE: Record<string, { kind: RecordChangeKind; ref: string }> = {
  'contact.added': { kind: RecordChangeKind.CONTACT_ADDED, ref: 'contactId' },
  'contact.updated': { kind: RecordChangeKind.CONTACT_UPDATED, ref: 'contactId' },
  'contact.removed': { kind: RecordChangeKind.CONTACT_REMOVED, ref: 'contactId' },
  'interaction.logged': { kind: RecordChangeKind.INTERACTION_LOGGED, ref: 'interactionId' },
  'need.recorded': { kind: RecordChangeKind.NEED_RECORDED, ref: 'needId' },
  'need.updated': { kind: RecordChangeKind.NEED_UPDATED, ref: 'needId' },
  'need.retired': { kind: RecordChangeKind.NEED_RETIRED, ref: 'needId' },
  'pain_point.recorded': { kind: RecordChangeKind.PAIN_POINT_RECORDED, ref: 'painPointId' },
  'pain_point.updated': { kind: RecordChangeKind.PAIN_POINT_UPDATED, ref: 'painPointId' },
  'pain_point.retired': { kind: RecordChangeKind.PAIN_POINT_RETIRED, ref: 'painPointId' },
  'next_action.created': { kind: RecordChangeKind.NEXT_ACTION_CREATED, ref: 'nextActionId' },
  'next_action.completed': { kind: RecordChangeKind.NEXT_ACTION_COMPLETED, ref: 'nextActionId' },
  'next_action.rescheduled': { kind: RecordChangeKind.NEXT_ACTION_RESCHEDULED, ref: 'nextActionId' },
  'next_action.cancelled': { kind: RecordChangeKind.NEXT_ACTION_CANCELLED, ref: 'nextActionId' },
  'next_action.reassigned': { kind: RecordChangeKind.NEXT_ACTION_REASSIGNED, ref: 'nextActionId' },
};

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/**
 * The changes of a record after version `since` (0: all of them), up to `to`, from its event history.
 * Values before a change are taken from the latest earlier event that carried them, so an edit reads
 * "before → after" and not only as the record is now. Archiving is no change to the form and is left out.
 */
export function changesAfter(history: readonly HistoryEvent[], since: number, to: number): RecordChange[] {
  const facts = new Map<string, string>();
  const descriptions = new Map<string, string>();
  const out: RecordChange[] = [];
  for (const e of history) {
    if (e.version > to) break;
    const p = e.payload;
    const visible = e.version > since;
    const base = { version: e.version, at: e.occurredAt, byUserId: e.actor.userId, refId: null, field: null, before: null, after: null };
    if (e.type === 'customer.created' || e.type === 'customer.updated') {
      const changed = e.type === 'customer.updated' && Array.isArray(p.changed) ? (p.changed as string[]) : [];
      if (visible && e.type === 'customer.created') out.push({ ...base, kind: RecordChangeKind.CUSTOMER_CREATED, after: str(p.name) });
      if (visible) {
        for (const field of changed) {
          const known = (FACT_FIELDS as readonly string[]).includes(field);
          out.push({
            ...base,
            kind: RecordChangeKind.BASICS_UPDATED,
            field,
            before: known ? (facts.get(field) ?? null) : null,
            after: known ? str(p[field]) : null,
          });
        }
      }
      for (const f of FACT_FIELDS) {
        const v = str(p[f]);
        if (v !== null) facts.set(f, v);
      }
      continue;
    }
    if (e.type === 'customer.stage_changed') {
      if (visible) out.push({ ...base, kind: RecordChangeKind.STAGE_CHANGED, before: str(p.from), after: str(p.to) });
      continue;
    }
    if (e.type === 'customer.transferred') {
      if (visible) out.push({ ...base, kind: RecordChangeKind.OWNER_CHANGED, before: str(p.fromOwnerId), after: str(p.toOwnerId) });
      continue;
    }
    const simple = SIMPLE[e.type];
    if (!simple) continue;
    const refId = str(p[simple.ref]);
    const description = str(p.description) ?? str(p.content);
    if (visible) {
      let before: string | null = null;
      let after: string | null = description;
      if (e.type === 'need.updated' || e.type === 'pain_point.updated') before = refId ? (descriptions.get(refId) ?? null) : null;
      if (e.type === 'need.retired' || e.type === 'pain_point.retired' || e.type === 'next_action.completed' || e.type === 'next_action.cancelled') {
        before = refId ? (descriptions.get(refId) ?? null) : null;
      }
      if (e.type === 'next_action.rescheduled') {
        before = str(p.fromDueAt);
        after = str(p.dueAt);
      }
      if (e.type === 'next_action.reassigned') {
        before = str(p.fromOwnerId);
        after = str(p.toOwnerId);
      }
      if (e.type === 'interaction.logged') after = str(p.occurredAt);
      if (e.type === 'contact.added' || e.type === 'contact.updated') after = str(p.role);
      out.push({ ...base, kind: simple.kind, refId, before, after });
    }
    if (refId && description !== null) descriptions.set(refId, description);
  }
  return out;
}

/** Reads a record's history and its last approval (as learnt from workflow's review.decided events). */
export class RecordChangesService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * What changed in a customer the caller has already been allowed to read, since its latest approval
   * of a version up to `upTo` (default: the current version), up to that version.
   */
  async sinceApproval(customer: { id: string; version: number }, upTo?: number | null): Promise<RecordChanges> {
    const to = upTo == null ? customer.version : Math.max(0, Math.min(upTo, customer.version));
    const [approval] = (await this.dataSource.query(
      `SELECT review_id, customer_version, decided_at FROM customer_review
        WHERE customer_id = $1 AND status = 'APPROVED' AND customer_version <= $2
        ORDER BY customer_version DESC, decided_at DESC LIMIT 1`,
      [customer.id, to],
    )) as Array<{ review_id: string; customer_version: number; decided_at: Date }>;
    const history = (await this.dataSource.query(
      `SELECT type, version, occurred_at AS "occurredAt", actor, payload FROM outbox_event
        WHERE aggregate_id = $1 AND version <= $2 ORDER BY version, position`,
      [customer.id, to],
    )) as HistoryEvent[];
    const since = approval?.customer_version ?? 0;
    return {
      sinceVersion: approval ? approval.customer_version : null,
      sinceAt: approval ? approval.decided_at : null,
      sinceReviewId: approval ? approval.review_id : null,
      toVersion: to,
      changes: changesAfter(history, since, to),
    };
  }
}
