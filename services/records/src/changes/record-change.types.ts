import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

/** What kind of change a record went through (one per event of the record; a basics edit per field). */
export enum RecordChangeKind {
  CUSTOMER_CREATED = 'CUSTOMER_CREATED',
  BASICS_UPDATED = 'BASICS_UPDATED',
  STAGE_CHANGED = 'STAGE_CHANGED',
  OWNER_CHANGED = 'OWNER_CHANGED',
  CONTACT_ADDED = 'CONTACT_ADDED',
  CONTACT_UPDATED = 'CONTACT_UPDATED',
  CONTACT_REMOVED = 'CONTACT_REMOVED',
  INTERACTION_LOGGED = 'INTERACTION_LOGGED',
  NEED_RECORDED = 'NEED_RECORDED',
  NEED_UPDATED = 'NEED_UPDATED',
  NEED_RETIRED = 'NEED_RETIRED',
  PAIN_POINT_RECORDED = 'PAIN_POINT_RECORDED',
  PAIN_POINT_UPDATED = 'PAIN_POINT_UPDATED',
  PAIN_POINT_RETIRED = 'PAIN_POINT_RETIRED',
  NEXT_ACTION_CREATED = 'NEXT_ACTION_CREATED',
  NEXT_ACTION_COMPLETED = 'NEXT_ACTION_COMPLETED',
  NEXT_ACTION_RESCHEDULED = 'NEXT_ACTION_RESCHEDULED',
  NEXT_ACTION_CANCELLED = 'NEXT_ACTION_CANCELLED',
  NEXT_ACTION_REASSIGNED = 'NEXT_ACTION_REASSIGNED',
}
registerEnumType(RecordChangeKind, { name: 'RecordChangeKind', description: 'What kind of change a record went through' });

@ObjectType({ description: 'One change to a record after a version' })
export class RecordChange {
  @Field(() => RecordChangeKind) kind: RecordChangeKind;
  @Field(() => Int, { description: 'The customer version the change produced' }) version: number;
  @Field({ description: 'When it was recorded' }) at: Date;
  @Field(() => ID, { description: 'Who made it' }) byUserId: string;
  @Field(() => ID, { nullable: true, description: 'The contact, interaction, need, pain point or next action changed' })
  refId: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'For BASICS_UPDATED: the form field (name, kind, industryCode, sourceChannel, sourceDetail, firstContactDate, remarks)',
  })
  field: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'The value before, when the history holds it (a field, a stage, a description, a due time, an owner)',
  })
  before: string | null;
  @Field(() => String, { nullable: true, description: 'The value after (a field, a stage, a description, a due time, an owner)' })
  after: string | null;
}

@ObjectType({ description: "What changed in a record since its last approval (or since its creation, when never approved)" })
export class RecordChanges {
  @Field(() => Int, { nullable: true, description: 'The version last approved; null when no review approved the record' })
  sinceVersion: number | null;
  @Field(() => Date, { nullable: true, description: 'When that approval was decided' }) sinceAt: Date | null;
  @Field(() => ID, { nullable: true, description: 'The approving review' }) sinceReviewId: string | null;
  @Field(() => Int, { description: 'The version the changes run up to' }) toVersion: number;
  @Field(() => [RecordChange], { description: 'Oldest first' }) changes: RecordChange[];
}
