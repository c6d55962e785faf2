import { Client } from 'pg';

export interface TableChecksum {
  table: string;
  rows: number;
  md5: string;
}

/**
 * Row count and an order-independent checksum of every table of a database (all schemas but the system
 * ones): two snapshots are equal exactly when no row was added, removed or changed.
 */
export async function checksumDatabase(url: string): Promise<TableChecksum[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ schema: string; name: string }>(
      `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
       WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
       ORDER BY 1, 2`,
    );
    const result: TableChecksum[] = [];
    for (const { schema, name } of tables) {
      const q = `"${schema}"."${name}"`;
      const { rows } = await client.query<{ n: string; md5: string | null }>(
        `SELECT count(*) AS n, md5(string_agg(md5(t::text), '' ORDER BY md5(t::text))) AS md5 FROM ${q} t`,
      );
      result.push({ table: `${schema}.${name}`, rows: Number(rows[0]!.n), md5: rows[0]!.md5 ?? '' });
    }
    return result;
  } finally {
    await client.end();
  }
}

/** Lists the tables whose content differs between two snapshots. */
export function diffChecksums(before: TableChecksum[], after: TableChecksum[]): string[] {
  const old = new Map(before.map((t) => [t.table, t]));
  const changed: string[] = [];
  for (const t of after) {
    const o = old.get(t.table);
    if (!o) changed.push(`${t.table} (new table)`);
    else if (o.md5 !== t.md5) changed.push(`${t.table} (${o.rows} -> ${t.rows} rows)`);
  }
  return changed;
}
