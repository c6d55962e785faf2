import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APPEND_ONLY_FUNCTION_DDL, appendOnlyDdl, appendOnlyDropDdl } from '@salestrail/platform';

/**
 * The export log already refuses UPDATE and DELETE; from now on TRUNCATE too (docs/ACCESS.md). The read
 * model is derived, corrected in place and rebuilt from the producers' histories: it is not a history.
 */
export class AppendOnlyHistory1733600000000 implements MigrationInterface {
  name = 'AppendOnlyHistory1733600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(APPEND_ONLY_FUNCTION_DDL);
    for (const sql of appendOnlyDdl('export_log', { rows: false })) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of appendOnlyDropDdl(['export_log'])) await q.query(sql);
  }
}
