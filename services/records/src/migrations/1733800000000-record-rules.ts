import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Exactly one interaction of a customer is its first contact: the earliest (by occurred_at, then the
 * one logged first). Interactions logged before this rule could leave two flagged (an earlier
 * communication logged after a later one); this statement gives the flag back to the earliest only.
 */
export const REPAIR_FIRST_CONTACTS = `
  UPDATE interaction i SET is_first_contact = (i.id = f.id)
  FROM (SELECT DISTINCT ON (customer_id) customer_id, id FROM interaction ORDER BY customer_id, occurred_at, logged_at, id) f
  WHERE f.customer_id = i.customer_id AND i.is_first_contact IS DISTINCT FROM (i.id = f.id)`;

/** The form's record rules that need the database: one first contact per customer. */
export class RecordRules1733800000000 implements MigrationInterface {
  name = 'RecordRules1733800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(REPAIR_FIRST_CONTACTS);
    // Checked at commit: logging an earlier interaction moves the flag within one statement.
    await q.query(`ALTER TABLE interaction ADD CONSTRAINT interaction_one_first_contact
      EXCLUDE USING btree (customer_id WITH =) WHERE (is_first_contact) DEFERRABLE INITIALLY DEFERRED`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE interaction DROP CONSTRAINT IF EXISTS interaction_one_first_contact`);
  }
}
