import { GraphQLError } from 'graphql';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import type { Actor } from '@salestrail/contract';
import { IDENTITY_HEADER, requestOf, type IdentitySigner } from '@salestrail/platform/dist/identity';
import type { Authenticator } from './auth';
import type { GatewayConfig } from './config';
import { rateLimitRefusals } from './observability';
import { rateLimitedError, type RateLimiter } from './rate-limit.plugin';

/** The queue console (Bull Board), served by workflow and reached only through here. */
export const QUEUE_CONSOLE_PATH = '/admin/queues';

const FORWARDED_REQUEST_HEADERS = ['content-type', 'accept', 'if-none-match', 'if-modified-since'];
const FORWARDED_RESPONSE_HEADERS = ['content-type', 'cache-control', 'etag', 'last-modified', 'location', 'retry-after'];

function json(fetchAPI: { Response: typeof Response }, status: number, code: string, message: string, headers: Record<string, string> = {}) {
  return new fetchAPI.Response(JSON.stringify({ errors: [{ message, extensions: { code } }] }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

/** An authentication refusal (401, 429, 503) as this route's answer. */
function refusal(fetchAPI: { Response: typeof Response }, error: unknown) {
  const extensions = error instanceof GraphQLError ? error.extensions : {};
  const http = extensions.http as { status?: number; headers?: Record<string, string> } | undefined;
  if (!http?.status || typeof extensions.code !== 'string') throw error;
  return json(fetchAPI, http.status, extensions.code, (error as Error).message, http.headers);
}

/**
 * `/admin/queues/…` on the gateway: the same authentication as GraphQL (a Bearer token; the per-address
 * budget for failures) and the per-user rate limit, then ADMINs only (401 without a valid token, 403 for
 * any other role), proxied to workflow's Bull Board with the caller's identity signed for that one
 * request. Workflow checks the identity and the role again and allows, of the changes, only retrying and
 * removing jobs.
 */
export function useQueueConsole(config: GatewayConfig, authenticate: Authenticator, signIdentity: IdentitySigner, rateLimiter?: RateLimiter): GatewayPlugin {
  const workflowOrigin = new URL(config.WORKFLOW_URL).origin;
  return {
    onRequest({ request, url, serverContext, endResponse, fetchAPI }) {
      if (url.pathname !== QUEUE_CONSOLE_PATH && !url.pathname.startsWith(`${QUEUE_CONSOLE_PATH}/`)) return;
      return (async () => {
        let actor: Actor;
        try {
          actor = await authenticate(request, serverContext);
        } catch (error) {
          endResponse(refusal(fetchAPI, error));
          return;
        }
        if (actor.role !== 'ADMIN') {
          endResponse(json(fetchAPI, 403, 'FORBIDDEN', 'The queue console is for ADMIN only'));
          return;
        }
        const retryAfter = rateLimiter ? await rateLimiter.consume(actor.userId) : null;
        if (retryAfter !== null) {
          rateLimitRefusals.inc({ limit: 'user' });
          endResponse(refusal(fetchAPI, rateLimitedError(retryAfter)));
          return;
        }
        const target = new URL(url.pathname + url.search, workflowOrigin);
        const method = request.method.toUpperCase();
        const body = method === 'GET' || method === 'HEAD' ? Buffer.alloc(0) : Buffer.from(await request.arrayBuffer());
        const headers: Record<string, string> = { [IDENTITY_HEADER]: signIdentity(actor, requestOf('workflow', method, target, body)) };
        for (const name of FORWARDED_REQUEST_HEADERS) {
          const value = request.headers.get(name);
          if (value) headers[name] = value;
        }
        const requestId = request.headers.get('x-request-id');
        if (requestId) headers['x-request-id'] = requestId;
        try {
          const upstream = await fetch(target, { method, headers, body: body.length > 0 ? body : undefined, redirect: 'manual' });
          const answer: Record<string, string> = {};
          for (const name of FORWARDED_RESPONSE_HEADERS) {
            const value = upstream.headers.get(name);
            if (value) answer[name] = value;
          }
          endResponse(new fetchAPI.Response(method === 'HEAD' ? null : await upstream.arrayBuffer(), { status: upstream.status, headers: answer }));
        } catch {
          endResponse(json(fetchAPI, 502, 'INTERNAL_SERVER_ERROR', 'The workflow service did not answer'));
        }
      })();
    },
  };
}
