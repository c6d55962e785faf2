import type { MigrationInterface, QueryRunner } from 'typeorm';
import { rebuildMedianValues } from '../read-model/median-values';

/**
 * A histogram per industry (grouping by industry alone) and the sorted values per owner/team and
 * month / year (read-model/median-values.ts); then every median structure is filled from the facts.
 */
export class MedianSorted1733400000000 implements MigrationInterface {
  name = 'MedianSorted1733400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE median_histogram_industry (kind text NOT NULL, grain text NOT NULL, period date NOT NULL,
      stage text NOT NULL, industry_code text NOT NULL, bucket integer NOT NULL, n integer NOT NULL,
      PRIMARY KEY (kind, grain, period, stage, industry_code, bucket))`);
    await q.query(`CREATE TABLE median_sorted_owner (kind text NOT NULL, grain text NOT NULL, period date NOT NULL,
      stage text NOT NULL, owner_id text NOT NULL, team_id text NOT NULL, vals double precision[] NOT NULL,
      PRIMARY KEY (kind, grain, period, stage, owner_id, team_id))`);
    await q.query(`CREATE INDEX median_sorted_owner_team ON median_sorted_owner (kind, team_id, grain, period)`);
    await q.query(`CREATE INDEX median_sorted_owner_owner ON median_sorted_owner (kind, owner_id, grain, period)`);
    await rebuildMedianValues(q.manager);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS median_sorted_owner`);
    await q.query(`DROP TABLE IF EXISTS median_histogram_industry`);
  }
}
