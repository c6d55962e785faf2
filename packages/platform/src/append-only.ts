/**
 * History tables are append-only in the database itself, not only in the code that writes them: a row
 * trigger refuses UPDATE and DELETE and a statement trigger refuses TRUNCATE, for every role the
 * service connects as (it owns its tables, so grants alone could not stop it). A bug, a hand-written
 * statement or an injected one cannot rewrite or erase history; dropping the trigger first would take
 * a deliberate schema change, which is what migrations are reviewed for.
 */
export const APPEND_ONLY_FUNCTION = 'history_append_only';

export const APPEND_ONLY_FUNCTION_DDL = `CREATE FUNCTION ${APPEND_ONLY_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP; END $$`;

/**
 * Makes `table` append-only (after APPEND_ONLY_FUNCTION_DDL). `rows: false` adds only the TRUNCATE
 * guard, for tables whose own trigger already refuses UPDATE and DELETE.
 */
export function appendOnlyDdl(table: string, options: { rows?: boolean } = {}): string[] {
  const ddl = [
    `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
       FOR EACH STATEMENT EXECUTE FUNCTION ${APPEND_ONLY_FUNCTION}()`,
  ];
  if (options.rows !== false) {
    ddl.unshift(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
       FOR EACH ROW EXECUTE FUNCTION ${APPEND_ONLY_FUNCTION}()`);
  }
  return ddl;
}

/** Undoes appendOnlyDdl for each table, then drops the function. */
export function appendOnlyDropDdl(tables: readonly string[]): string[] {
  return [
    ...tables.flatMap((table) => [
      `DROP TRIGGER IF EXISTS ${table}_append_only ON ${table}`,
      `DROP TRIGGER IF EXISTS ${table}_no_truncate ON ${table}`,
    ]),
    `DROP FUNCTION IF EXISTS ${APPEND_ONLY_FUNCTION}()`,
  ];
}
