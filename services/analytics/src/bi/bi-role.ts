import type { DataSource } from 'typeorm';

/**
 * Creates (or updates) the read-only role BI tools connect as: SELECT on the `analytics` schema's views
 * and nothing else. Without a password it stays NOLOGIN (a group role to grant to named users); with one
 * it may log in. Roles are cluster-wide; the grants are for the connected database.
 */
export async function ensureBiRole(dataSource: DataSource, role: string, password?: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(role)) throw new Error(`BI role name "${role}" must be lower-case letters, digits and _`);
  const [database]: Array<{ db: string }> = await dataSource.query(`SELECT current_database() AS db`);
  const db = database!.db;
  await dataSource.transaction(async (m) => {
    const exists: unknown[] = await m.query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [role]);
    if (exists.length === 0) await m.query(`CREATE ROLE ${role} NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE`);
    if (password) {
      // Parameters cannot appear in utility statements: quote the password as a literal.
      const [quoted]: Array<{ literal: string }> = await m.query(`SELECT quote_literal($1) AS literal`, [password]);
      await m.query(`ALTER ROLE ${role} LOGIN PASSWORD ${quoted!.literal}`);
    } else {
      await m.query(`ALTER ROLE ${role} NOLOGIN`);
    }
    await m.query(`ALTER ROLE ${role} SET default_transaction_read_only = on`);
    await m.query(`GRANT CONNECT ON DATABASE "${db}" TO ${role}`);
    await m.query(`GRANT USAGE ON SCHEMA analytics TO ${role}`);
    await m.query(`GRANT SELECT ON ALL TABLES IN SCHEMA analytics TO ${role}`);
    await m.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA analytics GRANT SELECT ON TABLES TO ${role}`);
  });
}
