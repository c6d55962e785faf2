import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APPEND_ONLY_FUNCTION_DDL, appendOnlyDdl, appendOnlyDropDdl } from '@salestrail/platform';

/** The record's histories: stage changes, need and pain-point revisions, hand-overs, review decisions. */
const HISTORY = ['stage_change', 'need_revision', 'pain_point_revision', 'customer_transfer', 'customer_review'];
/** Already refuse UPDATE and DELETE with triggers of their own; TRUNCATE is refused from now on. */
const GUARDED = ['access_log', 'customer_archive'];

/** Every history the record keeps refuses UPDATE, DELETE and TRUNCATE in the database (docs/ACCESS.md). */
export class AppendOnlyHistory1733600000000 implements MigrationInterface {
  name = 'AppendOnlyHistory1733600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(APPEND_ONLY_FUNCTION_DDL);
    for (const table of HISTORY) for (const sql of appendOnlyDdl(table)) await q.query(sql);
    for (const table of GUARDED) for (const sql of appendOnlyDdl(table, { rows: false })) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of appendOnlyDropDdl([...HISTORY, ...GUARDED])) await q.query(sql);
  }
}
