import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { IDENTITY_HEADER, signInternalIdentity } from '@salestrail/platform/dist/identity';
import { actorFromClaims, type AuthenticatedContext } from './auth';

interface ForwardingContext extends AuthenticatedContext {
  request?: Request;
}

/**
 * Signs every subgraph request with the caller's identity (see platform/identity.ts): the signature
 * covers the actor, the request body and a 60 s expiry, and subgraphs trust nothing else, so calling a
 * subgraph port directly gets nothing.
 */
export function useIdentityForwarding(signingKey: string): GatewayPlugin {
  return {
    onFetch({ context, options, setOptions }) {
      const ctx = context as ForwardingContext;
      if (!ctx.actor && !ctx.jwt?.payload) return;
      const actor = ctx.actor ?? actorFromClaims(ctx.jwt?.payload);
      const body = typeof options.body === 'string' ? options.body : '';
      return signInternalIdentity(actor, body, signingKey).then((token) => {
        const requestId = ctx.request?.headers.get('x-request-id');
        setOptions({
          ...options,
          headers: {
            ...(options.headers as Record<string, string>),
            [IDENTITY_HEADER]: token,
            ...(requestId ? { 'x-request-id': requestId } : {}),
          },
        });
      });
    },
  };
}
