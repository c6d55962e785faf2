import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { IDENTITY_HEADER, requestOf, type IdentitySigner } from '@salestrail/platform/dist/identity';
import { actorFromClaims, type AuthenticatedContext } from './auth';
import type { GatewayConfig } from './config';

interface ForwardingContext extends AuthenticatedContext {
  request?: Request;
}

/** The subgraphs by the URL the gateway calls them at (origin and path), each with its name: the audience. */
export function subgraphNames(config: Pick<GatewayConfig, 'RECORDS_URL' | 'WORKFLOW_URL' | 'ANALYTICS_URL'>): Map<string, string> {
  const key = (url: string) => {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  };
  return new Map([
    [key(config.RECORDS_URL), 'records'],
    [key(config.WORKFLOW_URL), 'workflow'],
    [key(config.ANALYTICS_URL), 'analytics'],
  ]);
}

/**
 * Signs every subgraph request with the caller's identity (see platform/identity.ts): an Ed25519 signature
 * over the actor, bound to this one request (method, path, query string, body, the subgraph it goes to)
 * with a unique id and a 30 s expiry. Subgraphs trust nothing else and accept each identity once, so
 * calling a subgraph port directly, or replaying what the gateway sent, gets nothing. A URL that is not
 * one of the configured subgraphs gets no identity.
 */
export function useIdentityForwarding(sign: IdentitySigner, subgraphs: Map<string, string>): GatewayPlugin {
  return {
    onFetch({ context, url, options, setOptions }) {
      const ctx = context as ForwardingContext;
      if (!ctx.actor && !ctx.jwt?.payload) return;
      const target = new URL(url);
      const service = subgraphs.get(`${target.origin}${target.pathname}`);
      if (!service) return;
      const actor = ctx.actor ?? actorFromClaims(ctx.jwt?.payload);
      const body = typeof options.body === 'string' ? options.body : '';
      const requestId = ctx.request?.headers.get('x-request-id');
      setOptions({
        ...options,
        headers: {
          ...(options.headers as Record<string, string>),
          [IDENTITY_HEADER]: sign(actor, requestOf(service, options.method ?? 'GET', target, body)),
          ...(requestId ? { 'x-request-id': requestId } : {}),
        },
      });
    },
  };
}
