import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { NotificationKind } from './notification-kind';

@Entity('notification')
export class NotificationEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text', { name: 'recipient_id' }) recipientId: string;
  @Column('text', { name: 'team_id', nullable: true }) teamId: string | null;
  @Column('text') kind: NotificationKind;
  @Column('text') title: string;
  @Column('text') body: string;
  @Column('text', { name: 'customer_id', nullable: true }) customerId: string | null;
  /** Unique: the same fact (e.g. one reminder job) never notifies twice. */
  @Column('text', { name: 'dedupe_key' }) dedupeKey: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'read_at', nullable: true }) readAt: Date | null;
  @Column('timestamptz', { name: 'emailed_at', nullable: true }) emailedAt: Date | null;
}
