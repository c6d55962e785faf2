import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The workflow's projection of a records customer: only what routing and the checks need. */
@Entity('wf_customer')
export class CustomerProjectionEntity {
  @PrimaryColumn('text') id: string;
  @Column('text', { name: 'team_id' }) teamId: string;
  @Column('text', { name: 'owner_id' }) ownerId: string;
  @Column('text') name: string;
  @Column('text') kind: string;
  @Column('text', { name: 'industry_code' }) industryCode: string;
  @Column('text', { name: 'source_channel' }) sourceChannel: string;
  @Column('text', { name: 'first_contact_date', nullable: true }) firstContactDate: string | null;
  @Column('integer', { name: 'contact_count', nullable: true }) contactCount: number | null;
  @Column('text') stage: string;
  @Column('integer') version: number;
  @Column('timestamptz', { name: 'last_changed_at' }) lastChangedAt: Date;
  @Column('timestamptz', { name: 'archived_at', nullable: true }) archivedAt: Date | null;
}

/** The workflow's projection of a next action (reminders read owner, team, status and due time). */
@Entity('wf_next_action')
export class NextActionProjectionEntity {
  @PrimaryColumn('text') id: string;
  @Column('text', { name: 'customer_id' }) customerId: string;
  @Column('text', { name: 'team_id' }) teamId: string;
  @Column('text', { name: 'owner_id' }) ownerId: string;
  @Column('text') content: string;
  @Column('timestamptz', { name: 'due_at' }) dueAt: Date;
  @Column('text') status: 'OPEN' | 'DONE' | 'CANCELLED';
  @Column('integer') version: number;
}
