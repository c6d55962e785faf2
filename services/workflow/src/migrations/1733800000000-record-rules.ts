import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the form's rules need of the workflow: the speculative wording records found in each summary
 * (the completeness check reports it).
 */
export class RecordRules1733800000000 implements MigrationInterface {
  name = 'RecordRules1733800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE wf_interaction ADD COLUMN speculative_terms text[] NOT NULL DEFAULT '{}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE wf_interaction DROP COLUMN IF EXISTS speculative_terms`);
  }
}
