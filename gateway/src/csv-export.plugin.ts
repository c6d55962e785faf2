import { GraphQLError } from 'graphql';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import type { Actor } from '@salestrail/contract';
import { IDENTITY_HEADER, requestOf, type IdentitySigner } from '@salestrail/platform/dist/identity';
import type { Authenticator } from './auth';
import type { GatewayConfig } from './config';
import { rateLimitRefusals } from './observability';
import { rateLimitedError, type RateLimiter } from './rate-limit.plugin';

/** The analytics reports served as CSV; the path is forwarded unchanged to the analytics service. */
export const CSV_EXPORTS = ['/export/conversion-funnel.csv', '/export/follow-up-efficiency.csv', '/export/pipeline.csv'];

function errorResponse(fetchAPI: { Response: typeof Response }, status: number, code: string, message: string, headers: Record<string, string> = {}) {
  return new fetchAPI.Response(JSON.stringify({ errors: [{ message, extensions: { code } }] }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

/** A typed refusal from authentication (401, 429 or 503, with its headers) as this route's JSON answer. */
function refusal(fetchAPI: { Response: typeof Response }, error: unknown) {
  const extensions = error instanceof GraphQLError ? error.extensions : {};
  const http = extensions.http as { status?: number; headers?: Record<string, string> } | undefined;
  const rest: Record<string, unknown> = { ...extensions };
  delete rest.http;
  if (!http?.status || typeof rest.code !== 'string') throw error;
  return new fetchAPI.Response(JSON.stringify({ errors: [{ message: (error as Error).message, extensions: rest }] }), {
    status: http.status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...http.headers },
  });
}

/**
 * GET /export/<report>.csv on the gateway: the same authentication as GraphQL (the one verifier, the
 * same per-address budget for failures) and the same per-user rate limit, then proxied to the analytics
 * service with the caller's identity signed for that one GET; analytics applies the same scope as for
 * the GraphQL reports.
 */
export function useCsvExport(
  config: GatewayConfig,
  authenticate: Authenticator,
  signIdentity: IdentitySigner,
  rateLimiter?: RateLimiter,
): GatewayPlugin {
  return {
    onRequest({ request, url, serverContext, endResponse, fetchAPI }) {
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
          actor = await authenticate(request, serverContext);
        } catch (error) {
          endResponse(refusal(fetchAPI, error));
          return;
        }
        const retryAfter = rateLimiter ? await rateLimiter.consume(actor.userId) : null;
        if (retryAfter !== null) {
          rateLimitRefusals.inc({ limit: 'user' });
          endResponse(refusal(fetchAPI, rateLimitedError(retryAfter)));
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
          for (const name of ['content-type', 'content-disposition', 'cache-control', 'retry-after']) {
            const value = upstream.headers.get(name);
            if (value) headers[name] = value;
          }
          // The bytes as analytics sent them (a text round trip would drop the byte-order mark Excel needs).
          endResponse(new fetchAPI.Response(await upstream.arrayBuffer(), { status: upstream.status, headers }));
        } catch {
          endResponse(errorResponse(fetchAPI, 502, 'INTERNAL_SERVER_ERROR', 'The analytics service did not answer'));
        }
      })();
    },
  };
}
