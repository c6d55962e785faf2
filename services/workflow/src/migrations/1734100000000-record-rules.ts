import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the form's rules need of the workflow: the speculative wording records found in each summary
 * (the completeness check reports it). A team's after-sales people come from the directory of people
 * (Directory1734000000000), which this follows.
 */
export class RecordRules1734100000000 implements MigrationInterface {
  name = 'RecordRules1734100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE wf_interaction ADD COLUMN speculative_terms text[] NOT NULL DEFAULT '{}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE wf_interaction DROP COLUMN IF EXISTS speculative_terms`);
  }
}
