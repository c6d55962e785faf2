import { GraphQLError } from 'graphql';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { ActorSchema, type Actor } from '@salestrail/contract';
import { IDENTITY_HEADER, signInternalIdentity } from '@salestrail/platform';

interface JwtContext {
  jwt?: { payload?: Record<string, unknown> };
  request?: Request;
}

/** Maps verified JWT claims (`sub`, `name`, `role`, `team`) to an actor, or rejects the request. */
export function actorFromClaims(claims: Record<string, unknown> | undefined): Actor {
  const parsed = ActorSchema.safeParse({
    userId: claims?.sub,
    name: typeof claims?.name === 'string' ? claims.name : undefined,
    role: claims?.role,
    teamId: typeof claims?.team === 'string' ? claims.team : null,
  });
  if (!parsed.success) {
    throw new GraphQLError('The token lacks a valid sub or role claim', {
      extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
    });
  }
  return parsed.data;
}

/**
 * Signs every subgraph request with the caller's identity (see platform/identity.ts): subgraphs trust
 * only this header, so calling a subgraph port directly gets nothing.
 */
export function useIdentityForwarding(signingKey: string): GatewayPlugin {
  return {
    onFetch({ context, options, setOptions }) {
      const jwt = (context as JwtContext).jwt;
      if (!jwt?.payload) return;
      const actor = actorFromClaims(jwt.payload);
      const body = typeof options.body === 'string' ? options.body : '';
      return signInternalIdentity(actor, body, signingKey).then((token) => {
        const requestId = (context as JwtContext).request?.headers.get('x-request-id');
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
