import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** A review decision learnt from the workflow service's `review.decided` events. */
@Entity('customer_review')
export class CustomerReviewEntity {
  @PrimaryColumn('text', { name: 'review_id' }) reviewId: string;
  @Column('uuid', { name: 'customer_id' }) customerId: string;
  @Column('text') status: string;
  @Column('integer', { name: 'customer_version' }) customerVersion: number;
  @Column('text', { name: 'reviewer_id' }) reviewerId: string;
  @Column('text', { nullable: true }) comments: string | null;
  @Column('timestamptz', { name: 'decided_at' }) decidedAt: Date;
  /** Who submitted the record and when (null for decisions learnt before workflow sent them). */
  @Column('text', { name: 'submitted_by', nullable: true }) submittedBy: string | null;
  @Column('timestamptz', { name: 'submitted_at', nullable: true }) submittedAt: Date | null;
}

/** A frozen snapshot of the whole form at archiving (the database refuses updates and deletes). */
@Entity('customer_archive')
export class CustomerArchiveEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'customer_id' }) customerId: string;
  @Column('text', { name: 'archive_code' }) archiveCode: string;
  @Column('integer', { name: 'customer_version' }) customerVersion: number;
  @Column('text', { name: 'review_id' }) reviewId: string;
  @Column('timestamptz', { name: 'archived_at' }) archivedAt: Date;
  @Column('text', { name: 'archived_by' }) archivedBy: string;
  @Column('jsonb') snapshot: unknown;
}
