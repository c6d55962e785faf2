// Makes sure SalesTrail's scripts run on a supported Node.js (the major in .node-version, today 24 LTS).
// Where the machine's Node is older, the pinned release is fetched once from the npm registry (the
// `node-<platform>-<arch>` packages carry the official binary) into .data/node/<version>, and the script
// runs again on it with that binary first on PATH, so npm, turbo, jest and every service inherit it.
// Uses Node built-ins only, and syntax Node 18 still parses: it runs before anything is installed.
import { existsSync, readFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The pinned release, e.g. "24.22.3". */
export function pinnedVersion() {
  return readFileSync(path.join(ROOT, '.node-version'), 'utf8').trim().replace(/^v/, '');
}

export function requiredMajor() {
  return Number(pinnedVersion().split('.')[0]);
}

function currentMajor() {
  return Number(process.versions.node.split('.')[0]);
}

/** The directory holding a supported `node`: this process's own, or the fetched one. */
export function supportedNodeBinDir(log = (m) => console.error(m)) {
  if (currentMajor() >= requiredMajor()) return path.dirname(process.execPath);
  const version = pinnedVersion();
  const pkg = `node-${process.platform}-${process.arch}`;
  const prefix = path.join(ROOT, '.data', 'node', version);
  const binDir = path.join(prefix, 'node_modules', pkg, 'bin');
  if (!existsSync(path.join(binDir, 'node'))) {
    log(`[salestrail] Node ${process.versions.node} is older than the supported ${requiredMajor()}; fetching ${pkg}@${version} from the npm registry into .data/node…`);
    const result = spawnSync(
      'npm',
      ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel=error', `${pkg}@${version}`],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    if (result.status !== 0 || !existsSync(path.join(binDir, 'node'))) {
      throw new Error(
        `could not fetch ${pkg}@${version}; install Node.js ${requiredMajor()} (https://nodejs.org, nvm or fnm read .node-version) and run again`,
      );
    }
  }
  return binDir;
}

/**
 * Call first in a script. On a supported Node it returns; otherwise it runs the same script again on
 * the pinned Node (fetched when missing), passes signals through and exits with the child's code.
 * Returns false when the script should stop here (the child does the work).
 */
export function ensureSupportedNode() {
  if (currentMajor() >= requiredMajor()) return true;
  const binDir = supportedNodeBinDir();
  const env = { ...process.env, PATH: `${binDir}${path.delimiter}${process.env.PATH ?? ''}` };
  const child = spawn(path.join(binDir, 'node'), process.argv.slice(1), { stdio: 'inherit', env });
  // Ctrl-C reaches the child through the terminal's process group; the child decides how to stop.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (signal !== 'SIGINT') child.kill(signal);
    });
  }
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  return false;
}

// `node infra/scripts/lib/node-runtime.mjs` prints the directory of a supported `node` (for .ci/run).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    console.log(supportedNodeBinDir());
  } catch (error) {
    console.error(`[salestrail] ${error.message}`);
    process.exit(1);
  }
}
