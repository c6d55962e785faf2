import type { MigrationInterface, QueryRunner } from 'typeorm';
import { OUTBOX_DDL, OUTBOX_DROP_DDL, PROCESSED_EVENT_DDL } from '@salestrail/platform';

export class Initial1732600000000 implements MigrationInterface {
  name = 'Initial1732600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`CREATE TABLE customer (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      normalized_name text NOT NULL,
      kind text NOT NULL,
      industry_code text NOT NULL,
      source_channel text NOT NULL,
      source_detail text,
      first_contact_date date NOT NULL,
      stage text NOT NULL,
      termination_reason text,
      owner_id text NOT NULL,
      team_id text NOT NULL,
      remarks text,
      archive_code text UNIQUE,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE UNIQUE INDEX customer_team_normalized_name ON customer (team_id, normalized_name)`);
    await q.query(`CREATE INDEX customer_owner ON customer (owner_id)`);
    await q.query(`CREATE INDEX customer_team_stage ON customer (team_id, stage)`);
    await q.query(`CREATE INDEX customer_name_trgm ON customer USING gin (name gin_trgm_ops)`);
    await q.query(`CREATE TABLE contact (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      customer_id uuid NOT NULL REFERENCES customer(id),
      name text NOT NULL,
      role text NOT NULL,
      title text,
      phone text,
      email text,
      position integer NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX contact_customer ON contact (customer_id, position)`);
    await q.query(`CREATE TABLE stage_change (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      customer_id uuid NOT NULL REFERENCES customer(id),
      from_stage text,
      to_stage text NOT NULL,
      at timestamptz NOT NULL,
      by_user_id text NOT NULL,
      reason text,
      owner_id text NOT NULL,
      team_id text NOT NULL
    )`);
    await q.query(`CREATE INDEX stage_change_customer ON stage_change (customer_id, at)`);
    for (const sql of OUTBOX_DDL) await q.query(sql);
    for (const sql of PROCESSED_EVENT_DDL) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS processed_event');
    for (const sql of OUTBOX_DROP_DDL) await q.query(sql);
    await q.query('DROP TABLE IF EXISTS stage_change');
    await q.query('DROP TABLE IF EXISTS contact');
    await q.query('DROP TABLE IF EXISTS customer');
  }
}
