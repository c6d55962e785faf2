import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The `analytics` schema: stable, documented SQL views for BI tools (README, "BI"). Their columns are
 * part of the public interface: later migrations may add columns, never rename or remove one. The
 * read-only role that may read them is created by `npm run analytics:bi-role`.
 */
export class BiViews1732800000000 implements MigrationInterface {
  name = 'BiViews1732800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS analytics`);
    await q.query(`CREATE VIEW analytics.funnel_daily AS
      SELECT f.day, f.stage, f.owner_id, f.team_id,
             nullif(f.industry_code, '') AS industry_code, nullif(f.source_channel, '') AS source_channel,
             CASE WHEN f.prev_day = '-infinity'::date THEN NULL ELSE f.prev_day END AS previous_entry_day,
             f.entries, f.advanced, f.terminated, f.lost
      FROM public.funnel_daily f`);
    await q.query(`COMMENT ON VIEW analytics.funnel_daily IS
      'Transitions into each stage per local day of the team. Customers that entered a stage in [from, to]: '
      'SUM(entries) WHERE day BETWEEN from AND to AND (previous_entry_day IS NULL OR previous_entry_day < from); '
      'advanced, terminated and lost (terminated, never signed) sum the same way.'`);
    await q.query(`CREATE VIEW analytics.follow_up_daily AS
      SELECT f.day, f.owner_id, f.team_id,
             nullif(f.industry_code, '') AS industry_code, nullif(f.source_channel, '') AS source_channel,
             f.interactions AS interactions_logged, f.logged_within_24h,
             f.actions_due, f.completed_on_time AS actions_completed_on_time, f.completed AS actions_completed
      FROM public.follow_up_daily f`);
    await q.query(`COMMENT ON VIEW analytics.follow_up_daily IS
      'Interactions by the local day they occurred, next actions (not cancelled) by the local day they fall due.'`);
    await q.query(`CREATE VIEW analytics.stage_durations AS
      SELECT t.customer_id, t.from_stage AS stage, t.to_stage AS next_stage, t.at AS left_at, t.local_day AS day,
             t.days_in_from_stage AS days_in_stage, t.owner_id, t.team_id,
             cs.industry_code, cs.source_channel
      FROM public.stage_transition t LEFT JOIN public.customer_state cs ON cs.customer_id = t.customer_id
      WHERE t.from_stage IS NOT NULL`);
    await q.query(`COMMENT ON VIEW analytics.stage_durations IS
      'One row per move out of a stage: days since the customer''s preceding transition into it (null when unknown).'`);
    await q.query(`CREATE VIEW analytics.current_pipeline AS
      SELECT cs.customer_id, cs.name AS customer_name, cs.stage, cs.stage_since,
             extract(epoch FROM now() - cs.stage_since) / 86400 AS days_in_stage,
             cs.owner_id, cs.team_id, cs.industry_code, cs.source_channel, cs.archive_code
      FROM public.customer_state cs WHERE cs.stage IS NOT NULL`);
    await q.query(`COMMENT ON VIEW analytics.current_pipeline IS 'Every customer with its current stage, now.'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA IF EXISTS analytics CASCADE`);
  }
}
