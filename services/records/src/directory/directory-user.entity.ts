import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Role } from '@salestrail/contract';

/** Records' projection of workflow's directory: only what the owner rules and names need. */
@Entity('directory_user')
export class DirectoryUserEntity {
  @PrimaryColumn('text') id: string;
  @Column('text') name: string;
  @Column('text', { name: 'team_id', nullable: true }) teamId: string | null;
  @Column('text') role: Role;
  @Column('boolean') active: boolean;
  @Column('integer') version: number;
}
