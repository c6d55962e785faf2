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

/**
 * What the customer search reads, kept on the customer row so that one trigram index per column serves
 * it: `search_names` is the customer's name and its contacts' names, `search_phones` the digits of its
 * contacts' phone numbers ("138 1234-5678" → 13812345678), separated by U+001F (which no search holds).
 * This statement fills them for every customer from its contacts (set-based, for the migration; triggers
 * keep them afterwards; a bulk load that skips triggers writes them itself).
 */
export const REFRESH_CUSTOMER_SEARCH = `
  UPDATE customer c SET search_names = c.name || coalesce(chr(31) || s.names, ''), search_phones = coalesce(s.phones, '')
  FROM (SELECT customer_id, string_agg(name, chr(31) ORDER BY position) AS names,
               string_agg(regexp_replace(phone, '[^0-9]', '', 'g'), chr(31) ORDER BY position) FILTER (WHERE phone IS NOT NULL) AS phones
        FROM contact GROUP BY customer_id) s
  WHERE s.customer_id = c.id`;

/**
 * The form's record rules that need the database: one first contact per customer; duplicates across
 * teams found by the folded name, similar names offered while typing (trigrams), and the customer
 * search reaching contact names and phone numbers (kept on the customer row, trigrams on both).
 */
export class RecordRules1734100000000 implements MigrationInterface {
  name = 'RecordRules1734100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(REPAIR_FIRST_CONTACTS);
    // Checked at commit: logging an earlier interaction moves the flag within one statement.
    await q.query(`ALTER TABLE interaction ADD CONSTRAINT interaction_one_first_contact
      EXCLUDE USING btree (customer_id WITH =) WHERE (is_first_contact) DEFERRABLE INITIALLY DEFERRED`);
    await q.query(`CREATE INDEX customer_normalized_name ON customer (normalized_name)`);
    await q.query(`CREATE INDEX customer_normalized_name_trgm ON customer USING gin (normalized_name gin_trgm_ops)`);
    await q.query(`ALTER TABLE customer ADD COLUMN search_names text NOT NULL DEFAULT '',
      ADD COLUMN search_phones text NOT NULL DEFAULT ''`);
    // The customer's own name: at once, and whenever it changes.
    await q.query(`CREATE FUNCTION customer_search_names() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.search_names := NEW.name || coalesce(chr(31) || (SELECT string_agg(name, chr(31) ORDER BY position)
          FROM contact WHERE customer_id = NEW.id), '');
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER customer_search_names BEFORE INSERT OR UPDATE OF name ON customer
      FOR EACH ROW EXECUTE FUNCTION customer_search_names()`);
    // Its contacts' names and phone numbers: whenever a contact is added, changed or removed.
    await q.query(`CREATE FUNCTION contact_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE cid uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.customer_id ELSE NEW.customer_id END;
      BEGIN
        UPDATE customer c SET
          search_names = c.name || coalesce(chr(31) || (SELECT string_agg(name, chr(31) ORDER BY position) FROM contact WHERE customer_id = cid), ''),
          search_phones = coalesce((SELECT string_agg(regexp_replace(phone, '[^0-9]', '', 'g'), chr(31) ORDER BY position)
            FILTER (WHERE phone IS NOT NULL) FROM contact WHERE customer_id = cid), '')
        WHERE c.id = cid;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER contact_search_refresh AFTER INSERT OR UPDATE OR DELETE ON contact
      FOR EACH ROW EXECUTE FUNCTION contact_search_refresh()`);
    // The search reads these instead of the name alone (customer_name_trgm served only the search). The
    // indexes come before the rows are filled: built after that update, they could be unusable until
    // every transaction older than it has ended (pg_index.indcheckxmin).
    await q.query(`CREATE INDEX customer_search_names_trgm ON customer USING gin (search_names gin_trgm_ops)`);
    await q.query(`CREATE INDEX customer_search_phones_trgm ON customer USING gin (search_phones gin_trgm_ops)`);
    await q.query(REFRESH_CUSTOMER_SEARCH);
    await q.query(`DROP INDEX customer_name_trgm`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX customer_name_trgm ON customer USING gin (name gin_trgm_ops)`);
    await q.query(`DROP TRIGGER IF EXISTS contact_search_refresh ON contact`);
    await q.query(`DROP TRIGGER IF EXISTS customer_search_names ON customer`);
    await q.query(`DROP FUNCTION IF EXISTS contact_search_refresh()`);
    await q.query(`DROP FUNCTION IF EXISTS customer_search_names()`);
    await q.query(`ALTER TABLE customer DROP COLUMN IF EXISTS search_names, DROP COLUMN IF EXISTS search_phones`);
    for (const index of ['customer_normalized_name_trgm', 'customer_normalized_name']) {
      await q.query(`DROP INDEX IF EXISTS ${index}`);
    }
    await q.query(`ALTER TABLE interaction DROP CONSTRAINT IF EXISTS interaction_one_first_contact`);
  }
}
