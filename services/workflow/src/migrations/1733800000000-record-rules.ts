import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the form's rules need of the workflow: the speculative wording records found in each summary
 * (the completeness check reports it), and the people workflow has seen acting, from which the team's
 * after-sales people are known until a directory of people backs them (hand-over/after-sales-people.ts).
 */
export class RecordRules1733800000000 implements MigrationInterface {
  name = 'RecordRules1733800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE wf_interaction ADD COLUMN speculative_terms text[] NOT NULL DEFAULT '{}'`);
    await q.query(`CREATE TABLE wf_seen_actor (
      role text NOT NULL,
      -- '' for people without a team
      team_id text NOT NULL,
      user_id text NOT NULL,
      name text,
      last_seen_at timestamptz NOT NULL,
      PRIMARY KEY (role, team_id, user_id)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS wf_seen_actor`);
    await q.query(`ALTER TABLE wf_interaction DROP COLUMN IF EXISTS speculative_terms`);
  }
}
