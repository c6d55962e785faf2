import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Month and year roll-ups of funnel_daily and follow_up_daily over two dimension subsets (owner/team
 * and industry/channel), filled from the daily tables here and kept in step with them by every
 * recomputation (read-model/rollups.ts). `grain` is 'month' or 'year', `period` its first day.
 */
export class ReportRollups1733100000000 implements MigrationInterface {
  name = 'ReportRollups1733100000000';

  async up(q: QueryRunner): Promise<void> {
    const funnelMetrics = `entries integer NOT NULL, advanced integer NOT NULL, terminated integer NOT NULL, lost integer NOT NULL`;
    const followMetrics = `interactions integer NOT NULL, logged_within_24h integer NOT NULL, actions_due integer NOT NULL,
      completed_on_time integer NOT NULL, completed integer NOT NULL`;
    for (const [name, dims] of [
      ['owner', ['owner_id', 'team_id']],
      ['segment', ['industry_code', 'source_channel']],
    ] as const) {
      const dimColumns = dims.map((d) => `${d} text NOT NULL`).join(', ');
      await q.query(`CREATE TABLE funnel_rollup_${name} (grain text NOT NULL, period date NOT NULL, prev_period date NOT NULL,
        stage text NOT NULL, ${dimColumns}, ${funnelMetrics},
        PRIMARY KEY (grain, period, stage, prev_period, ${dims.join(', ')}))`);
      await q.query(`CREATE TABLE follow_up_rollup_${name} (grain text NOT NULL, period date NOT NULL, ${dimColumns}, ${followMetrics},
        PRIMARY KEY (grain, period, ${dims.join(', ')}))`);
      await q.query(`INSERT INTO funnel_rollup_${name}
        SELECT g.grain, date_trunc(g.grain, d.day)::date, date_trunc(g.grain, d.prev_day)::date, d.stage, ${dims.map((c) => `d.${c}`).join(', ')},
               sum(d.entries), sum(d.advanced), sum(d.terminated), sum(d.lost)
        FROM funnel_daily d CROSS JOIN (VALUES ('month'), ('year')) AS g(grain) GROUP BY 1, 2, 3, 4, ${dims.map((_, i) => i + 5).join(', ')}`);
      await q.query(`INSERT INTO follow_up_rollup_${name}
        SELECT g.grain, date_trunc(g.grain, d.day)::date, ${dims.map((c) => `d.${c}`).join(', ')},
               sum(d.interactions), sum(d.logged_within_24h), sum(d.actions_due), sum(d.completed_on_time), sum(d.completed)
        FROM follow_up_daily d CROSS JOIN (VALUES ('month'), ('year')) AS g(grain) GROUP BY 1, 2, ${dims.map((_, i) => i + 3).join(', ')}`);
    }
    await q.query(`CREATE INDEX funnel_rollup_owner_team ON funnel_rollup_owner (team_id, grain, period)`);
    await q.query(`CREATE INDEX funnel_rollup_owner_owner ON funnel_rollup_owner (owner_id, grain, period)`);
    await q.query(`CREATE INDEX follow_up_rollup_owner_team ON follow_up_rollup_owner (team_id, grain, period)`);
    await q.query(`CREATE INDEX follow_up_rollup_owner_owner ON follow_up_rollup_owner (owner_id, grain, period)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['funnel_rollup_owner', 'funnel_rollup_segment', 'follow_up_rollup_owner', 'follow_up_rollup_segment']) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
  }
}
