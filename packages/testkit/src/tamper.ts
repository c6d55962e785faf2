import { Client } from 'pg';

export interface TamperOutcome {
  /** How many rows matched (something must be there for a refusal to mean anything). */
  rows: number;
  /** What the database answered to each attempt: its error message, or `accepted`. */
  update: string;
  delete: string;
  truncate: string;
  /** The matching rows are exactly as before the attempts. */
  unchanged: boolean;
}

/**
 * Tries to rewrite (UPDATE `column` to itself), erase (DELETE) and wipe (TRUNCATE, inside a transaction
 * always rolled back, so a table shared by parallel tests survives a missing guard) the rows of `table`
 * matching `where`, as the role of `url`, and reports what the database said.
 */
export async function tamperWith(url: string, table: string, column: string, where: string, params: unknown[]): Promise<TamperOutcome> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const attempt = async (sql: string, values: unknown[] = params): Promise<string> => {
    try {
      await client.query(sql, values);
      return 'accepted';
    } catch (error) {
      return (error as Error).message;
    }
  };
  const snapshot = async () =>
    (await client.query<{ rows: string | null }>(`SELECT json_agg(t ORDER BY t::text)::text AS rows FROM ${table} t WHERE ${where}`, params)).rows[0]!.rows;
  try {
    const before = await snapshot();
    const rows = Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE ${where}`, params)).rows[0]!.n);
    const update = await attempt(`UPDATE ${table} SET ${column} = ${column} WHERE ${where}`);
    const del = await attempt(`DELETE FROM ${table} WHERE ${where}`);
    await client.query(`BEGIN`);
    await client.query(`SET LOCAL lock_timeout = '20s'`);
    const truncate = await attempt(`TRUNCATE ${table}`, []);
    await client.query(`ROLLBACK`);
    return { rows, update, delete: del, truncate, unchanged: (await snapshot()) === before };
  } finally {
    await client.end();
  }
}
