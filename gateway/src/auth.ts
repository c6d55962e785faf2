import { createPublicKey, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import useJWT, {
  createRemoteJwksSigningKeyProvider,
  extractFromHeader,
  type GetSigningKeyFunction,
} from '@graphql-mesh/plugin-jwt-auth';
import { ActorSchema, type Actor } from '@salestrail/contract';
import type { GatewayConfig } from './config';

/** A key no token verifies against: an unknown `kid` becomes an invalid token (401), not a server error. */
const UNUSABLE_KEY = createSecretKey(randomBytes(48));

/**
 * jsonwebtoken turns a key given as a string into a KeyObject on every verification, trying it as a
 * public key first: for an HS256 secret that attempt throws inside OpenSSL before the secret is
 * taken, which cost about 1.5 ms per request (a PEM public key about 1 ms to parse). Keys are therefore
 * handed to it as KeyObjects, made once per secret and once per distinct JWKS key.
 */
const MAX_CACHED_PUBLIC_KEYS = 20;

function publicKeyCache(): (pem: string) => KeyObject {
  const keys = new Map<string, KeyObject>();
  return (pem) => {
    let key = keys.get(pem);
    if (!key) {
      key = createPublicKey(pem);
      if (keys.size >= MAX_CACHED_PUBLIC_KEYS) keys.delete(keys.keys().next().value!);
      keys.set(pem, key);
    }
    return key;
  };
}

function isKeyNotFound(error: unknown): boolean {
  return (error as { name?: string } | null)?.name === 'SigningKeyNotFoundError';
}

/**
 * One signing-key provider for both kinds of token. A token with a `kid` is an OIDC provider's: its key
 * comes from the JWKS (jwks-rsa caches each key and refetches the JWKS on an unknown `kid`, which is how
 * key rotation is honoured). A token without `kid` is a development HS256 token. jsonwebtoken refuses an
 * HS256 token checked against a public key and an RS/ES token checked against a secret, so handing out
 * the wrong kind of key never verifies a token. A JWKS that cannot be fetched is a server error.
 */
export function createSigningKeyProvider(config: GatewayConfig): (kid?: string) => Promise<KeyObject> {
  const jwks = config.AUTH_JWKS_URL
    ? createRemoteJwksSigningKeyProvider({
        jwksUri: config.AUTH_JWKS_URL,
        cache: true,
        cacheMaxAge: config.AUTH_JWKS_CACHE_MAX_AGE_S * 1000,
        cacheMaxEntries: 20,
        // Tokens with made-up kids must not turn the gateway into a JWKS request amplifier.
        rateLimit: true,
        jwksRequestsPerMinute: 30,
        timeout: 5_000,
      })
    : undefined;
  const secret = config.AUTH_JWT_SECRET ? createSecretKey(Buffer.from(config.AUTH_JWT_SECRET, 'utf8')) : undefined;
  const publicKey = publicKeyCache();
  return async (kid?: string) => {
    if (jwks && (kid || !secret)) {
      try {
        return publicKey(await jwks(kid));
      } catch (error) {
        if (!isKeyNotFound(error)) throw error;
      }
    }
    return secret ?? UNUSABLE_KEY;
  };
}

/**
 * The `email` claim when it is an address the identity provider does not say is unverified
 * (`email_verified: false`); anything else is left out rather than refusing the token.
 */
function emailClaim(claims: Record<string, unknown> | undefined): string | undefined {
  if (claims?.email_verified === false) return undefined;
  const parsed = ActorSchema.shape.email.safeParse(claims?.email);
  return parsed.success ? parsed.data : undefined;
}

/** Maps verified JWT claims (`sub`, `name`, `role`, `team`, `email`) to an actor, or rejects the request. */
export function actorFromClaims(claims: Record<string, unknown> | undefined): Actor {
  const email = emailClaim(claims);
  const parsed = ActorSchema.safeParse({
    userId: claims?.sub,
    name: typeof claims?.name === 'string' ? claims.name : undefined,
    role: claims?.role,
    teamId: claims?.team === undefined || claims.team === null ? null : claims.team,
    ...(email ? { email } : {}),
  });
  // A token without an expiry would be valid forever once leaked.
  if (!parsed.success || typeof claims?.exp !== 'number') {
    throw new GraphQLError('The token lacks a valid sub, role, team or exp claim', {
      extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
    });
  }
  return parsed.data;
}

export interface AuthenticatedContext {
  jwt?: { payload?: Record<string, unknown> };
  actor?: Actor;
}

/**
 * Bearer JWT verification (the maintained JWT plugin) followed by the claim check: every GraphQL request
 * carries a verified actor in its context before it is parsed, or is refused with UNAUTHENTICATED.
 */
export function useAuthentication(config: GatewayConfig): GatewayPlugin[] {
  const algorithms = [
    ...(config.AUTH_JWT_SECRET ? (['HS256'] as const) : []),
    ...(config.AUTH_JWKS_URL ? (['RS256', 'ES256'] as const) : []),
  ];
  return [
    useJWT({
      // jsonwebtoken takes KeyObjects as they are; the plugin's type only names strings.
      signingKeyProviders: [createSigningKeyProvider(config) as unknown as GetSigningKeyFunction],
      tokenLookupLocations: [extractFromHeader({ name: 'authorization', prefix: 'Bearer' })],
      tokenVerification: {
        algorithms: [...algorithms],
        audience: config.AUTH_AUDIENCE,
        ...(config.AUTH_ISSUER ? { issuer: config.AUTH_ISSUER } : {}),
      },
      reject: { missingToken: true, invalidToken: true },
      // Subgraphs get the identity in the signed header only, not as plain claims in the request body.
      forward: { payload: false, token: false },
      // Two copies of @graphql-hive/logger in the tree make the plugin's types differ only nominally.
    }) as unknown as GatewayPlugin,
    {
      onRequestParse({ serverContext }) {
        const context = serverContext as AuthenticatedContext;
        context.actor = actorFromClaims(context.jwt?.payload);
      },
    },
  ];
}
