import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The analytics read model: raw facts (one row per event-borne fact, keyed by its own id so that a
 * replayed event is an idempotent upsert), per-customer contributions and the daily aggregates the
 * reports read. Aggregates are sums of the per-customer contributions; applying an event recomputes
 * the contributions of the one customer it concerns and adds the difference to the aggregates.
 */
export class ReadModel1732700000000 implements MigrationInterface {
  name = 'ReadModel1732700000000';

  async up(q: QueryRunner): Promise<void> {
    // customer_state becomes a placeholder-tolerant current state: events of one customer may arrive
    // in any order, so descriptive columns stay null until an event carrying them arrives.
    await q.query(`ALTER TABLE customer_state
      ALTER COLUMN name DROP NOT NULL,
      ALTER COLUMN owner_id DROP NOT NULL,
      ALTER COLUMN team_id DROP NOT NULL,
      ALTER COLUMN industry_code DROP NOT NULL,
      ALTER COLUMN source_channel DROP NOT NULL,
      ALTER COLUMN stage DROP NOT NULL,
      ALTER COLUMN stage_since DROP NOT NULL,
      ALTER COLUMN created_at DROP NOT NULL,
      ADD COLUMN facts_version integer NOT NULL DEFAULT 0,
      ADD COLUMN owner_version integer NOT NULL DEFAULT 0,
      ADD COLUMN archive_code text`);
    // version: the highest customer version among its stage transitions (the current stage's).
    await q.query(`UPDATE customer_state SET facts_version = version, owner_version = version`);

    await q.query(`CREATE TABLE team_dim (
      team_id text PRIMARY KEY,
      name text,
      timezone text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);

    // One row per entry of a customer's stage history; creation is the transition into its first stage.
    await q.query(`CREATE TABLE stage_transition (
      event_id uuid PRIMARY KEY,
      customer_id text NOT NULL,
      from_stage text,
      to_stage text NOT NULL,
      at timestamptz NOT NULL,
      owner_id text NOT NULL,
      team_id text NOT NULL,
      customer_version integer NOT NULL,
      -- Derived when the customer's contributions are recomputed (see read-model/recompute.ts):
      local_day date,
      days_in_from_stage double precision
    )`);
    await q.query(`CREATE INDEX stage_transition_customer ON stage_transition (customer_id, at, customer_version)`);
    await q.query(`CREATE INDEX stage_transition_out ON stage_transition (from_stage, local_day) INCLUDE (days_in_from_stage)`);
    await q.query(`CREATE INDEX stage_transition_team ON stage_transition (team_id)`);

    await q.query(`CREATE TABLE interaction_fact (
      interaction_id text PRIMARY KEY,
      customer_id text NOT NULL,
      occurred_at timestamptz NOT NULL,
      logged_at timestamptz NOT NULL,
      method text NOT NULL,
      owner_id text NOT NULL,
      team_id text NOT NULL,
      author_id text NOT NULL
    )`);
    await q.query(`CREATE INDEX interaction_fact_customer ON interaction_fact (customer_id, occurred_at)`);
    await q.query(`CREATE INDEX interaction_fact_team ON interaction_fact (team_id)`);

    // A next action as the events tell it. Columns are filled by whichever event arrives first;
    // `due_version` / `owner_version` guard the columns later events may change.
    await q.query(`CREATE TABLE next_action_fact (
      next_action_id text PRIMARY KEY,
      customer_id text NOT NULL,
      owner_id text,
      team_id text,
      created_at timestamptz,
      due_at timestamptz,
      completed_at timestamptz,
      cancelled_at timestamptz,
      status text NOT NULL DEFAULT 'OPEN',
      due_version integer NOT NULL DEFAULT -1,
      owner_version integer NOT NULL DEFAULT -1
    )`);
    await q.query(`CREATE INDEX next_action_fact_customer ON next_action_fact (customer_id)`);
    await q.query(`CREATE INDEX next_action_fact_open_due ON next_action_fact (due_at) WHERE status = 'OPEN'`);
    await q.query(`CREATE INDEX next_action_fact_team ON next_action_fact (team_id)`);

    // Funnel: per transition into a stage, the local day, the local day of the customer's previous
    // transition into the same stage ('-infinity' when none), and whether the customer advanced /
    // terminated after it. A transition is the customer's entry into the stage for a period exactly
    // when day is inside the period and prev_day before it, so distinct-customer counts become sums.
    const funnelKey = `day date NOT NULL,
      prev_day date NOT NULL,
      stage text NOT NULL,
      owner_id text NOT NULL,
      team_id text NOT NULL,
      industry_code text NOT NULL,
      source_channel text NOT NULL`;
    const funnelMetrics = `entries integer NOT NULL,
      advanced integer NOT NULL,
      terminated integer NOT NULL,
      lost integer NOT NULL`;
    await q.query(`CREATE TABLE funnel_contribution (customer_id text NOT NULL, ${funnelKey}, ${funnelMetrics},
      PRIMARY KEY (customer_id, stage, day, prev_day, owner_id, team_id, industry_code, source_channel))`);
    await q.query(`CREATE TABLE funnel_daily (${funnelKey}, ${funnelMetrics},
      PRIMARY KEY (day, stage, prev_day, owner_id, team_id, industry_code, source_channel))`);
    await q.query(`CREATE INDEX funnel_daily_team ON funnel_daily (team_id, day)`);
    await q.query(`CREATE INDEX funnel_daily_owner ON funnel_daily (owner_id, day)`);

    // Follow-up: interactions by the local day they occurred, next actions by the local day they fall due.
    const followKey = `day date NOT NULL,
      owner_id text NOT NULL,
      team_id text NOT NULL,
      industry_code text NOT NULL,
      source_channel text NOT NULL`;
    const followMetrics = `interactions integer NOT NULL,
      logged_within_24h integer NOT NULL,
      actions_due integer NOT NULL,
      completed_on_time integer NOT NULL,
      completed integer NOT NULL`;
    await q.query(`CREATE TABLE follow_up_contribution (customer_id text NOT NULL, ${followKey}, ${followMetrics},
      PRIMARY KEY (customer_id, day, owner_id, team_id, industry_code, source_channel))`);
    await q.query(`CREATE TABLE follow_up_daily (${followKey}, ${followMetrics},
      PRIMARY KEY (day, owner_id, team_id, industry_code, source_channel))`);
    await q.query(`CREATE INDEX follow_up_daily_team ON follow_up_daily (team_id, day)`);
    await q.query(`CREATE INDEX follow_up_daily_owner ON follow_up_daily (owner_id, day)`);

    // Per producer: the highest seq applied and the seq up to which every event has been applied
    // (gap detection fetches what lies between from the producer's history).
    await q.query(`CREATE TABLE producer_position (
      producer text PRIMARY KEY,
      last_seq bigint NOT NULL,
      contiguous_seq bigint NOT NULL DEFAULT 0
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'producer_position',
      'follow_up_daily',
      'follow_up_contribution',
      'funnel_daily',
      'funnel_contribution',
      'next_action_fact',
      'interaction_fact',
      'stage_transition',
      'team_dim',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
    await q.query(`ALTER TABLE customer_state DROP COLUMN facts_version, DROP COLUMN owner_version, DROP COLUMN archive_code`);
  }
}
