import type { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import proxyaddr from 'proxy-addr';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Redis } from '@salestrail/platform/dist/redis';
import type { Actor } from '@salestrail/contract';
import type { AuthenticatedContext, Authenticator, TokenVerifier } from './auth';
import type { GatewayConfig } from './config';
import { rateLimitRefusals } from './observability';

export interface RateLimiter {
  /** Counts one request of `key`; resolves with the seconds to wait when over the limit, else null. */
  consume(key: string): Promise<number | null>;
  /** The seconds `key` must wait when it is already over the limit, else null; counts nothing. */
  blockedFor(key: string): Promise<number | null>;
}

export interface RateLimiters {
  /** Requests per verified user (`sub`). */
  users: RateLimiter;
  /** Requests that failed authentication, per client address. */
  addresses: RateLimiter;
}

const retryAfterOf = (msBeforeNext: number) => Math.max(1, Math.ceil(msBeforeNext / 1000));

/**
 * A request budget in Redis (rate-limiter-flexible's atomic counter), shared by every gateway replica.
 * While Redis is unreachable each replica falls back to the same budget in its own memory rather than
 * refusing everyone or letting everyone through.
 */
function redisLimiter(redis: Redis, keyPrefix: string, points: number, duration: number): RateLimiter {
  const limiter = new RateLimiterRedis({
    points,
    duration,
    storeClient: redis,
    keyPrefix,
    rejectIfRedisNotReady: true,
    insuranceLimiter: new RateLimiterMemory({ points, duration, keyPrefix }),
  });
  return {
    async consume(key) {
      try {
        await limiter.consume(key);
        return null;
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) return retryAfterOf(rejection.msBeforeNext);
        throw rejection;
      }
    },
    async blockedFor(key) {
      // Without Redis the memory fallback only counts; a read that fails lets the request be verified.
      const state = await limiter.get(key).catch(() => null);
      return state && state.consumedPoints > points ? retryAfterOf(state.msBeforeNext) : null;
    },
  };
}

export function createRateLimiters(redis: Redis, config: GatewayConfig): RateLimiters {
  const duration = config.GATEWAY_RATE_LIMIT_DURATION_S;
  return {
    users: redisLimiter(redis, `${config.QUEUE_PREFIX}:gateway-rate-limit`, config.GATEWAY_RATE_LIMIT_POINTS, duration),
    addresses: redisLimiter(
      redis,
      `${config.QUEUE_PREFIX}:gateway-unauthenticated`,
      config.GATEWAY_UNAUTHENTICATED_RATE_LIMIT_POINTS,
      duration,
    ),
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

/**
 * Something the request needs is not available now (a subgraph's full queue, the identity provider): the
 * contract's code for "wait `retryAfter` seconds and send it again", with HTTP 503 and a reason.
 */
export function unavailableError(reason: 'SERVICE_BUSY' | 'IDENTITY_PROVIDER_UNAVAILABLE', retryAfter: number, message: string): GraphQLError {
  return new GraphQLError(`${message}: retry after ${retryAfter} s`, {
    extensions: {
      code: 'RATE_LIMITED',
      reason,
      retryAfter,
      http: { status: 503, headers: { 'Retry-After': String(retryAfter) } },
    },
  });
}

/**
 * The client's address: the socket's peer, or, when that peer is a trusted proxy
 * (`GATEWAY_TRUSTED_PROXIES`), the address the proxies name in `X-Forwarded-For` (proxy-addr: the
 * nearest address not itself trusted). With no trusted proxy the header is ignored, since any client can
 * write it.
 */
export function clientAddressReader(trustedProxies: string[]): (serverContext: unknown) => string {
  const trust = proxyaddr.compile(trustedProxies);
  return (serverContext) => {
    const req = (serverContext as { req?: IncomingMessage } | undefined)?.req;
    if (!req?.socket) return 'unknown';
    return proxyaddr(req, trust);
  };
}

/**
 * Authentication with a per-address budget for failures: each request refused as unauthenticated costs
 * its client address a point, and an address over its budget is answered RATE_LIMITED (429) without its
 * token being verified (or the JWKS fetched for it) until the window passes.
 */
export function createAuthenticator(verify: TokenVerifier, addresses: RateLimiter, clientAddress: (serverContext: unknown) => string): Authenticator {
  return async (request, serverContext): Promise<Actor> => {
    const address = clientAddress(serverContext);
    const blocked = await addresses.blockedFor(address);
    if (blocked !== null) {
      rateLimitRefusals.inc({ limit: 'address' });
      throw rateLimitedError(blocked);
    }
    try {
      return await verify(request.headers.get('authorization'));
    } catch (error) {
      if ((error as GraphQLError).extensions?.code === 'UNAUTHENTICATED') {
        const retryAfter = await addresses.consume(address);
        if (retryAfter !== null) {
          rateLimitRefusals.inc({ limit: 'address' });
          throw rateLimitedError(retryAfter);
        }
      }
      throw error;
    }
  };
}

/** Charges each GraphQL request to its verified user (runs after authentication, before parsing). */
export function useRateLimit(limiter: RateLimiter): GatewayPlugin {
  return {
    onRequestParse({ serverContext }) {
      const actor = (serverContext as AuthenticatedContext).actor;
      if (!actor) return;
      return limiter.consume(actor.userId).then((retryAfter) => {
        if (retryAfter !== null) {
          rateLimitRefusals.inc({ limit: 'user' });
          throw rateLimitedError(retryAfter);
        }
      });
    },
  };
}
