import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('interaction')
export class InteractionEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'customer_id' }) customerId: string;
  /** When it happened, truncated to the minute. */
  @Column('timestamptz', { name: 'occurred_at' }) occurredAt: Date;
  @Column('text') method: string;
  @Column('text') summary: string;
  @Column('boolean', { name: 'is_first_contact' }) isFirstContact: boolean;
  /** Server time of logging. */
  @Column('timestamptz', { name: 'logged_at' }) loggedAt: Date;
  @Column('boolean', { name: 'logged_late' }) loggedLate: boolean;
  @Column('text', { name: 'author_id' }) authorId: string;
  @Column('uuid', { name: 'next_action_id' }) nextActionId: string;
}
