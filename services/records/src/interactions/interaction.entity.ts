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

/** Every column of `interaction i`, named as the entity's properties (raw reads return entity-shaped rows). */
export const INTERACTION_COLUMNS = `i.id, i.customer_id AS "customerId", i.occurred_at AS "occurredAt", i.method, i.summary,
  i.is_first_contact AS "isFirstContact", i.logged_at AS "loggedAt", i.logged_late AS "loggedLate", i.author_id AS "authorId",
  i.next_action_id AS "nextActionId"`;
