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

/** The digits of a contact's phone, as the search matches them ("138 1234-5678" → 13812345678). */
export const PHONE_DIGITS_SQL = `regexp_replace(coalesce(phone, ''), '[^0-9]', '', 'g')`;

/**
 * The form's record rules that need the database: one first contact per customer; duplicates across
 * teams found by the folded name, similar names offered while typing (trigrams), and the customer
 * search reaching contact names and phone numbers (trigrams on both).
 */
export class RecordRules1733800000000 implements MigrationInterface {
  name = 'RecordRules1733800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(REPAIR_FIRST_CONTACTS);
    // Checked at commit: logging an earlier interaction moves the flag within one statement.
    await q.query(`ALTER TABLE interaction ADD CONSTRAINT interaction_one_first_contact
      EXCLUDE USING btree (customer_id WITH =) WHERE (is_first_contact) DEFERRABLE INITIALLY DEFERRED`);
    await q.query(`CREATE INDEX customer_normalized_name ON customer (normalized_name)`);
    await q.query(`CREATE INDEX customer_normalized_name_trgm ON customer USING gin (normalized_name gin_trgm_ops)`);
    await q.query(`CREATE INDEX contact_name_trgm ON contact USING gin (name gin_trgm_ops)`);
    await q.query(`CREATE INDEX contact_phone_digits_trgm ON contact USING gin ((${PHONE_DIGITS_SQL}) gin_trgm_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of ['contact_phone_digits_trgm', 'contact_name_trgm', 'customer_normalized_name_trgm', 'customer_normalized_name']) {
      await q.query(`DROP INDEX IF EXISTS ${index}`);
    }
    await q.query(`ALTER TABLE interaction DROP CONSTRAINT IF EXISTS interaction_one_first_contact`);
  }
}
