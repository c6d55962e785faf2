import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appendOnlyDdl } from '@salestrail/platform';

/**
 * What records knows of workflow's directory (who exists, their team and role, whether they are active:
 * the owner rules need it) and the hand-overs it carries out in batches, with the history they leave.
 * next_action_reassignment is a history like customer_transfer: append-only in the database (after
 * AppendOnlyHistory1733600000000, which made the trigger function).
 */
export class Directory1734000000000 implements MigrationInterface {
  name = 'Directory1734000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE directory_user (
      id text PRIMARY KEY,
      name text NOT NULL,
      team_id text,
      role text NOT NULL,
      active boolean NOT NULL,
      -- The person's version in the directory: an older user.* event never overwrites a newer one.
      version integer NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE hand_over (
      id uuid PRIMARY KEY,
      from_user_id text NOT NULL,
      to_user_id text NOT NULL,
      scope_team_id text,
      reason text NOT NULL,
      actor jsonb NOT NULL,
      status text NOT NULL,
      customers_moved integer NOT NULL DEFAULT 0,
      next_actions_moved integer NOT NULL DEFAULT 0,
      requested_at timestamptz NOT NULL,
      completed_at timestamptz
    )`);
    await q.query(`CREATE INDEX hand_over_running ON hand_over (requested_at) WHERE status = 'RUNNING'`);
    await q.query(`ALTER TABLE customer_transfer ADD COLUMN hand_over_id uuid`);
    // Open actions given to someone else without their customer changing hands (kept, like transfers).
    await q.query(`CREATE TABLE next_action_reassignment (
      id bigserial PRIMARY KEY,
      next_action_id uuid NOT NULL,
      customer_id uuid NOT NULL,
      from_owner_id text NOT NULL,
      to_owner_id text NOT NULL,
      reason text NOT NULL,
      hand_over_id uuid,
      at timestamptz NOT NULL,
      by_user_id text NOT NULL
    )`);
    await q.query(`CREATE INDEX next_action_reassignment_action ON next_action_reassignment (next_action_id, at)`);
    for (const sql of appendOnlyDdl('next_action_reassignment')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS next_action_reassignment`);
    await q.query(`ALTER TABLE customer_transfer DROP COLUMN IF EXISTS hand_over_id`);
    await q.query(`DROP TABLE IF EXISTS hand_over`);
    await q.query(`DROP TABLE IF EXISTS directory_user`);
  }
}
