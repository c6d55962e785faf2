import { registerEnumType } from 'type-graphql';
import { STAGES } from '@salestrail/contract';

export const SalesStage = Object.fromEntries(STAGES.map((s) => [s, s])) as { [K in (typeof STAGES)[number]]: K };
export type SalesStage = (typeof STAGES)[number];
/** The ordered stages; LEAD_TERMINATED stands outside the order. */
export const ORDERED_STAGES: readonly SalesStage[] = STAGES.filter((s) => s !== 'LEAD_TERMINATED');

export enum CustomerKind {
  ENTERPRISE = 'ENTERPRISE',
  INDIVIDUAL = 'INDIVIDUAL',
}
export enum SourceChannel {
  TRADE_SHOW = 'TRADE_SHOW',
  PROACTIVE_VISIT = 'PROACTIVE_VISIT',
  ONLINE_PROMOTION = 'ONLINE_PROMOTION',
  REFERRAL = 'REFERRAL',
  INBOUND = 'INBOUND',
  OTHER = 'OTHER',
}
export enum ContactRole {
  DECISION_MAKER = 'DECISION_MAKER',
  EXECUTOR = 'EXECUTOR',
  INFLUENCER = 'INFLUENCER',
  TECHNICAL_EVALUATOR = 'TECHNICAL_EVALUATOR',
  PROCUREMENT = 'PROCUREMENT',
  OTHER = 'OTHER',
}

registerEnumType(SalesStage, { name: 'SalesStage', description: 'Sales stage; the first six are ordered' });
registerEnumType(CustomerKind, { name: 'CustomerKind' });
registerEnumType(SourceChannel, { name: 'SourceChannel' });
registerEnumType(ContactRole, { name: 'ContactRole' });

export enum InteractionMethod {
  PHONE_CALL = 'PHONE_CALL',
  IN_PERSON_MEETING = 'IN_PERSON_MEETING',
  VIDEO_MEETING = 'VIDEO_MEETING',
  EMAIL = 'EMAIL',
  INSTANT_MESSAGE = 'INSTANT_MESSAGE',
  SITE_VISIT = 'SITE_VISIT',
  OTHER = 'OTHER',
}
export enum NeedKind {
  EXPLICIT = 'EXPLICIT',
  INFERRED = 'INFERRED',
}
export enum NextActionStatus {
  OPEN = 'OPEN',
  DONE = 'DONE',
  CANCELLED = 'CANCELLED',
}

registerEnumType(InteractionMethod, { name: 'InteractionMethod' });
registerEnumType(NeedKind, { name: 'NeedKind', description: 'EXPLICIT: stated by the customer; INFERRED: read from the conversation' });
registerEnumType(NextActionStatus, { name: 'NextActionStatus' });
