import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Append-only hand-over history of a customer. */
@Entity('customer_transfer')
export class CustomerTransferEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'customer_id' }) customerId: string;
  @Column('text', { name: 'from_owner_id' }) fromOwnerId: string;
  @Column('text', { name: 'to_owner_id' }) toOwnerId: string;
  @Column('text', { name: 'from_team_id' }) fromTeamId: string;
  @Column('text', { name: 'to_team_id' }) toTeamId: string;
  @Column('text') reason: string;
  @Column('uuid', { name: 'next_action_ids', array: true }) nextActionIds: string[];
  @Column('timestamptz') at: Date;
  @Column('text', { name: 'by_user_id' }) byUserId: string;
  /** The hand-over this transfer was part of; null for a transferCustomers call. */
  @Column('uuid', { name: 'hand_over_id', nullable: true }) handOverId: string | null;
}
