import { Redis, type RedisOptions } from 'ioredis';

/**
 * A Redis connection suitable for BullMQ (which requires `maxRetriesPerRequest: null` for workers).
 * Reconnects forever with a capped back-off, so a Redis restart is survived.
 */
export function createRedis(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    retryStrategy: (times) => Math.min(times * 100, 2_000),
    ...options,
  });
}

export type { Redis };
