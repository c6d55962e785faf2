import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { LocaleValue, Role } from '@salestrail/contract';

/** How a person came into the directory. */
export type UserSource = 'CLAIMS' | 'ADMIN';

/** A person of the directory. The id is the identity provider's `sub`. */
@Entity('directory_user')
export class UserEntity {
  @PrimaryColumn('text') id: string;
  @Column('text') name: string;
  @Column('text', { nullable: true }) email: string | null;
  @Column('text', { nullable: true }) phone: string | null;
  @Column('text') locale: LocaleValue;
  @Column('text', { name: 'team_id', nullable: true }) teamId: string | null;
  @Column('text') role: Role;
  @Column('boolean') active: boolean;
  @Column('text') source: UserSource;
  @Column('integer') version: number;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
  @Column('timestamptz', { name: 'deactivated_at', nullable: true }) deactivatedAt: Date | null;
}
