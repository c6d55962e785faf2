import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type RevisionChange = 'RECORDED' | 'UPDATED' | 'RETIRED';

@Entity('need')
export class NeedEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'customer_id' }) customerId: string;
  @Column('uuid', { name: 'interaction_id', nullable: true }) interactionId: string | null;
  @Column('text') kind: 'EXPLICIT' | 'INFERRED';
  @Column('text') description: string;
  @Column('boolean') active: boolean;
  @Column('timestamptz', { name: 'retired_at', nullable: true }) retiredAt: Date | null;
  @Column('text', { name: 'retired_reason', nullable: true }) retiredReason: string | null;
  /** Order within the interaction that recorded it. */
  @Column('integer') position: number;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}

/** Append-only: every state a need has been in. */
@Entity('need_revision')
export class NeedRevisionEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'need_id' }) needId: string;
  @Column('text') change: RevisionChange;
  @Column('text') kind: string;
  @Column('text') description: string;
  @Column('text', { nullable: true }) reason: string | null;
  @Column('timestamptz') at: Date;
  @Column('text', { name: 'by_user_id' }) byUserId: string;
}

@Entity('pain_point')
export class PainPointEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'customer_id' }) customerId: string;
  @Column('uuid', { name: 'interaction_id', nullable: true }) interactionId: string | null;
  @Column('text') description: string;
  /** The needs this pain point corresponds to (at least one). */
  @Column('uuid', { name: 'need_ids', array: true }) needIds: string[];
  @Column('boolean') active: boolean;
  @Column('timestamptz', { name: 'retired_at', nullable: true }) retiredAt: Date | null;
  @Column('text', { name: 'retired_reason', nullable: true }) retiredReason: string | null;
  /** Order within the interaction that recorded it. */
  @Column('integer') position: number;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}

/** Append-only: every state a pain point has been in. */
@Entity('pain_point_revision')
export class PainPointRevisionEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'pain_point_id' }) painPointId: string;
  @Column('text') change: RevisionChange;
  @Column('text') description: string;
  @Column('uuid', { name: 'need_ids', array: true }) needIds: string[];
  @Column('text', { nullable: true }) reason: string | null;
  @Column('timestamptz') at: Date;
  @Column('text', { name: 'by_user_id' }) byUserId: string;
}
