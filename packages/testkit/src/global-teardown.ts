import { Client } from 'pg';
import { Redis } from 'ioredis';
import { ENV } from './run';
import type { TestServices } from './services';

export default async function globalTeardown(): Promise<void> {
  const run = process.env[ENV.run];
  const services = (globalThis as { __salestrailServices?: TestServices }).__salestrailServices;
  if (run && process.env[ENV.postgres]) {
    const client = new Client({ connectionString: process.env[ENV.postgres] });
    await client.connect();
    try {
      const { rows } = await client.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname LIKE $1`,
        [`st\\_%\\_${run}`],
      );
      for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      // Roles of createOwnedDatabase (their databases went above).
      const roles = await client.query<{ rolname: string }>(`SELECT rolname FROM pg_roles WHERE rolname LIKE $1`, [`st\\_%\\_${run}`]);
      for (const { rolname } of roles.rows) await client.query(`DROP ROLE IF EXISTS "${rolname}"`);
    } finally {
      await client.end();
    }
  }
  if (run && process.env[ENV.redis]) {
    const redis = new Redis(process.env[ENV.redis]!, { maxRetriesPerRequest: 1 });
    try {
      // Prefixes are `st-<run>-…`, or the same as a Redis Cluster hash tag `{st-<run>-…}`.
      for (const pattern of [`st-${run}-*`, `{st-${run}-*`]) {
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
          cursor = next;
          if (keys.length) await redis.del(...keys);
        } while (cursor !== '0');
      }
    } finally {
      redis.disconnect();
    }
  }
  await services?.stop();
}
