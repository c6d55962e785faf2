import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('next_action')
export class NextActionEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'customer_id' }) customerId: string;
  @Column('uuid', { name: 'interaction_id', nullable: true }) interactionId: string | null;
  @Column('text') content: string;
  @Column('text', { name: 'owner_id' }) ownerId: string;
  @Column('timestamptz', { name: 'due_at' }) dueAt: Date;
  @Column('text') status: 'OPEN' | 'DONE' | 'CANCELLED';
  @Column('timestamptz', { name: 'completed_at', nullable: true }) completedAt: Date | null;
  @Column('text', { name: 'completion_note', nullable: true }) completionNote: string | null;
  @Column('timestamptz', { name: 'cancelled_at', nullable: true }) cancelledAt: Date | null;
  @Column('text', { name: 'cancel_reason', nullable: true }) cancelReason: string | null;
  @Column('integer', { name: 'reschedule_count' }) rescheduleCount: number;
  @Column('text', { name: 'last_reschedule_reason', nullable: true }) lastRescheduleReason: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}

/** Every column of `next_action a`, named as the entity's properties (raw reads return entity-shaped rows). */
export const NEXT_ACTION_COLUMNS = `a.id, a.customer_id AS "customerId", a.interaction_id AS "interactionId", a.content,
  a.owner_id AS "ownerId", a.due_at AS "dueAt", a.status, a.completed_at AS "completedAt", a.completion_note AS "completionNote",
  a.cancelled_at AS "cancelledAt", a.cancel_reason AS "cancelReason", a.reschedule_count AS "rescheduleCount",
  a.last_reschedule_reason AS "lastRescheduleReason", a.created_at AS "createdAt", a.updated_at AS "updatedAt"`;
