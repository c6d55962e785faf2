/**
 * The automatic completeness check run when a record is submitted for review (SOURCE-FORM.md steps 1-5
 * and its rules). Pure: it reads a snapshot of the workflow's projection and the current time.
 */
import { msg, type Message } from '@salestrail/platform';
import { wf } from '../i18n/texts';

export const FINDING_CODES = [
  'MISSING_BASICS',
  'INTERACTION_WITHOUT_NEXT_ACTION',
  'NO_OPEN_NEXT_ACTION',
  'NEEDS_WITHOUT_PAIN_POINTS',
  'PAIN_POINT_WITHOUT_NEED',
  'OVERDUE_ACTION',
  'STAGE_DISAGREES_WITH_RECORD',
  'STAGE_CHANGE_WITHOUT_INTERACTION',
  'SPECULATIVE_SUMMARY',
] as const;
export type FindingCode = (typeof FINDING_CODES)[number];

export interface Finding {
  code: FindingCode;
  /**
   * The finding as its reader reads it: a message of the catalogues (`workflow:finding.*`), written in the
   * reader's language when read. Findings stored before the catalogues have only `message`.
   */
  text?: Message;
  /** The team's time zone when found, for the times the message names. */
  timeZone?: string;
  /** The message in zh-CN as found (what findings stored before the catalogues hold, in English). */
  message: string;
  /** The form field at fault (MISSING_BASICS). */
  field?: string | null;
  /** The interaction, next action, pain point or stage change concerned. */
  refId?: string | null;
}

export interface CompletenessSnapshot {
  customer: {
    name: string;
    industryCode: string;
    sourceChannel: string;
    firstContactDate: string | null;
    /** null when records has not told (older events): not reported as missing. */
    contactCount: number | null;
    stage: string;
  };
  /** `speculativeTerms`: the speculative wording records found in the summary (可能, probably, …). */
  interactions: Array<{ id: string; occurredAt: Date; nextActionId: string | null; speculativeTerms?: readonly string[] }>;
  nextActions: Array<{ id: string; status: string; dueAt: Date; content: string }>;
  needIds: string[];
  painPoints: Array<{ id: string; needIds: string[] }>;
  /** Oldest first; the first is the creation (from null). */
  stageChanges: Array<{ id: string; from: string | null; to: string; at: Date }>;
}

const ORDER = ['LEAD_NURTURING', 'NEEDS_CONFIRMED', 'PROPOSAL_PRESENTED', 'NEGOTIATION', 'DEAL_SIGNING', 'AFTER_SALES'];
const rank = (stage: string) => ORDER.indexOf(stage);
/** Interactions are logged within 24 h, so one may be dated up to a day after the stage change it led to. */
const LOGGING_GRACE_MS = 24 * 3600_000;

const stageLabel = (stage: string) => msg(`enum:SalesStage.${stage}`);

/** What the check finds: each finding with its message, written later in its reader's language. */
export type FoundFinding = Omit<Finding, 'message' | 'timeZone'> & { text: Message };

export function checkCompleteness(s: CompletenessSnapshot, now: Date): FoundFinding[] {
  const findings: FoundFinding[] = [];
  const c = s.customer;
  const basics: Array<[string, boolean]> = [
    ['name', c.name.trim() === ''],
    ['industryCode', c.industryCode.trim() === ''],
    ['sourceChannel', c.sourceChannel.trim() === ''],
    ['firstContactDate', !c.firstContactDate],
    ['contacts', c.contactCount === 0],
  ];
  for (const [field, missing] of basics) {
    if (missing) findings.push({ code: 'MISSING_BASICS', field, text: wf(`finding.missing.${field}`) });
  }

  const actionIds = new Set(s.nextActions.map((a) => a.id));
  for (const i of s.interactions) {
    if (!i.nextActionId || !actionIds.has(i.nextActionId)) {
      findings.push({
        code: 'INTERACTION_WITHOUT_NEXT_ACTION',
        refId: i.id,
        text: wf('finding.interactionWithoutNextAction', { occurredAt: i.occurredAt }),
      });
    }
  }
  const open = s.nextActions.filter((a) => a.status === 'OPEN');
  if (s.interactions.length > 0 && open.length === 0 && c.stage !== 'LEAD_TERMINATED') {
    findings.push({ code: 'NO_OPEN_NEXT_ACTION', text: wf('finding.noOpenNextAction') });
  }
  for (const a of open) {
    if (a.dueAt.getTime() < now.getTime()) {
      findings.push({ code: 'OVERDUE_ACTION', refId: a.id, text: wf('finding.overdueAction', { content: a.content, dueAt: a.dueAt }) });
    }
  }

  const needs = new Set(s.needIds);
  if (needs.size > 0 && s.painPoints.length === 0 && rank(c.stage) >= rank('NEEDS_CONFIRMED')) {
    findings.push({ code: 'NEEDS_WITHOUT_PAIN_POINTS', text: wf('finding.needsWithoutPainPoints') });
  }
  for (const p of s.painPoints) {
    if (!p.needIds.some((id) => needs.has(id))) {
      findings.push({ code: 'PAIN_POINT_WITHOUT_NEED', refId: p.id, text: wf('finding.painPointWithoutNeed') });
    }
  }

  if (rank(c.stage) >= rank('NEEDS_CONFIRMED') && needs.size === 0) {
    findings.push({ code: 'STAGE_DISAGREES_WITH_RECORD', field: 'stage', text: wf('finding.stageWithoutNeed', { stage: stageLabel(c.stage) }) });
  }
  if (rank(c.stage) >= rank('PROPOSAL_PRESENTED')) {
    const confirmed = [...s.stageChanges].reverse().find((t) => t.to === 'NEEDS_CONFIRMED');
    const since = confirmed?.at.getTime() ?? Number.NEGATIVE_INFINITY;
    if (!s.interactions.some((i) => i.occurredAt.getTime() > since)) {
      findings.push({
        code: 'STAGE_DISAGREES_WITH_RECORD',
        field: 'stage',
        text: wf('finding.stageWithoutInteraction', { stage: stageLabel(c.stage) }),
      });
    }
  }

  // The form: summaries are objective, "no speculation". Inference has its place: the inferred needs.
  for (const i of s.interactions) {
    if (!i.speculativeTerms?.length) continue;
    findings.push({
      code: 'SPECULATIVE_SUMMARY',
      field: 'summary',
      refId: i.id,
      text: wf('finding.speculativeSummary', { occurredAt: i.occurredAt, terms: i.speculativeTerms.map((t) => wf('quoted', { text: t })) }),
    });
  }

  s.stageChanges.forEach((change, index) => {
    if (change.from === null || index === 0) return;
    const previous = s.stageChanges[index - 1]!.at.getTime();
    const until = change.at.getTime() + LOGGING_GRACE_MS;
    const backed = s.interactions.some((i) => i.occurredAt.getTime() > previous && i.occurredAt.getTime() <= until);
    if (!backed) {
      findings.push({
        code: 'STAGE_CHANGE_WITHOUT_INTERACTION',
        refId: change.id,
        text: wf('finding.stageChangeWithoutInteraction', { from: stageLabel(change.from), to: stageLabel(change.to), at: change.at }),
      });
    }
  });
  return findings;
}
