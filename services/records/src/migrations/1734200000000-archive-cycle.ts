import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The Friday cycle's archive: a review decision keeps who submitted the record and when (the form's
 * 销售人员签字 / 日期, from `review.decided`; null for decisions learnt before), and archives are found by
 * the approval they archived (a repeated archive of the same approval answers with its code).
 */
export class ArchiveCycle1734200000000 implements MigrationInterface {
  name = 'ArchiveCycle1734200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE customer_review ADD COLUMN submitted_by text, ADD COLUMN submitted_at timestamptz`);
    await q.query(`CREATE INDEX customer_archive_review ON customer_archive (customer_id, review_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS customer_archive_review`);
    await q.query(`ALTER TABLE customer_review DROP COLUMN IF EXISTS submitted_by, DROP COLUMN IF EXISTS submitted_at`);
  }
}
