#!/usr/bin/env node
// `npm test`: install if needed, build, then typecheck, lint and run every package's tests
// (unit, integration against real Postgres and Redis, end-to-end through the gateway).
import { build, ensureInstalled, run } from './lib/install.mjs';
import { ensureSupportedNode } from './lib/node-runtime.mjs';

const log = (msg) => console.log(`[salestrail] ${msg}`);
if (ensureSupportedNode()) test();

function test() {
  try {
    // The processes the tests start read NODE_ENV; unset means production.
    process.env.NODE_ENV ??= 'test';
    ensureInstalled(log);
    build(log);
    // Two checks at a time on the 2-core machines the project runs on; one test package at a time: integration suites share the machine's Postgres and Redis, and the
    // end-to-end suite starts all four processes.
    run('npx', ['turbo', 'run', 'typecheck', 'lint', '--concurrency=2', '--output-logs=errors-only']);
    run('npx', ['turbo', 'run', 'test', '--concurrency=1', '--output-logs=full', ...process.argv.slice(2)]);
  } catch (error) {
    console.error(`[salestrail] ${error.message}`);
    process.exit(1);
  }
}
