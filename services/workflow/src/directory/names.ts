import type { EntityManager } from 'typeorm';

/**
 * How a notification names someone the directory does not hold (never by their id): a placeholder that
 * `writeText` (src/i18n/texts.ts) writes in the reader's language.
 */
export const UNKNOWN_PERSON = 'someone not in the directory';

/**
 * Notifications and e-mails name people, never ids: reads the directory names of `ids` in one query
 * and answers a lookup that always gives a name.
 */
export async function peopleNames(manager: EntityManager, ids: Iterable<string>): Promise<(id: string) => string> {
  const wanted = [...new Set(ids)];
  const rows: Array<{ id: string; name: string }> = wanted.length
    ? await manager.query(`SELECT id, name FROM directory_user WHERE id = ANY($1)`, [wanted])
    : [];
  const names = new Map(rows.map((r) => [r.id, r.name]));
  return (id) => names.get(id) ?? UNKNOWN_PERSON;
}
