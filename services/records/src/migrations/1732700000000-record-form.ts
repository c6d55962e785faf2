import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rest of the form: interactions, next actions, needs and pain points (with revision history),
 * hand-overs, the review decisions learnt from workflow, and frozen archive snapshots.
 */
export class RecordForm1732700000000 implements MigrationInterface {
  name = 'RecordForm1732700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE interaction (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      customer_id uuid NOT NULL REFERENCES customer(id),
      occurred_at timestamptz NOT NULL,
      method text NOT NULL,
      summary text NOT NULL,
      is_first_contact boolean NOT NULL,
      logged_at timestamptz NOT NULL,
      logged_late boolean NOT NULL,
      author_id text NOT NULL,
      next_action_id uuid NOT NULL
    )`);
    await q.query(`CREATE INDEX interaction_customer_occurred ON interaction (customer_id, occurred_at DESC, id DESC)`);
    await q.query(`CREATE TABLE next_action (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      customer_id uuid NOT NULL REFERENCES customer(id),
      interaction_id uuid REFERENCES interaction(id),
      content text NOT NULL,
      owner_id text NOT NULL,
      due_at timestamptz NOT NULL,
      status text NOT NULL CHECK (status IN ('OPEN', 'DONE', 'CANCELLED')),
      completed_at timestamptz,
      completion_note text,
      cancelled_at timestamptz,
      cancel_reason text,
      reschedule_count integer NOT NULL DEFAULT 0,
      last_reschedule_reason text,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX next_action_customer ON next_action (customer_id, created_at)`);
    await q.query(`CREATE INDEX next_action_owner_open ON next_action (owner_id, due_at) WHERE status = 'OPEN'`);
    await q.query(`CREATE INDEX next_action_open_due ON next_action (customer_id, due_at) WHERE status = 'OPEN'`);
    await q.query(`CREATE TABLE need (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      customer_id uuid NOT NULL REFERENCES customer(id),
      interaction_id uuid REFERENCES interaction(id),
      kind text NOT NULL CHECK (kind IN ('EXPLICIT', 'INFERRED')),
      description text NOT NULL,
      active boolean NOT NULL DEFAULT true,
      retired_at timestamptz,
      retired_reason text,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX need_customer ON need (customer_id, created_at)`);
    await q.query(`CREATE TABLE need_revision (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      need_id uuid NOT NULL REFERENCES need(id),
      change text NOT NULL CHECK (change IN ('RECORDED', 'UPDATED', 'RETIRED')),
      kind text NOT NULL,
      description text NOT NULL,
      reason text,
      at timestamptz NOT NULL,
      by_user_id text NOT NULL
    )`);
    await q.query(`CREATE INDEX need_revision_need ON need_revision (need_id, at)`);
    await q.query(`CREATE TABLE pain_point (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      customer_id uuid NOT NULL REFERENCES customer(id),
      interaction_id uuid REFERENCES interaction(id),
      description text NOT NULL,
      need_ids uuid[] NOT NULL CHECK (cardinality(need_ids) > 0),
      active boolean NOT NULL DEFAULT true,
      retired_at timestamptz,
      retired_reason text,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX pain_point_customer ON pain_point (customer_id, created_at)`);
    await q.query(`CREATE TABLE pain_point_revision (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      pain_point_id uuid NOT NULL REFERENCES pain_point(id),
      change text NOT NULL CHECK (change IN ('RECORDED', 'UPDATED', 'RETIRED')),
      description text NOT NULL,
      need_ids uuid[] NOT NULL,
      reason text,
      at timestamptz NOT NULL,
      by_user_id text NOT NULL
    )`);
    await q.query(`CREATE INDEX pain_point_revision_pain_point ON pain_point_revision (pain_point_id, at)`);
    await q.query(`CREATE TABLE customer_transfer (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      customer_id uuid NOT NULL REFERENCES customer(id),
      from_owner_id text NOT NULL,
      to_owner_id text NOT NULL,
      from_team_id text NOT NULL,
      to_team_id text NOT NULL,
      reason text NOT NULL,
      next_action_ids uuid[] NOT NULL,
      at timestamptz NOT NULL,
      by_user_id text NOT NULL
    )`);
    await q.query(`CREATE INDEX customer_transfer_customer ON customer_transfer (customer_id, at)`);
    await q.query(`CREATE TABLE customer_review (
      review_id text PRIMARY KEY,
      customer_id uuid NOT NULL,
      status text NOT NULL,
      customer_version integer NOT NULL,
      reviewer_id text NOT NULL,
      comments text,
      decided_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX customer_review_customer ON customer_review (customer_id, decided_at DESC)`);
    await q.query(`CREATE TABLE customer_archive (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      customer_id uuid NOT NULL REFERENCES customer(id),
      archive_code text NOT NULL,
      customer_version integer NOT NULL,
      review_id text NOT NULL,
      archived_at timestamptz NOT NULL,
      archived_by text NOT NULL,
      snapshot jsonb NOT NULL,
      UNIQUE (customer_id, customer_version)
    )`);
    await q.query(`CREATE INDEX customer_archive_customer ON customer_archive (customer_id, archived_at DESC)`);
    // A snapshot is frozen: the database refuses to change or delete one.
    await q.query(`CREATE FUNCTION customer_archive_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'customer_archive rows are immutable'; END $$`);
    await q.query(`CREATE TRIGGER customer_archive_frozen BEFORE UPDATE OR DELETE ON customer_archive
      FOR EACH ROW EXECUTE FUNCTION customer_archive_immutable()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS customer_archive');
    await q.query('DROP FUNCTION IF EXISTS customer_archive_immutable()');
    await q.query('DROP TABLE IF EXISTS customer_review');
    await q.query('DROP TABLE IF EXISTS customer_transfer');
    await q.query('DROP TABLE IF EXISTS pain_point_revision');
    await q.query('DROP TABLE IF EXISTS pain_point');
    await q.query('DROP TABLE IF EXISTS need_revision');
    await q.query('DROP TABLE IF EXISTS need');
    await q.query('DROP TABLE IF EXISTS next_action');
    await q.query('DROP TABLE IF EXISTS interaction');
  }
}
