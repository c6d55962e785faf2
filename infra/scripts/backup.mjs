#!/usr/bin/env node
// `node infra/scripts/backup.mjs [--out DIR]`: dumps each service's database with the machine's pg_dump
// (custom format, one file per service) and writes manifest.json last: a directory without it is an
// unfinished backup. Databases: <SERVICE>_DATABASE_URL, else DATABASE_URL's server, else 127.0.0.1:5432
// (README, "Backups"). Redis is not backed up: what it holds is re-created from the databases.
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BACKUP_ORDER, MANIFEST_FORMAT, databaseName, pgTool, redact, serviceDatabases, sha256, toolMajor, withClient } from './lib/backups.mjs';
import { loadEnv } from './lib/env.mjs';

const log = (msg) => console.log(`[backup] ${msg}`);

async function facts(url) {
  return withClient(url, async (client) => {
    const one = async (sql) => (await client.query(sql)).rows[0];
    const has = async (table) => (await one(`SELECT to_regclass('public.${table}') IS NOT NULL AS present`)).present;
    const { server_version_num: version } = await one('SHOW server_version_num');
    const migration = (await has('schema_migration')) ? (await one('SELECT name FROM schema_migration ORDER BY id DESC LIMIT 1'))?.name ?? null : null;
    const lastSeq = (await has('outbox_event')) ? Number((await one('SELECT coalesce(max(seq), 0) AS seq FROM outbox_event')).seq) : null;
    return { serverMajor: Math.floor(Number(version) / 10000), lastMigration: migration, outboxLastSeq: lastSeq };
  });
}

async function main() {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  loadEnv();
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const dir = path.resolve(values.out ?? path.join('backups', `salestrail-${stamp}`));
  mkdirSync(dir, { recursive: true });
  const dumpMajor = toolMajor('pg_dump');
  const databases = serviceDatabases();
  const manifest = { format: MANIFEST_FORMAT, createdAt: new Date().toISOString(), pgDumpMajor: dumpMajor, services: [] };
  for (const service of BACKUP_ORDER) {
    const url = databases[service];
    const info = await facts(url);
    if (dumpMajor < info.serverMajor) {
      throw new Error(`pg_dump ${dumpMajor} is older than the server (${info.serverMajor}) of ${redact(url)}: install the PostgreSQL ${info.serverMajor} client tools`);
    }
    const file = `${service}.dump`;
    const startedAt = new Date().toISOString();
    pgTool('pg_dump', ['--format=custom', '--compress=6', `--file=${path.join(dir, file)}`], url);
    const entry = {
      service,
      database: databaseName(url),
      file,
      bytes: statSync(path.join(dir, file)).size,
      sha256: await sha256(path.join(dir, file)),
      startedAt,
      finishedAt: new Date().toISOString(),
      ...info,
    };
    manifest.services.push(entry);
    log(`${service}: ${entry.database} → ${file} (${entry.bytes} bytes${info.outboxLastSeq !== null ? `, events up to seq ${info.outboxLastSeq}` : ''})`);
  }
  writeFileSync(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  log(`done: ${dir}`);
}

main().catch((error) => {
  console.error(`[backup] failed: ${error.message}`);
  process.exitCode = 1;
});
