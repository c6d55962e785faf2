import { z } from 'zod';
import { envelopeShape } from './envelope';
import { RoleSchema } from './identity';
import { LOCALES } from './vocabulary';

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
  /** The hand-over (hand_over.requested) this transfer is part of; absent for a transferCustomers call. */
  handOverId: id.nullable().optional(),
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
/**
 * An open next action given to someone else without its customer changing hands (a hand-over moves the
 * open actions a leaving person owns on colleagues' customers). `teamId` is the customer's team.
 */
export const NextActionReassigned = event('next_action.reassigned', {
  nextActionId: id,
  customerId: id,
  fromOwnerId: id,
  toOwnerId: id,
  teamId: id,
  reason: z.string(),
  handOverId: id.nullable(),
  at: iso,
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
  /** Who submitted the record and when (the form's 销售人员签字 / 日期), for the archive snapshot. */
  submittedBy: id.optional(),
  submittedAt: iso.optional(),
});

/*
 * Directory events (workflow): a person of the directory. `aggregateId` is the person's id (the identity
 * provider's `sub`), `version` the person's version after the change, `teamId` their team. Each carries
 * the whole person, so a consumer keeps its projection with the newest version it has seen.
 */
const person = {
  userId: id,
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  locale: z.enum(LOCALES),
  teamId: id.nullable(),
  role: RoleSchema,
  active: z.boolean(),
};
export const UserCreated = event('user.created', {
  ...person,
  /** `CLAIMS`: added from the verified token of their first request; `ADMIN`: added by an ADMIN. */
  source: z.enum(['CLAIMS', 'ADMIN']),
});
export const UserUpdated = event('user.updated', {
  ...person,
  /** Names of the fields this change touched (`active` when a person is reactivated). */
  changed: z.array(z.string()),
});
export const UserDeactivated = event('user.deactivated', {
  ...person,
  /** Who takes over what they hold (a hand_over.requested follows), or null. */
  successorId: id.nullable(),
  reason: z.string().nullable(),
});

/*
 * A hand-over of everything a person holds to a successor. Workflow asks (`aggregateId` = the hand-over
 * id, version 1); records moves the customers and open next actions in batches and says when it is done
 * (version 2; an exception to records' customer aggregates).
 */
export const HandOverRequested = event('hand_over.requested', {
  handOverId: id,
  fromUserId: id,
  toUserId: id,
  /** Only the customers and next actions of this team (a manager's hand-over); null: every team (ADMIN). */
  scopeTeamId: id.nullable(),
  reason: z.string(),
  requestedAt: iso,
});
export const HandOverCompleted = event('hand_over.completed', {
  handOverId: id,
  fromUserId: id,
  toUserId: id,
  customersMoved: z.number().int().nonnegative(),
  nextActionsMoved: z.number().int().nonnegative(),
  completedAt: iso,
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
  NextActionReassigned,
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
  UserCreated,
  UserUpdated,
  UserDeactivated,
  HandOverRequested,
  HandOverCompleted,
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
