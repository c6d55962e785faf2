import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The values medians are taken over, with their buckets, and their histograms per month / year and
 * roll-up (read-model/median-values.ts). Filled by migration 1733400000000, which adds the last of them.
 */
export class MedianHistograms1733200000000 implements MigrationInterface {
  name = 'MedianHistograms1733200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE median_value (
      kind text NOT NULL,
      fact_id text NOT NULL,
      customer_id text NOT NULL,
      day date NOT NULL,
      stage text NOT NULL,
      owner_id text NOT NULL,
      team_id text NOT NULL,
      industry_code text NOT NULL,
      source_channel text NOT NULL,
      value double precision NOT NULL,
      bucket integer NOT NULL,
      PRIMARY KEY (kind, fact_id)
    )`);
    await q.query(`CREATE INDEX median_value_customer ON median_value (customer_id)`);
    // The raw values of one bucket, for each way a report narrows them (none, owner, team, industry).
    await q.query(`CREATE INDEX median_value_bucket ON median_value (kind, stage, bucket, day)
      INCLUDE (value, owner_id, team_id, industry_code, source_channel)`);
    await q.query(`CREATE INDEX median_value_owner ON median_value (kind, owner_id, stage, bucket, day) INCLUDE (value, team_id)`);
    await q.query(`CREATE INDEX median_value_team ON median_value (kind, team_id, stage, bucket, day) INCLUDE (value, owner_id)`);
    await q.query(`CREATE INDEX median_value_industry ON median_value (kind, industry_code, stage, bucket, day) INCLUDE (value, source_channel)`);
    for (const [name, dims] of [
      ['all', []],
      ['segment', ['industry_code', 'source_channel']],
      ['owner', ['owner_id', 'team_id']],
    ] as const) {
      const dimColumns = dims.map((d) => `${d} text NOT NULL, `).join('');
      await q.query(`CREATE TABLE median_histogram_${name} (kind text NOT NULL, grain text NOT NULL, period date NOT NULL,
        stage text NOT NULL, ${dimColumns}bucket integer NOT NULL, n integer NOT NULL,
        PRIMARY KEY (kind, grain, period, stage, ${dims.map((d) => `${d}, `).join('')}bucket))`);
    }
    await q.query(`CREATE INDEX median_histogram_owner_team ON median_histogram_owner (kind, team_id, grain, period)`);
    await q.query(`CREATE INDEX median_histogram_owner_owner ON median_histogram_owner (kind, owner_id, grain, period)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['median_histogram_owner', 'median_histogram_segment', 'median_histogram_all', 'median_value']) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
  }
}
