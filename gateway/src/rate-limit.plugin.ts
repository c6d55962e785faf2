import { GraphQLError } from 'graphql';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Redis } from '@salestrail/platform/dist/redis';
import type { AuthenticatedContext } from './auth';
import type { GatewayConfig } from './config';

export interface RateLimiter {
  /** Counts one request of `userId`; resolves with the seconds to wait when over the limit, else null. */
  consume(userId: string): Promise<number | null>;
}

/**
 * Per-user request budget in Redis (rate-limiter-flexible's atomic counter), shared by every gateway
 * replica. While Redis is unreachable each replica falls back to the same budget in its own memory
 * rather than refusing everyone or letting everyone through.
 */
export function createRateLimiter(redis: Redis, config: GatewayConfig): RateLimiter {
  const options = {
    points: config.GATEWAY_RATE_LIMIT_POINTS,
    duration: config.GATEWAY_RATE_LIMIT_DURATION_S,
  };
  const limiter = new RateLimiterRedis({
    ...options,
    storeClient: redis,
    keyPrefix: `${config.QUEUE_PREFIX}:gateway-rate-limit`,
    rejectIfRedisNotReady: true,
    insuranceLimiter: new RateLimiterMemory({ ...options, keyPrefix: 'gateway-rate-limit' }),
  });
  return {
    async consume(userId) {
      try {
        await limiter.consume(userId);
        return null;
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
        throw rejection;
      }
    },
  };
}

export function rateLimitedError(retryAfter: number): GraphQLError {
  return new GraphQLError(`Too many requests: retry after ${retryAfter} s`, {
    extensions: {
      code: 'RATE_LIMITED',
      retryAfter,
      http: { status: 429, headers: { 'Retry-After': String(retryAfter) } },
    },
  });
}

/** Charges each GraphQL request to its verified user (runs after authentication, before parsing). */
export function useRateLimit(limiter: RateLimiter): GatewayPlugin {
  return {
    onRequestParse({ serverContext }) {
      const actor = (serverContext as AuthenticatedContext).actor;
      if (!actor) return;
      return limiter.consume(actor.userId).then((retryAfter) => {
        if (retryAfter !== null) throw rateLimitedError(retryAfter);
      });
    },
  };
}
