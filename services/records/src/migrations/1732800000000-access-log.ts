import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who looked at which customer: every single-customer read, archived-snapshot read and transfer, kept
 * append-only for ADMIN ("who looked at this customer" is the first question after a leak).
 */
export class AccessLog1732800000000 implements MigrationInterface {
  name = 'AccessLog1732800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE access_log (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      user_id text NOT NULL,
      role text NOT NULL,
      team_id text,
      action text NOT NULL,
      customer_id uuid NOT NULL,
      request_id text,
      detail jsonb
    )`);
    await q.query(`CREATE INDEX access_log_customer ON access_log (customer_id, at DESC)`);
    await q.query(`CREATE INDEX access_log_user ON access_log (user_id, at DESC)`);
    await q.query(`CREATE FUNCTION access_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'access_log is append-only'; END $$`);
    await q.query(`CREATE TRIGGER access_log_no_change BEFORE UPDATE OR DELETE ON access_log
      FOR EACH ROW EXECUTE FUNCTION access_log_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS access_log');
    await q.query('DROP FUNCTION IF EXISTS access_log_append_only()');
  }
}
