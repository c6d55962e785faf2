import net from 'node:net';
import { Client } from 'pg';
import { Redis } from 'ioredis';

/** Where the real Postgres and Redis for a test run live, and how to tidy up afterwards. */
export interface TestServices {
  postgresUrl: string; // server URL, path `/postgres`
  redisUrl: string;
  stop: () => Promise<void>;
  source: { postgres: string; redis: string };
}

function reachable(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function postgresWorks(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function redisWorks(url: string): Promise<boolean> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

function serverUrl(url: string): string {
  const u = new URL(url);
  u.pathname = '/postgres';
  return u.toString();
}

const HOW_TO =
  'Provide them with TEST_DATABASE_URL / TEST_REDIS_URL, run Postgres on 127.0.0.1:5432 and Redis on ' +
  '127.0.0.1:6379, or start a Docker engine so that testcontainers can run them.';

/**
 * Resolves the services in this order: TEST_DATABASE_URL / TEST_REDIS_URL; local defaults when reachable;
 * testcontainers when a Docker engine is present; otherwise fails saying how to provide them.
 */
export async function resolveTestServices(env = process.env): Promise<TestServices> {
  const stops: Array<() => Promise<void>> = [];
  let postgresUrl: string | undefined;
  let redisUrl: string | undefined;
  const source = { postgres: '', redis: '' };

  if (env.TEST_DATABASE_URL) {
    postgresUrl = serverUrl(env.TEST_DATABASE_URL);
    source.postgres = 'TEST_DATABASE_URL';
  } else if ((await reachable('127.0.0.1', 5432)) && (await postgresWorks('postgres://postgres@127.0.0.1:5432/postgres'))) {
    postgresUrl = 'postgres://postgres@127.0.0.1:5432/postgres';
    source.postgres = 'local';
  }
  if (env.TEST_REDIS_URL) {
    redisUrl = env.TEST_REDIS_URL;
    source.redis = 'TEST_REDIS_URL';
  } else if ((await reachable('127.0.0.1', 6379)) && (await redisWorks('redis://127.0.0.1:6379'))) {
    redisUrl = 'redis://127.0.0.1:6379';
    source.redis = 'local';
  }

  if (!postgresUrl || !redisUrl) {
    const containers = await startContainers(!postgresUrl, !redisUrl).catch((error: Error) => {
      throw new Error(`No Postgres/Redis for the tests (${error.message}). ${HOW_TO}`);
    });
    if (containers.postgresUrl) {
      postgresUrl = containers.postgresUrl;
      source.postgres = 'testcontainers';
    }
    if (containers.redisUrl) {
      redisUrl = containers.redisUrl;
      source.redis = 'testcontainers';
    }
    stops.push(containers.stop);
  }
  if (!(await postgresWorks(postgresUrl!))) throw new Error(`Postgres at ${postgresUrl} does not answer. ${HOW_TO}`);
  if (!(await redisWorks(redisUrl!))) throw new Error(`Redis at ${redisUrl} does not answer. ${HOW_TO}`);
  return {
    postgresUrl: postgresUrl!,
    redisUrl: redisUrl!,
    source,
    stop: async () => {
      for (const stop of stops) await stop();
    },
  };
}

async function startContainers(
  needPostgres: boolean,
  needRedis: boolean,
): Promise<{ postgresUrl?: string; redisUrl?: string; stop: () => Promise<void> }> {
  // Loaded only when needed: testcontainers probes for a Docker engine on import of some modules.
  const { GenericContainer, Wait, getContainerRuntimeClient } = await import('testcontainers');
  await getContainerRuntimeClient(); // throws when there is no Docker engine
  const started: Array<{ stop: () => Promise<unknown> }> = [];
  let postgresUrl: string | undefined;
  let redisUrl: string | undefined;
  if (needPostgres) {
    const pg = await new GenericContainer('postgres:15-alpine')
      .withEnvironment({ POSTGRES_HOST_AUTH_METHOD: 'trust' })
      .withExposedPorts(5432)
      .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
      .start();
    started.push(pg);
    postgresUrl = `postgres://postgres@${pg.getHost()}:${pg.getMappedPort(5432)}/postgres`;
  }
  if (needRedis) {
    const redis = await new GenericContainer('redis:7-alpine').withExposedPorts(6379).start();
    started.push(redis);
    redisUrl = `redis://${redis.getHost()}:${redis.getMappedPort(6379)}`;
  }
  return {
    postgresUrl,
    redisUrl,
    stop: async () => {
      await Promise.all(started.map((c) => c.stop()));
    },
  };
}
