import type { MigrationInterface, QueryRunner } from 'typeorm';
import { OUTBOX_CONTEXT_DDL, OUTBOX_CONTEXT_DROP_DDL } from '@salestrail/platform';

/** Each outbox row keeps the request id and trace context of the work that recorded it (the envelope carries them). */
export class OutboxContext1734500000000 implements MigrationInterface {
  name = 'OutboxContext1734500000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of OUTBOX_CONTEXT_DDL) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of OUTBOX_CONTEXT_DROP_DDL) await q.query(sql);
  }
}
