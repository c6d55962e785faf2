import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `customers` pages newest first by (created_at, id) within the caller's scope (owner or team); these
 * indexes let a page be read without sorting the scope, so paging stays fast at 100k customers.
 */
export class CustomerListIndexes1732700000002 implements MigrationInterface {
  name = 'CustomerListIndexes1732700000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX customer_created ON customer (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX customer_team_created ON customer (team_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX customer_owner_created ON customer (owner_id, created_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS customer_owner_created`);
    await q.query(`DROP INDEX IF EXISTS customer_team_created`);
    await q.query(`DROP INDEX IF EXISTS customer_created`);
  }
}
