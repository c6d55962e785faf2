#!/usr/bin/env node
// `node infra/scripts/restore.mjs DIR [--replace] [--no-acl]`: restores a backup made by backup.mjs into
// each service's database (<SERVICE>_DATABASE_URL, else DATABASE_URL's server, else 127.0.0.1:5432) with
// the machine's pg_restore, each database in one transaction. The checksums in manifest.json are checked
// first. A database that exists and holds tables is refused unless --replace (which drops it first).
// Afterwards each consumer forgets the events it had applied beyond what its producer's backup holds
// (the dumps are taken one after another), so the producers' new events, which reuse those sequence
// numbers, are not mistaken for them. Then: start records and workflow, run `npm run analytics:rebuild`,
// start analytics and the gateway, on an empty Redis or a new QUEUE_PREFIX (README, "Backups").
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { MANIFEST_FORMAT, databaseName, pgTool, redact, serviceDatabases, sha256, withClient, withServer } from './lib/backups.mjs';
import { loadEnv } from './lib/env.mjs';

const log = (msg) => console.log(`[restore] ${msg}`);
const PRODUCERS = ['records', 'workflow'];

function readManifest(dir) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  } catch (error) {
    throw new Error(`${dir} has no readable manifest.json (an unfinished or foreign backup): ${error.message}`);
  }
  if (manifest.format !== MANIFEST_FORMAT) throw new Error(`${dir}/manifest.json is not a ${MANIFEST_FORMAT} manifest`);
  return manifest;
}

async function verify(dir, entry) {
  const file = path.join(dir, entry.file);
  const bytes = statSync(file, { throwIfNoEntry: false })?.size;
  if (bytes !== entry.bytes) throw new Error(`${entry.file}: ${bytes ?? 'missing'} bytes, the manifest says ${entry.bytes}`);
  if ((await sha256(file)) !== entry.sha256) throw new Error(`${entry.file}: checksum differs from the manifest (damaged or replaced)`);
}

/** How many tables the database of `url` holds, or null when it does not exist. */
async function tablesIn(url) {
  const name = databaseName(url);
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`database name "${name}" must be letters, digits and _`);
  const exists = await withServer(url, async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1);
  if (!exists) return null;
  return withClient(url, async (c) => Number((await c.query(`SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'`)).rows[0].n));
}

/** Creates the target database, dropping it first with --replace; an existing empty one is used as it is. */
async function prepareTarget(url, replace) {
  const name = databaseName(url);
  const tables = await tablesIn(url);
  if (tables !== null && !replace) return;
  await withServer(url, async (client) => {
    if (tables !== null) await client.query(`DROP DATABASE "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  });
}

/**
 * A consumer may have applied events its producer's dump does not hold (dumped earlier). New events of
 * the restored producer get those sequence numbers again: forget them in the consumer, so that the
 * exactly-once check (which also refuses a seen seq) and gap repair take the new events.
 */
async function reconcilePositions(databases, restored) {
  const lastSeq = {};
  for (const producer of PRODUCERS.filter((p) => restored.includes(p))) {
    lastSeq[producer] = await withClient(databases[producer], async (c) => Number((await c.query('SELECT coalesce(max(seq), 0) AS seq FROM outbox_event')).rows[0].seq));
  }
  for (const consumer of restored) {
    await withClient(databases[consumer], async (c) => {
      const has = async (table) => (await c.query(`SELECT to_regclass($1) IS NOT NULL AS present`, [`public.${table}`])).rows[0].present;
      if (!(await has('processed_event'))) return;
      for (const [producer, seq] of Object.entries(lastSeq)) {
        if (producer === consumer) continue;
        await c.query('BEGIN');
        try {
          const { rowCount } = await c.query('DELETE FROM processed_event WHERE producer = $1 AND seq > $2', [producer, seq]);
          if (await has('event_position')) await c.query('UPDATE event_position SET contiguous_seq = least(contiguous_seq, $2) WHERE producer = $1', [producer, seq]);
          if (await has('producer_position')) {
            await c.query('UPDATE producer_position SET last_seq = least(last_seq, $2), contiguous_seq = least(contiguous_seq, $2) WHERE producer = $1', [producer, seq]);
          }
          await c.query('COMMIT');
          if (rowCount > 0) {
            log(`${consumer} had applied ${rowCount} ${producer} event(s) beyond seq ${seq}, the last in the ${producer} backup: forgotten (their effects stay; the dumps were taken apart)`);
          }
        } catch (error) {
          await c.query('ROLLBACK');
          throw error;
        }
      }
    });
  }
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { replace: { type: 'boolean', default: false }, 'no-acl': { type: 'boolean', default: false } },
  });
  if (positionals.length !== 1) throw new Error('usage: restore.mjs <backup directory> [--replace] [--no-acl]');
  loadEnv();
  const dir = path.resolve(positionals[0]);
  const manifest = readManifest(dir);
  for (const entry of manifest.services) await verify(dir, entry);
  const databases = serviceDatabases();
  // Every target is checked before the first is touched: a refused restore changes nothing.
  for (const entry of manifest.services) {
    const url = databases[entry.service];
    if (!url) throw new Error(`the backup holds ${entry.service}, which is not a SalesTrail service`);
    const tables = await tablesIn(url);
    if (tables > 0 && !values.replace) {
      throw new Error(`database ${databaseName(url)} already holds ${tables} tables: restore into an empty database, or pass --replace to drop it first`);
    }
  }
  for (const entry of manifest.services) {
    const url = databases[entry.service];
    await prepareTarget(url, values.replace);
    pgTool('pg_restore', ['--no-owner', '--exit-on-error', '--single-transaction', ...(values['no-acl'] ? ['--no-acl'] : []), path.join(dir, entry.file)], url);
    log(`${entry.service}: ${entry.file} → ${redact(url)}`);
  }
  await reconcilePositions(databases, manifest.services.map((s) => s.service));
  log('done. Next: start records and workflow, run `npm run analytics:rebuild` (analytics stopped), then start analytics and the gateway, on an empty Redis or a new QUEUE_PREFIX.');
}

main().catch((error) => {
  console.error(`[restore] failed: ${error.message}`);
  process.exitCode = 1;
});
