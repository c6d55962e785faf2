import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

export type Cell = string | number | boolean | Date | null | readonly string[];

/** One value in PostgreSQL's COPY text format. */
function encode(value: Cell): string {
  if (value === null) return '\\N';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return escape(`{${value.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`);
  return escape(String(value));
}

function escape(text: string): string {
  return text.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/**
 * Rows buffered per table and written with one COPY per table and flush, so memory stays bounded by
 * the batch size while the database sees a few large statements instead of millions of inserts.
 */
export class CopyBatch {
  private readonly buffers = new Map<string, { columns: readonly string[]; lines: string[] }>();
  rows = 0;

  constructor(private readonly columns: Record<string, readonly string[]>) {}

  add(table: string, values: readonly Cell[]): void {
    let buffer = this.buffers.get(table);
    if (!buffer) {
      const columns = this.columns[table];
      if (!columns) throw new Error(`no column list for ${table}`);
      buffer = { columns, lines: [] };
      this.buffers.set(table, buffer);
    }
    if (values.length !== buffer.columns.length) throw new Error(`${table}: ${values.length} values for ${buffer.columns.length} columns`);
    buffer.lines.push(values.map(encode).join('\t'));
  }

  /** Writes every buffered row (tables in declaration order, so foreign keys hold) and empties the buffers. */
  async flush(client: PoolClient): Promise<number> {
    let written = 0;
    for (const table of Object.keys(this.columns)) {
      const buffer = this.buffers.get(table);
      if (!buffer || buffer.lines.length === 0) continue;
      const stream = client.query(copyFrom(`COPY ${table} (${buffer.columns.join(', ')}) FROM STDIN`));
      const done = new Promise<void>((resolve, reject) => {
        stream.on('finish', resolve);
        stream.on('error', reject);
      });
      const chunk = 2000;
      for (let i = 0; i < buffer.lines.length; i += chunk) {
        const text = `${buffer.lines.slice(i, i + chunk).join('\n')}\n`;
        if (!stream.write(text)) await new Promise((r) => stream.once('drain', r));
      }
      stream.end();
      await done;
      written += buffer.lines.length;
      buffer.lines = [];
    }
    this.rows += written;
    return written;
  }
}
