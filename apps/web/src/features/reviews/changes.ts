/** A change of a record since its last approval, as the API lists it (Customer.changesSinceApproval). */
export interface ChangeLike {
  kind: string;
  refId?: string | null;
  field?: string | null;
}

/** The form's sections, in the paper form's order, as the review screen shows them. */
export const REVIEW_SECTIONS = ['basics', 'interactions', 'needs', 'painPoints', 'stage', 'nextActions', 'remarks'] as const;
export type ReviewSection = (typeof REVIEW_SECTIONS)[number];

/** The section a change belongs to: a basics edit of the remarks is the 备注 section. */
export function sectionOf(change: ChangeLike): ReviewSection {
  switch (change.kind) {
    case 'BASICS_UPDATED':
      return change.field === 'remarks' ? 'remarks' : 'basics';
    case 'CUSTOMER_CREATED':
    case 'OWNER_CHANGED':
    case 'CONTACT_ADDED':
    case 'CONTACT_UPDATED':
    case 'CONTACT_REMOVED':
      return 'basics';
    case 'INTERACTION_LOGGED':
      return 'interactions';
    case 'NEED_RECORDED':
    case 'NEED_UPDATED':
    case 'NEED_RETIRED':
      return 'needs';
    case 'PAIN_POINT_RECORDED':
    case 'PAIN_POINT_UPDATED':
    case 'PAIN_POINT_RETIRED':
      return 'painPoints';
    case 'STAGE_CHANGED':
      return 'stage';
    default:
      return 'nextActions';
  }
}

const ADDED = new Set(['CUSTOMER_CREATED', 'CONTACT_ADDED', 'INTERACTION_LOGGED', 'NEED_RECORDED', 'PAIN_POINT_RECORDED', 'NEXT_ACTION_CREATED']);

/** What the review screen highlights: the sections touched, the items added or changed, the basics fields edited. */
export interface Highlights {
  sections: Set<ReviewSection>;
  /** Item id → 'added' (new since the approval) or 'changed'. */
  items: Map<string, 'added' | 'changed'>;
  fields: Set<string>;
}

export function highlightsOf(changes: readonly ChangeLike[]): Highlights {
  const out: Highlights = { sections: new Set(), items: new Map(), fields: new Set() };
  for (const c of changes) {
    out.sections.add(sectionOf(c));
    if (c.field) out.fields.add(c.field);
    if (c.refId) {
      // Added and then changed is still new to the reviewer.
      if (ADDED.has(c.kind)) out.items.set(c.refId, 'added');
      else if (!out.items.has(c.refId)) out.items.set(c.refId, 'changed');
    }
  }
  return out;
}

/** Changes that are instants (an interaction's time, a next action's due time), to be shown in the team's zone. */
export const INSTANT_VALUES = new Set(['INTERACTION_LOGGED', 'NEXT_ACTION_RESCHEDULED']);
/** Changes whose values are people (owners). */
export const PERSON_VALUES = new Set(['OWNER_CHANGED', 'NEXT_ACTION_REASSIGNED']);
