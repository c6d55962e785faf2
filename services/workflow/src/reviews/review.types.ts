import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { Message } from '@salestrail/platform';
import { FINDING_CODES, type Finding, type FindingCode } from './completeness';
import type { ReviewEntity } from './review.entity';

export enum ReviewStatus {
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  CHANGES_REQUESTED = 'CHANGES_REQUESTED',
}
export enum ReviewDecision {
  APPROVE = 'APPROVE',
  REQUEST_CHANGES = 'REQUEST_CHANGES',
}
export const ReviewFindingCode = Object.fromEntries(FINDING_CODES.map((c) => [c, c])) as { [K in FindingCode]: K };
registerEnumType(ReviewStatus, { name: 'ReviewStatus' });
registerEnumType(ReviewDecision, { name: 'ReviewDecision' });
registerEnumType(ReviewFindingCode, { name: 'ReviewFindingCode', description: 'What the completeness check found' });

/** The customer as this subgraph knows it: a reference the gateway completes from records. */
@Directive('@key(fields: "id")')
@ObjectType('Customer')
export class CustomerRef {
  @Field(() => ID) id: string;
}

@ObjectType({ description: 'One finding of the automatic completeness check' })
export class ReviewFinding {
  @Field(() => ReviewFindingCode) code: FindingCode;
  /** The message of the catalogues (`message` is written from it in the reader's language). */
  text: Message | null;
  /** The stored text: zh-CN as found (English for findings stored before the catalogues). */
  storedMessage: string;
  timeZone: string | null;
  @Field(() => String, { nullable: true, description: 'The form field at fault' }) field: string | null;
  @Field(() => ID, { nullable: true, description: 'The interaction, next action, pain point or stage change' })
  refId: string | null;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: "A submission of a customer's record to its reviewer" })
export class Review {
  @Field(() => ID) id: string;
  customerId: string;
  @Field(() => ID) submittedBy: string;
  @Field(() => ID) reviewerId: string;
  @Field(() => ReviewStatus) status: ReviewStatus;
  @Field(() => [ReviewFinding]) findings: ReviewFinding[];
  @Field(() => String, { nullable: true, description: "The submitter's note" }) note: string | null;
  @Field(() => String, { nullable: true, description: "The reviewer's comments" }) comments: string | null;
  @Field(() => Int, { description: 'The customer version this review covers (an approval approves exactly it)' })
  customerVersion: number;
  @Field() submittedAt: Date;
  @Field(() => Date, { nullable: true }) decidedAt: Date | null;
  @Field(() => ID, { nullable: true, description: 'The review that sent the record back, which this resubmission answers' })
  answersReviewId: string | null;
}

@ObjectType({ description: 'A record the caller would submit this week, with what the completeness check finds in it now' })
export class WeeklySubmissionRecord {
  customerId: string;
  @Field(() => Boolean, { description: 'Sent back by its reviewer and not resubmitted yet' }) sentBack: boolean;
  @Field({ description: 'When the record last changed' }) changedAt: Date;
  @Field(() => [ReviewFinding], { description: 'What a submission now would find missing or wrong (empty: complete)' })
  findings: ReviewFinding[];
}

export function toWeeklySubmissionRecord(e: { customerId: string; sentBack: boolean; changedAt: Date; findings: Finding[] }): WeeklySubmissionRecord {
  return { customerId: e.customerId, sentBack: e.sentBack, changedAt: e.changedAt, findings: e.findings.map(toFinding) };
}

function toFinding(f: Finding): ReviewFinding {
  return {
    code: f.code,
    text: f.text ?? null,
    storedMessage: f.message,
    timeZone: f.timeZone ?? null,
    field: f.field ?? null,
    refId: f.refId ?? null,
  };
}

export function toReview(row: ReviewEntity): Review {
  return {
    id: row.id,
    customerId: row.customerId,
    submittedBy: row.submittedBy,
    reviewerId: row.reviewerId,
    status: row.status as ReviewStatus,
    findings: row.findings.map(toFinding),
    note: row.note,
    comments: row.comments,
    customerVersion: row.customerVersion,
    submittedAt: row.submittedAt,
    decidedAt: row.decidedAt,
    answersReviewId: row.answersReviewId,
  };
}
