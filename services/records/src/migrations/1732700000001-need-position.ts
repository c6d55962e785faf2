import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Needs and pain points keep the order they were given in (several share one creation time). */
export class NeedPosition1732700000001 implements MigrationInterface {
  name = 'NeedPosition1732700000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE need ADD COLUMN position integer NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE pain_point ADD COLUMN position integer NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE pain_point DROP COLUMN position`);
    await q.query(`ALTER TABLE need DROP COLUMN position`);
  }
}
