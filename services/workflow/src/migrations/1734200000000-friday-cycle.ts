import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The Friday cycle, closed: a resubmission names the review that sent the record back
 * (`review.answers_review_id`), a salesperson finds their own reviews (`review_submitted_by`), and each
 * team keeps a calendar of holidays and make-up working days (China's 调休) from which the weekly
 * deadline, the last working day of the team's week, is computed.
 */
export class FridayCycle1734200000000 implements MigrationInterface {
  name = 'FridayCycle1734200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE review ADD COLUMN answers_review_id uuid REFERENCES review (id)`);
    await q.query(`CREATE INDEX review_submitted_by ON review (submitted_by, submitted_at DESC)`);
    await q.query(`CREATE TABLE team_calendar_day (
      team_id text NOT NULL REFERENCES team (id),
      day date NOT NULL,
      kind text NOT NULL CHECK (kind IN ('HOLIDAY', 'WORKING_DAY')),
      name text,
      updated_by text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (team_id, day)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS team_calendar_day`);
    await q.query(`DROP INDEX IF EXISTS review_submitted_by`);
    await q.query(`ALTER TABLE review DROP COLUMN IF EXISTS answers_review_id`);
  }
}
