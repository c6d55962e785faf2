import type { MigrationInterface, QueryRunner } from 'typeorm';
import { EVENT_POSITION_DDL, EVENT_POSITION_DROP_DDL } from '@salestrail/platform';

/** The last contiguous seq applied per producer, kept by gap repair (EventGapRepair). */
export class EventPosition1733100000000 implements MigrationInterface {
  name = 'EventPosition1733100000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of EVENT_POSITION_DDL) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of EVENT_POSITION_DROP_DDL) await q.query(sql);
  }
}
