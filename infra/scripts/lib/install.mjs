// Installs dependencies when node_modules is missing or older than package-lock.json.
// Uses Node built-ins only: it runs before anything is installed.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');

export function lockHash() {
  const lock = path.join(ROOT, 'package-lock.json');
  const manifests = ['package.json', 'package-lock.json'].map((f) => readFileSync(path.join(ROOT, f)));
  if (!existsSync(lock)) throw new Error('package-lock.json is missing');
  return createHash('sha256').update(Buffer.concat(manifests)).digest('hex');
}

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
  }
}

export function ensureInstalled(log = console.log) {
  const stamp = path.join(ROOT, 'node_modules', '.salestrail-install');
  const want = lockHash();
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return false;
  log('Installing dependencies (npm ci)…');
  run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error']);
  writeFileSync(stamp, want);
  return true;
}

export function build(log = console.log) {
  log('Building (turbo run build)…');
  run('npx', ['turbo', 'run', 'build', '--output-logs=errors-only']);
}
