import type { MigrationInterface, QueryRunner } from 'typeorm';
import { FOLLOW_KEY_COLUMNS, FOLLOW_METRICS, followUpContributionsSql } from '../read-model/recompute';
import { rebuildRollups } from '../read-model/rollups';

/**
 * Follow-up figures tell the first contact from the follow-ups (SOURCE-FORM step 2): `first_contacts`
 * counts the interactions that are their customer's earliest, in the per-customer contributions, the
 * daily aggregate, its roll-ups and the BI view. The contributions are derived again from the facts.
 */
export class FirstContacts1734100000000 implements MigrationInterface {
  name = 'FirstContacts1734100000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['follow_up_contribution', 'follow_up_daily', 'follow_up_rollup_owner', 'follow_up_rollup_segment']) {
      await q.query(`ALTER TABLE ${table} ADD COLUMN first_contacts integer NOT NULL DEFAULT 0`);
    }
    await q.query(`TRUNCATE follow_up_contribution, follow_up_daily`);
    await q.query(followUpContributionsSql('TRUE').replace(/RETURNING[\s\S]*$/, ''));
    await q.query(
      `INSERT INTO follow_up_daily (${[...FOLLOW_KEY_COLUMNS, ...FOLLOW_METRICS].join(', ')})
       SELECT ${FOLLOW_KEY_COLUMNS.join(', ')}, ${FOLLOW_METRICS.map((m) => `sum(${m})`).join(', ')}
       FROM follow_up_contribution GROUP BY ${FOLLOW_KEY_COLUMNS.join(', ')}`,
    );
    await rebuildRollups(q.manager, 'follow_up', FOLLOW_KEY_COLUMNS, FOLLOW_METRICS);
    // A view may gain columns at its end (the BI interface never loses or renames one).
    await q.query(`CREATE OR REPLACE VIEW analytics.follow_up_daily AS
      SELECT f.day, f.owner_id, f.team_id,
             nullif(f.industry_code, '') AS industry_code, nullif(f.source_channel, '') AS source_channel,
             f.interactions AS interactions_logged, f.logged_within_24h,
             f.actions_due, f.completed_on_time AS actions_completed_on_time, f.completed AS actions_completed,
             f.first_contacts
      FROM public.follow_up_daily f`);
    await q.query(`COMMENT ON COLUMN analytics.follow_up_daily.first_contacts IS
      'Of interactions_logged, those that are their customer''s first contact (its earliest interaction).'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW IF EXISTS analytics.follow_up_daily`);
    await q.query(`CREATE VIEW analytics.follow_up_daily AS
      SELECT f.day, f.owner_id, f.team_id,
             nullif(f.industry_code, '') AS industry_code, nullif(f.source_channel, '') AS source_channel,
             f.interactions AS interactions_logged, f.logged_within_24h,
             f.actions_due, f.completed_on_time AS actions_completed_on_time, f.completed AS actions_completed
      FROM public.follow_up_daily f`);
    for (const table of ['follow_up_contribution', 'follow_up_daily', 'follow_up_rollup_owner', 'follow_up_rollup_segment']) {
      await q.query(`ALTER TABLE ${table} DROP COLUMN first_contacts`);
    }
  }
}
