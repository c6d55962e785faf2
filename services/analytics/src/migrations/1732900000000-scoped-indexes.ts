import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Indexes for the raw-fact parts of scoped reports (a manager's team, a rep's own figures). */
export class ScopedIndexes1732900000000 implements MigrationInterface {
  name = 'ScopedIndexes1732900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX stage_transition_team_out ON stage_transition (team_id, local_day) INCLUDE (from_stage, days_in_from_stage)`);
    await q.query(`CREATE INDEX stage_transition_owner_out ON stage_transition (owner_id, local_day) INCLUDE (from_stage, days_in_from_stage)`);
    await q.query(`DROP INDEX stage_transition_team`);
    await q.query(`CREATE INDEX next_action_fact_team_due ON next_action_fact (team_id, due_at)`);
    await q.query(`CREATE INDEX next_action_fact_owner_due ON next_action_fact (owner_id, due_at)`);
    await q.query(`DROP INDEX next_action_fact_team`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX next_action_fact_team ON next_action_fact (team_id)`);
    await q.query(`DROP INDEX next_action_fact_owner_due`);
    await q.query(`DROP INDEX next_action_fact_team_due`);
    await q.query(`CREATE INDEX stage_transition_team ON stage_transition (team_id)`);
    await q.query(`DROP INDEX stage_transition_owner_out`);
    await q.query(`DROP INDEX stage_transition_team_out`);
  }
}
