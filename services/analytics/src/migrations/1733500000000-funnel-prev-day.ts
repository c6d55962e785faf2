import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Funnel periods that do not start on the first of a month read whole months from the roll-ups and
 * correct them with the daily rows whose previous entry fell between the month's start and `from`
 * (common/aggregates.ts): this index finds those re-entries without reading the months' rows.
 * First entries (`prev_day` = -infinity), most of the table, are left out of it.
 */
export class FunnelPrevDay1733500000000 implements MigrationInterface {
  name = 'FunnelPrevDay1733500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX funnel_daily_prev_day ON funnel_daily (prev_day, day) WHERE prev_day > '-infinity'::date`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS funnel_daily_prev_day`);
  }
}
