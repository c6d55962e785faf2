import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Actor } from '@salestrail/contract';

/**
 * A hand-over workflow asked for (hand_over.requested), carried out here in batches: RUNNING until no
 * customer and no open next action in its scope is left with the person who handed over.
 */
@Entity('hand_over')
export class HandOverEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text', { name: 'from_user_id' }) fromUserId: string;
  @Column('text', { name: 'to_user_id' }) toUserId: string;
  @Column('text', { name: 'scope_team_id', nullable: true }) scopeTeamId: string | null;
  @Column('text') reason: string;
  /** Who asked (their events carry this identity). */
  @Column('jsonb') actor: Actor;
  @Column('text') status: 'RUNNING' | 'COMPLETED';
  @Column('integer', { name: 'customers_moved' }) customersMoved: number;
  @Column('integer', { name: 'next_actions_moved' }) nextActionsMoved: number;
  @Column('timestamptz', { name: 'requested_at' }) requestedAt: Date;
  @Column('timestamptz', { name: 'completed_at', nullable: true }) completedAt: Date | null;
}
