import type { MigrationInterface, QueryRunner } from 'typeorm';
import { OUTBOX_DDL, OUTBOX_DROP_DDL, PROCESSED_EVENT_DDL } from '@salestrail/platform';

export class Initial1732600000000 implements MigrationInterface {
  name = 'Initial1732600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE team (
      id text PRIMARY KEY,
      name text NOT NULL,
      manager_id text,
      assistant_id text,
      timezone text NOT NULL DEFAULT 'Asia/Shanghai',
      workday_end text NOT NULL DEFAULT '18:00',
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    for (const sql of OUTBOX_DDL) await q.query(sql);
    for (const sql of PROCESSED_EVENT_DDL) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS processed_event');
    for (const sql of OUTBOX_DROP_DDL) await q.query(sql);
    await q.query('DROP TABLE IF EXISTS team');
  }
}
