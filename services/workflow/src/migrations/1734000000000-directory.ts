import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appendOnlyDdl } from '@salestrail/platform';

/**
 * The directory of people (owned here, next to teams) and hand-overs of what a person holds to a
 * successor, with the indexes that list what someone still holds. hand_over_review, the history of
 * which reviews a hand-over moved, is append-only in the database (after AppendOnlyHistory1733600000000,
 * which made the trigger function).
 */
export class Directory1734000000000 implements MigrationInterface {
  name = 'Directory1734000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE directory_user (
      id text PRIMARY KEY,
      name text NOT NULL,
      email text,
      phone text,
      locale text NOT NULL DEFAULT 'zh-CN',
      team_id text,
      role text NOT NULL,
      active boolean NOT NULL DEFAULT true,
      source text NOT NULL,
      version integer NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      deactivated_at timestamptz
    )`);
    await q.query(`CREATE INDEX directory_user_name ON directory_user (name, id)`);
    await q.query(`CREATE INDEX directory_user_team ON directory_user (team_id, name, id)`);

    await q.query(`CREATE TABLE hand_over (
      id uuid PRIMARY KEY,
      from_user_id text NOT NULL,
      to_user_id text NOT NULL,
      team_id text,
      scope_team_id text,
      reason text NOT NULL,
      status text NOT NULL,
      requested_by text NOT NULL,
      requested_at timestamptz NOT NULL,
      reviews_moved integer NOT NULL DEFAULT 0,
      customers_moved integer,
      next_actions_moved integer,
      completed_at timestamptz
    )`);
    // One running hand-over per person: asking again for the same successor returns it.
    await q.query(`CREATE UNIQUE INDEX hand_over_one_running ON hand_over (from_user_id) WHERE status = 'RUNNING'`);
    await q.query(`CREATE INDEX hand_over_from ON hand_over (from_user_id, requested_at DESC)`);
    await q.query(`CREATE INDEX hand_over_to ON hand_over (to_user_id, requested_at DESC)`);
    await q.query(`CREATE INDEX hand_over_team ON hand_over (team_id, requested_at DESC)`);
    // Which pending reviews a hand-over moved, and in which part (submitter or reviewer).
    await q.query(`CREATE TABLE hand_over_review (
      hand_over_id uuid NOT NULL REFERENCES hand_over (id),
      review_id uuid NOT NULL,
      part text NOT NULL,
      from_user_id text NOT NULL,
      to_user_id text NOT NULL,
      PRIMARY KEY (hand_over_id, review_id, part)
    )`);
    for (const sql of appendOnlyDdl('hand_over_review')) await q.query(sql);

    await q.query(`CREATE INDEX wf_customer_owner ON wf_customer (owner_id)`);
    await q.query(`CREATE INDEX wf_next_action_owner_open ON wf_next_action (owner_id) WHERE status = 'OPEN'`);
    await q.query(`CREATE INDEX review_submitter ON review (submitted_by, status)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS review_submitter`);
    await q.query(`DROP INDEX IF EXISTS wf_next_action_owner_open`);
    await q.query(`DROP INDEX IF EXISTS wf_customer_owner`);
    await q.query(`DROP TABLE IF EXISTS hand_over_review`);
    await q.query(`DROP TABLE IF EXISTS hand_over`);
    await q.query(`DROP TABLE IF EXISTS directory_user`);
  }
}
