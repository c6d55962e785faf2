import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Finding } from './completeness';

export type ReviewStatusValue = 'PENDING' | 'APPROVED' | 'CHANGES_REQUESTED';

@Entity('review')
export class ReviewEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text', { name: 'customer_id' }) customerId: string;
  @Column('text', { name: 'team_id' }) teamId: string;
  @Column('text', { name: 'submitted_by' }) submittedBy: string;
  @Column('text', { name: 'reviewer_id' }) reviewerId: string;
  @Column('text') status: ReviewStatusValue;
  @Column('jsonb') findings: Finding[];
  @Column('text', { nullable: true }) note: string | null;
  @Column('text', { nullable: true }) comments: string | null;
  /** The customer version the review covers: an approval approves the record as it was then. */
  @Column('integer', { name: 'customer_version' }) customerVersion: number;
  @Column('timestamptz', { name: 'submitted_at' }) submittedAt: Date;
  @Column('timestamptz', { name: 'decided_at', nullable: true }) decidedAt: Date | null;
  /** The review version the routing job has handled (null: not routed yet). */
  @Column('integer', { name: 'routed_version', nullable: true }) routedVersion: number | null;
  @Column('integer') version: number;
  /** The review that sent the record back, which this resubmission answers (null: a first submission). */
  @Column('uuid', { name: 'answers_review_id', nullable: true }) answersReviewId: string | null;
}
