// What backup.mjs and restore.mjs share: which databases, the PostgreSQL client tools, checksums.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import pg from 'pg';
import { databaseUrl } from './backing-services.mjs';

/** The manifest's format; restore.mjs refuses any other. */
export const MANIFEST_FORMAT = 'salestrail-backup/1';

/**
 * The services in the order they are dumped: analytics first (it is rebuilt after a restore anyway),
 * then workflow, then records. Workflow consumes nearly every records event and records only workflow's
 * review decisions, so dumping workflow before records leaves the heavy direction "behind" (gap repair
 * fetches what is missing) rather than "ahead"; restore.mjs reconciles whatever is ahead.
 */
export const BACKUP_ORDER = ['analytics', 'workflow', 'records'];

/** Each service's database: <SERVICE>_DATABASE_URL, else DATABASE_URL's server, else the local default. */
export function serviceDatabases(env = process.env) {
  const server = env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432';
  return Object.fromEntries(
    BACKUP_ORDER.map((service) => [service, env[`${service.toUpperCase()}_DATABASE_URL`] ?? databaseUrl(server, `salestrail_${service}`)]),
  );
}

export const databaseName = (url) => decodeURIComponent(new URL(url).pathname.slice(1));

/** A URL without its password, for logs and for the command line (the password goes in PGPASSWORD). */
export function redact(url) {
  const u = new URL(url);
  u.password = '';
  return u.toString();
}

/** Runs a PostgreSQL client tool against `url`, the password passed in the environment, never in argv. */
export function pgTool(tool, args, url, options = {}) {
  const password = decodeURIComponent(new URL(url).password);
  const result = spawnSync(tool, [...args, `--dbname=${redact(url)}`], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) },
    ...options,
  });
  if (result.error?.code === 'ENOENT') {
    throw new Error(`${tool} is not installed: install the PostgreSQL client tools (Debian: apt-get install postgresql-client), the server's major version or newer`);
  }
  if (result.status !== 0) throw new Error(`${tool} failed on ${redact(url)}:\n${result.stderr.trim()}`);
  return result.stdout;
}

/** The major version of a client tool (`pg_dump --version` → 15). */
export function toolMajor(tool) {
  const result = spawnSync(tool, ['--version'], { encoding: 'utf8' });
  if (result.error?.code === 'ENOENT') {
    throw new Error(`${tool} is not installed: install the PostgreSQL client tools (Debian: apt-get install postgresql-client), the server's major version or newer`);
  }
  return Number(/(\d+)(?:\.\d+)?/.exec(result.stdout)?.[1] ?? 0);
}

export async function withClient(url, fn) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A client on the server's maintenance database (to create, inspect or drop `url`'s database). */
export function withServer(url, fn) {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  return withClient(admin.toString(), fn);
}

export function sha256(file) {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}
