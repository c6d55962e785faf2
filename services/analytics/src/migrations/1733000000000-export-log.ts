import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Every CSV export, who asked for what (append-only; a rebuild of the read model leaves it alone). */
export class ExportLog1733000000000 implements MigrationInterface {
  name = 'ExportLog1733000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE export_log (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      user_id text NOT NULL,
      role text NOT NULL,
      team_id text,
      report text NOT NULL,
      params jsonb NOT NULL,
      row_count integer NOT NULL,
      request_id text
    )`);
    await q.query(`CREATE INDEX export_log_user ON export_log (user_id, at DESC)`);
    await q.query(`CREATE FUNCTION export_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'export_log is append-only'; END $$`);
    await q.query(`CREATE TRIGGER export_log_no_change BEFORE UPDATE OR DELETE ON export_log
      FOR EACH ROW EXECUTE FUNCTION export_log_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS export_log');
    await q.query('DROP FUNCTION IF EXISTS export_log_append_only()');
  }
}
