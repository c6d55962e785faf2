import { z } from 'zod';
import { envelopeShape } from './envelope';

/*
 * The domain events of SalesTrail: past-tense facts named `aggregate.verb_past`. Producers write them to
 * their outbox in the same transaction as the change; consumers validate them with these schemas.
 * Adding an optional payload field is compatible; renaming or removing one is not.
 */

export const STAGES = [
  'LEAD_NURTURING',
  'NEEDS_CONFIRMED',
  'PROPOSAL_PRESENTED',
  'NEGOTIATION',
  'DEAL_SIGNING',
  'AFTER_SALES',
  'LEAD_TERMINATED',
] as const;
export const StageSchema = z.enum(STAGES);
export type Stage = z.infer<typeof StageSchema>;

const iso = z.string().datetime({ offset: true });
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const id = z.string().min(1);

function event<T extends string, P extends z.ZodRawShape>(type: T, payload: P) {
  return z.object({ ...envelopeShape, type: z.literal(type), payload: z.object(payload) });
}

/*
 * Records events (customer.*, contact.*, interaction.logged, need.*, pain_point.*, next_action.*): the
 * envelope's `aggregateId` is always the customer id and `version` the customer's version after the
 * change. Every change to a record bumps that version by exactly one, so a consumer can order a
 * customer's events and ignore stale ones; the events of one mutation (logInteraction writes
 * interaction.logged, need.recorded, pain_point.recorded and next_action.created) share one version.
 */

/** Facts about a customer that analytics groups by and workflow routes by. */
const customerFacts = {
  customerId: id,
  name: z.string(),
  kind: z.string(),
  industryCode: z.string(),
  sourceChannel: z.string(),
  firstContactDate: date,
  ownerId: id,
  teamId: id,
  /** How many contacts the record has after the change (completeness checks need it). */
  contactCount: z.number().int().nonnegative().optional(),
};

/** Customers of other teams whose name folds to the same (撞单): the customer is recorded all the same. */
const possibleDuplicates = z.array(z.object({ customerId: id, teamId: id })).optional();

export const CustomerCreated = event('customer.created', {
  ...customerFacts,
  stage: StageSchema,
  createdAt: iso,
  possibleDuplicates,
});
export const CustomerUpdated = event('customer.updated', {
  ...customerFacts,
  /** Names of the fields this change touched. */
  changed: z.array(z.string()),
  updatedAt: iso,
  /** Set when a new name matches customers of other teams. */
  possibleDuplicates,
});
export const CustomerStageChanged = event('customer.stage_changed', {
  customerId: id,
  from: StageSchema.nullable(),
  to: StageSchema,
  at: iso,
  reason: z.string().nullable(),
  /** Owner and team at the moment of the transition (conversion figures group by these). */
  ownerId: id,
  teamId: id,
});
export const CustomerTransferred = event('customer.transferred', {
  customerId: id,
  fromOwnerId: id,
  toOwnerId: id,
  fromTeamId: id,
  toTeamId: id,
  reason: z.string(),
  /** Open next actions that moved to the new owner. */
  nextActionIds: z.array(id),
  at: iso,
});
export const CustomerArchived = event('customer.archived', {
  customerId: id,
  archiveCode: z.string(),
  reviewId: id,
  archivedAt: iso,
});
export const InteractionLogged = event('interaction.logged', {
  interactionId: id,
  customerId: id,
  occurredAt: iso,
  loggedAt: iso,
  method: z.string(),
  /** Exactly one interaction of a customer is its first contact: the earliest. */
  isFirstContact: z.boolean(),
  /** The interaction that was the first contact until this earlier one was logged (it no longer is). */
  supersededFirstContactId: id.optional(),
  loggedLate: z.boolean(),
  /** Speculative wording found in the summary (records' list); workflow's completeness check reports it. */
  speculativeTerms: z.array(z.string()).optional(),
  authorId: id,
  ownerId: id,
  teamId: id,
  nextActionId: id,
  needIds: z.array(id),
  painPointIds: z.array(id),
});
export const NextActionCreated = event('next_action.created', {
  nextActionId: id,
  customerId: id,
  interactionId: id.nullable(),
  content: z.string(),
  ownerId: id,
  teamId: id,
  dueAt: iso,
  createdAt: iso,
});
export const NextActionCompleted = event('next_action.completed', {
  nextActionId: id,
  customerId: id,
  ownerId: id,
  completedAt: iso,
  note: z.string().nullable(),
});
export const NextActionRescheduled = event('next_action.rescheduled', {
  nextActionId: id,
  customerId: id,
  ownerId: id,
  fromDueAt: iso,
  dueAt: iso,
  reason: z.string(),
});
export const NextActionCancelled = event('next_action.cancelled', {
  nextActionId: id,
  customerId: id,
  ownerId: id,
  reason: z.string(),
  cancelledAt: iso,
});
export const ContactAdded = event('contact.added', {
  contactId: id,
  customerId: id,
  role: z.string(),
  contactCount: z.number().int().nonnegative(),
});
export const ContactUpdated = event('contact.updated', {
  contactId: id,
  customerId: id,
  role: z.string(),
  contactCount: z.number().int().nonnegative(),
});
export const ContactRemoved = event('contact.removed', {
  contactId: id,
  customerId: id,
  contactCount: z.number().int().nonnegative(),
});
export const NeedRecorded = event('need.recorded', {
  needId: id,
  customerId: id,
  kind: z.enum(['EXPLICIT', 'INFERRED']),
  description: z.string(),
  interactionId: id.nullable(),
});
export const NeedUpdated = event('need.updated', {
  needId: id,
  customerId: id,
  kind: z.enum(['EXPLICIT', 'INFERRED']),
  description: z.string(),
});
export const NeedRetired = event('need.retired', { needId: id, customerId: id, reason: z.string().nullable() });
export const PainPointRecorded = event('pain_point.recorded', {
  painPointId: id,
  customerId: id,
  description: z.string(),
  needIds: z.array(id),
  interactionId: id.nullable(),
});
export const PainPointUpdated = event('pain_point.updated', {
  painPointId: id,
  customerId: id,
  description: z.string(),
  needIds: z.array(id),
});
export const PainPointRetired = event('pain_point.retired', {
  painPointId: id,
  customerId: id,
  reason: z.string().nullable(),
});
export const TeamUpserted = event('team.upserted', {
  teamId: id,
  name: z.string(),
  managerId: id.nullable(),
  assistantId: id.nullable(),
  timezone: z.string(),
  workdayEnd: z.string(),
});
export const ReviewSubmitted = event('review.submitted', {
  reviewId: id,
  customerId: id,
  submittedBy: id,
  reviewerId: id,
  customerVersion: z.number().int(),
  submittedAt: iso,
});
export const ReviewDecided = event('review.decided', {
  reviewId: id,
  customerId: id,
  reviewerId: id,
  status: z.enum(['APPROVED', 'CHANGES_REQUESTED']),
  comments: z.string(),
  /** The customer version the decision is about: an approval covers exactly this version. */
  customerVersion: z.number().int(),
  decidedAt: iso,
});

export const DomainEventSchema = z.discriminatedUnion('type', [
  CustomerCreated,
  CustomerUpdated,
  CustomerStageChanged,
  CustomerTransferred,
  CustomerArchived,
  InteractionLogged,
  NextActionCreated,
  NextActionCompleted,
  NextActionRescheduled,
  NextActionCancelled,
  ContactAdded,
  ContactUpdated,
  ContactRemoved,
  NeedRecorded,
  NeedUpdated,
  NeedRetired,
  PainPointRecorded,
  PainPointUpdated,
  PainPointRetired,
  TeamUpserted,
  ReviewSubmitted,
  ReviewDecided,
]);
export type DomainEvent = z.infer<typeof DomainEventSchema>;
export type DomainEventType = DomainEvent['type'];
export type EventOf<T extends DomainEventType> = Extract<DomainEvent, { type: T }>;
export type PayloadOf<T extends DomainEventType> = EventOf<T>['payload'];

/** What a producer hands to its outbox: the envelope fields the relay assigns are left out. */
export type NewEvent<T extends DomainEventType = DomainEventType> = {
  [K in T]: Omit<EventOf<K>, 'id' | 'producer' | 'seq' | 'occurredAt'> & { occurredAt?: string };
}[T];

export function parseDomainEvent(raw: unknown): DomainEvent {
  return DomainEventSchema.parse(raw);
}
