import { Column, Entity, PrimaryColumn } from 'typeorm';

export type HandOverStatusValue = 'RUNNING' | 'COMPLETED';

/**
 * A hand-over of everything one person holds to a successor. Workflow moves the pending reviews at once;
 * records moves the customers and open next actions in batches and reports the counts when done.
 */
@Entity('hand_over')
export class HandOverEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text', { name: 'from_user_id' }) fromUserId: string;
  @Column('text', { name: 'to_user_id' }) toUserId: string;
  /** The leaving person's team at the time (whose manager may read the hand-over). */
  @Column('text', { name: 'team_id', nullable: true }) teamId: string | null;
  /** Only this team's customers and actions (a manager's hand-over); null: every team (ADMIN). */
  @Column('text', { name: 'scope_team_id', nullable: true }) scopeTeamId: string | null;
  @Column('text') reason: string;
  @Column('text') status: HandOverStatusValue;
  @Column('text', { name: 'requested_by' }) requestedBy: string;
  @Column('timestamptz', { name: 'requested_at' }) requestedAt: Date;
  @Column('integer', { name: 'reviews_moved' }) reviewsMoved: number;
  @Column('integer', { name: 'customers_moved', nullable: true }) customersMoved: number | null;
  @Column('integer', { name: 'next_actions_moved', nullable: true }) nextActionsMoved: number | null;
  @Column('timestamptz', { name: 'completed_at', nullable: true }) completedAt: Date | null;
}
