import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, waitFor } from '@salestrail/testkit';
import { Socket } from 'node:net';

/**
 * A redis-server of the campaign's own, on a free loopback port, without persistence (no RDB, no AOF):
 * `restart()` kills it with SIGKILL and starts it again on the same port, empty, as Redis losing its
 * data. Other tests' Redis is never touched.
 */
export class DedicatedRedis {
  private child: ChildProcess | null = null;
  private readonly dir = mkdtempSync(path.join(tmpdir(), 'salestrail-chaos-redis-'));

  private constructor(readonly port: number) {}

  static async start(binary = 'redis-server'): Promise<DedicatedRedis> {
    const redis = new DedicatedRedis(await freePort());
    await redis.spawn(binary);
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** kill -9 and start again: every key is gone. */
  async restart(binary = 'redis-server'): Promise<void> {
    await this.kill();
    await this.spawn(binary);
  }

  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async kill(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }

  private async spawn(binary: string): Promise<void> {
    const child = spawn(
      binary,
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir, '--loglevel', 'warning'],
      { stdio: 'ignore' },
    );
    this.child = child;
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
        return (await ping(this.port)) ? true : undefined;
      },
      { timeoutMs: 10_000, intervalMs: 50, what: 'the campaign redis-server' },
    );
  }
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
    socket.once('data', (d) => done(d.toString().startsWith('+PONG')));
  });
}
