import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity('team')
export class TeamEntity {
  @PrimaryColumn('text') id: string;
  @Column('text') name: string;
  @Column('text', { name: 'manager_id', nullable: true }) managerId: string | null;
  @Column('text', { name: 'assistant_id', nullable: true }) assistantId: string | null;
  @Column('text') timezone: string;
  @Column('text', { name: 'workday_end' }) workdayEnd: string;
  /** "Due soon" reminders fire this many minutes before a next action's due time. */
  @Column('integer', { name: 'due_soon_lead_minutes' }) dueSoonLeadMinutes: number;
  @Column('integer') version: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
