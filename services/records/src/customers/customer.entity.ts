import { Column, CreateDateColumn, Entity, OneToMany, PrimaryGeneratedColumn, UpdateDateColumn, ManyToOne, JoinColumn } from 'typeorm';

@Entity('customer')
export class CustomerEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') name: string;
  /** The name folded for duplicate detection (width, case, spaces, brackets, company-form suffix). */
  @Column('text', { name: 'normalized_name' }) normalizedName: string;
  @Column('text') kind: string;
  @Column('text', { name: 'industry_code' }) industryCode: string;
  @Column('text', { name: 'source_channel' }) sourceChannel: string;
  @Column('text', { name: 'source_detail', nullable: true }) sourceDetail: string | null;
  @Column('date', { name: 'first_contact_date' }) firstContactDate: string;
  @Column('text') stage: string;
  @Column('text', { name: 'termination_reason', nullable: true }) terminationReason: string | null;
  @Column('text', { name: 'owner_id' }) ownerId: string;
  @Column('text', { name: 'team_id' }) teamId: string;
  @Column('text', { nullable: true }) remarks: string | null;
  @Column('text', { name: 'archive_code', nullable: true }) archiveCode: string | null;
  @Column('integer') version: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
  @OneToMany(() => ContactEntity, (c) => c.customer) contacts?: ContactEntity[];
}

/** Every column of `customer c`, named as the entity's properties (raw reads return entity-shaped rows). */
export const CUSTOMER_COLUMNS = `c.id, c.name, c.normalized_name AS "normalizedName", c.kind, c.industry_code AS "industryCode",
  c.source_channel AS "sourceChannel", c.source_detail AS "sourceDetail",
  to_char(c.first_contact_date, 'YYYY-MM-DD') AS "firstContactDate", c.stage, c.termination_reason AS "terminationReason",
  c.owner_id AS "ownerId", c.team_id AS "teamId", c.remarks, c.archive_code AS "archiveCode", c.version,
  c.created_at AS "createdAt", c.updated_at AS "updatedAt"`;

@Entity('contact')
export class ContactEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'customer_id' }) customerId: string;
  @ManyToOne(() => CustomerEntity, (c) => c.contacts) @JoinColumn({ name: 'customer_id' }) customer?: CustomerEntity;
  @Column('text') name: string;
  @Column('text') role: string;
  @Column('text', { nullable: true }) title: string | null;
  @Column('text', { nullable: true }) phone: string | null;
  @Column('text', { nullable: true }) email: string | null;
  @Column('integer') position: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/** Append-only: every stage transition of a customer, the creation included (from = null). */
@Entity('stage_change')
export class StageChangeEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'customer_id' }) customerId: string;
  @Column('text', { name: 'from_stage', nullable: true }) fromStage: string | null;
  @Column('text', { name: 'to_stage' }) toStage: string;
  @Column('timestamptz') at: Date;
  @Column('text', { name: 'by_user_id' }) byUserId: string;
  @Column('text', { nullable: true }) reason: string | null;
  @Column('text', { name: 'owner_id' }) ownerId: string;
  @Column('text', { name: 'team_id' }) teamId: string;
}
