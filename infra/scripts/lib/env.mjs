// Loads .env (if present) over .env.example defaults; the real environment wins over both.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './install.mjs';

function parse(file) {
  const out = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (m) out[m[1]] = m[2].replace(/^(['"])(.*)\1$/, '$2');
  }
  return out;
}

export function loadEnv() {
  const merged = {};
  for (const name of ['.env.example', '.env']) {
    const file = path.join(ROOT, name);
    if (existsSync(file)) Object.assign(merged, parse(file));
  }
  for (const [key, value] of Object.entries(merged)) {
    if (process.env[key] === undefined) process.env[key] = value;
  }
}
