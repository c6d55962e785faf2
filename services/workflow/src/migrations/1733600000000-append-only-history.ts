import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APPEND_ONLY_FUNCTION_DDL, appendOnlyDdl, appendOnlyDropDdl } from '@salestrail/platform';

/**
 * The stage history workflow learns from records (one row per event) refuses UPDATE, DELETE and
 * TRUNCATE in the database (docs/ACCESS.md). Reviews, notifications and deliveries are current state.
 */
export class AppendOnlyHistory1733600000000 implements MigrationInterface {
  name = 'AppendOnlyHistory1733600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(APPEND_ONLY_FUNCTION_DDL);
    for (const sql of appendOnlyDdl('wf_stage_change')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of appendOnlyDropDdl(['wf_stage_change'])) await q.query(sql);
  }
}
