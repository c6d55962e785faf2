import { createSecretKey } from 'node:crypto';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import type { Actor } from '@salestrail/contract';
import { IDENTITY_HEADER, requestOf, type IdentitySigner } from '@salestrail/platform/dist/identity';
import { actorFromClaims } from './auth';
import type { GatewayConfig } from './config';
import type { RateLimiter } from './rate-limit.plugin';

/** The analytics reports served as CSV; the path is forwarded unchanged to the analytics service. */
export const CSV_EXPORTS = ['/export/conversion-funnel.csv', '/export/follow-up-efficiency.csv', '/export/pipeline.csv'];

function errorResponse(fetchAPI: { Response: typeof Response }, status: number, code: string, message: string, headers: Record<string, string> = {}) {
  return new fetchAPI.Response(JSON.stringify({ errors: [{ message, extensions: { code } }] }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

/**
 * Verifies a Bearer token with the settings of the GraphQL endpoint's JWT plugin (which only runs for
 * GraphQL requests): HS256 with AUTH_JWT_SECRET for tokens without `kid`, RS256/ES256 from AUTH_JWKS_URL
 * otherwise, the same audience and issuer, and the same claim check.
 */
export function createTokenVerifier(config: GatewayConfig): (authorization: string | null) => Promise<Actor> {
  const secret = config.AUTH_JWT_SECRET ? createSecretKey(Buffer.from(config.AUTH_JWT_SECRET, 'utf8')) : undefined;
  const jwks = config.AUTH_JWKS_URL
    ? createRemoteJWKSet(new URL(config.AUTH_JWKS_URL), { cacheMaxAge: config.AUTH_JWKS_CACHE_MAX_AGE_S * 1000 })
    : undefined;
  const options = { audience: config.AUTH_AUDIENCE, ...(config.AUTH_ISSUER ? { issuer: config.AUTH_ISSUER } : {}) };
  return async (authorization) => {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) throw new Error('missing token');
    const token = match[1]!;
    const header = decodeProtectedHeader(token);
    let payload: JWTPayload;
    if (header.kid && jwks) {
      ({ payload } = await jwtVerify(token, jwks, { ...options, algorithms: ['RS256', 'ES256'] }));
    } else if (!header.kid && secret) {
      ({ payload } = await jwtVerify(token, secret, { ...options, algorithms: ['HS256'] }));
    } else if (jwks) {
      ({ payload } = await jwtVerify(token, jwks, { ...options, algorithms: ['RS256', 'ES256'] }));
    } else {
      throw new Error('no key for this token');
    }
    return actorFromClaims(payload as Record<string, unknown>);
  };
}

/**
 * GET /export/<report>.csv on the gateway: the same Bearer JWT as GraphQL (and the same per-user rate
 * limit), then proxied to the analytics service with the caller's identity signed for that one GET;
 * analytics applies the same scope as for the GraphQL reports.
 */
export function useCsvExport(config: GatewayConfig, signIdentity: IdentitySigner, rateLimiter?: RateLimiter): GatewayPlugin {
  const verify = createTokenVerifier(config);
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (!url.pathname.startsWith('/export/')) return;
      if (!CSV_EXPORTS.includes(url.pathname)) {
        endResponse(errorResponse(fetchAPI, 404, 'NOT_FOUND', 'No such export'));
        return;
      }
      if (request.method !== 'GET') {
        endResponse(errorResponse(fetchAPI, 405, 'BAD_USER_INPUT', 'Exports are read with GET', { allow: 'GET' }));
        return;
      }
      return (async () => {
        let actor: Actor;
        try {
          actor = await verify(request.headers.get('authorization'));
        } catch {
          endResponse(errorResponse(fetchAPI, 401, 'UNAUTHENTICATED', 'A valid Bearer token is required'));
          return;
        }
        const retryAfter = rateLimiter ? await rateLimiter.consume(actor.userId) : null;
        if (retryAfter !== null) {
          endResponse(errorResponse(fetchAPI, 429, 'RATE_LIMITED', `Too many requests: retry after ${retryAfter} s`, { 'retry-after': String(retryAfter) }));
          return;
        }
        const target = new URL(url.pathname + url.search, config.ANALYTICS_URL);
        const requestId = request.headers.get('x-request-id');
        try {
          const upstream = await fetch(target, {
            headers: {
              [IDENTITY_HEADER]: signIdentity(actor, requestOf('analytics', 'GET', target)),
              ...(requestId ? { 'x-request-id': requestId } : {}),
            },
          });
          const headers: Record<string, string> = {};
          for (const name of ['content-type', 'content-disposition', 'cache-control']) {
            const value = upstream.headers.get(name);
            if (value) headers[name] = value;
          }
          endResponse(new fetchAPI.Response(await upstream.text(), { status: upstream.status, headers }));
        } catch {
          endResponse(errorResponse(fetchAPI, 502, 'INTERNAL_SERVER_ERROR', 'The analytics service did not answer'));
        }
      })();
    },
  };
}
