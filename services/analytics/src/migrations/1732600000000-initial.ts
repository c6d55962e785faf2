import type { MigrationInterface, QueryRunner } from 'typeorm';
import { PROCESSED_EVENT_DDL } from '@salestrail/platform';

export class Initial1732600000000 implements MigrationInterface {
  name = 'Initial1732600000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of PROCESSED_EVENT_DDL) await q.query(sql);
    // Current state of every customer, as the events imply. `version` is the aggregate version of the
    // last event applied, so an older event arriving late never overwrites a newer state.
    await q.query(`CREATE TABLE customer_state (
      customer_id text PRIMARY KEY,
      name text NOT NULL,
      stage text NOT NULL,
      owner_id text NOT NULL,
      team_id text NOT NULL,
      industry_code text NOT NULL,
      source_channel text NOT NULL,
      version integer NOT NULL,
      stage_since timestamptz NOT NULL,
      created_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX customer_state_team_stage ON customer_state (team_id, stage)`);
    await q.query(`CREATE INDEX customer_state_owner_stage ON customer_state (owner_id, stage)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS customer_state');
    await q.query('DROP TABLE IF EXISTS processed_event');
  }
}
