import type { MigrationInterface, QueryRunner } from 'typeorm';
import { openActionContributionsSql } from '../read-model/recompute';
import { rebuildRollups } from '../read-model/rollups';

/**
 * Open next actions per UTC due day (per-customer contributions, a daily aggregate and its month/year
 * roll-ups), so `openOverdue` reads whole past months and days instead of counting every open action.
 * Filled from the next actions already in the read model.
 */
export class OpenActionRollups1733300000000 implements MigrationInterface {
  name = 'OpenActionRollups1733300000000';

  async up(q: QueryRunner): Promise<void> {
    const key = `day date NOT NULL, owner_id text NOT NULL, team_id text NOT NULL, industry_code text NOT NULL, source_channel text NOT NULL`;
    await q.query(`CREATE TABLE open_action_contribution (customer_id text NOT NULL, ${key}, open integer NOT NULL,
      PRIMARY KEY (customer_id, day, owner_id, team_id, industry_code, source_channel))`);
    await q.query(`CREATE TABLE open_action_daily (${key}, open integer NOT NULL,
      PRIMARY KEY (day, owner_id, team_id, industry_code, source_channel))`);
    for (const [name, dims] of [
      ['owner', ['owner_id', 'team_id']],
      ['segment', ['industry_code', 'source_channel']],
    ] as const) {
      await q.query(`CREATE TABLE open_action_rollup_${name} (grain text NOT NULL, period date NOT NULL,
        ${dims.map((d) => `${d} text NOT NULL`).join(', ')}, open integer NOT NULL, PRIMARY KEY (grain, period, ${dims.join(', ')}))`);
    }
    await q.query(openActionContributionsSql('TRUE').replace(/RETURNING[\s\S]*$/, ''));
    await q.query(`INSERT INTO open_action_daily SELECT day, owner_id, team_id, industry_code, source_channel, sum(open)
      FROM open_action_contribution GROUP BY 1, 2, 3, 4, 5`);
    await rebuildRollups(q.manager, 'open_action', ['day', 'owner_id', 'team_id', 'industry_code', 'source_channel'], ['open']);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['open_action_rollup_owner', 'open_action_rollup_segment', 'open_action_daily', 'open_action_contribution']) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
  }
}
