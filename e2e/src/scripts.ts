import { spawn } from 'node:child_process';
import path from 'node:path';

/** The repository root: scripts and entries are run from there, as an operator would. */
export const ROOT = path.resolve(__dirname, '../..');

/** Runs a built entry or an infra script with `env` only, and returns its exit code and output. */
export function runScript(entry: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, entry), ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output }));
  });
}
