import { createPublicKey, createSecretKey, type KeyObject } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import { JwksClient, JwksRateLimitError, SigningKeyNotFoundError } from 'jwks-rsa';
import { ActorSchema, type Actor } from '@salestrail/contract';
import type { GatewayConfig } from './config';
import { unavailableError } from './rate-limit.plugin';

/** The Retry-After of a 503 for a JWKS that cannot be fetched. */
export const JWKS_RETRY_AFTER_S = 5;
/** JWKS fetches allowed per minute: tokens with made-up `kid`s must not turn the gateway into an amplifier. */
const JWKS_REQUESTS_PER_MINUTE = 30;
const JWKS_TIMEOUT_MS = 5_000;

/**
 * Keys are KeyObjects made once: the HS256 secret at start, each distinct JWKS key (a PEM, about 1 ms to
 * parse) the first time it is seen. (Given as strings, the previous JWT library re-parsed them on every
 * request, ≈ 1.5 ms for the secret.)
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

/** A request without a valid user token: 401 with `WWW-Authenticate: Bearer`. */
export function unauthenticatedError(message = 'Authentication required: a valid Bearer token is missing'): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } } },
  });
}

export interface SigningKey {
  key: KeyObject;
  algorithms: string[];
}

/**
 * One signing-key provider for both kinds of token. A token with a `kid` is an OIDC provider's: its key
 * comes from the JWKS (jwks-rsa caches each key and refetches the JWKS on an unknown `kid`, which is how
 * key rotation is honoured). A token without `kid` is a development HS256 token. Each key comes with the
 * algorithms it may verify, so an HS256 token is never checked against a public key (the classic
 * algorithm confusion) nor an RS/ES token against the secret.
 *
 * An unknown `kid`, and one that would need a fetch past the JWKS rate limit, has no key (the token is
 * refused, 401). A JWKS that cannot be fetched (unreachable, too slow, an HTTP error, not JSON, no keys)
 * is 503 with Retry-After: the token may be good, the gateway cannot tell; so is the rate limit's refusal
 * while the last fetch failed.
 */
export function createSigningKeyProvider(config: GatewayConfig): (kid: string | undefined) => Promise<SigningKey | null> {
  let lastFetchFailed = false;
  const fetchJwks = async (uri: string): Promise<{ keys: unknown }> => {
    try {
      const res = await fetch(uri, { signal: AbortSignal.timeout(JWKS_TIMEOUT_MS) });
      if (!res.ok) throw new Error(`JWKS answered HTTP ${res.status}`);
      const body = (await res.json()) as { keys: unknown };
      lastFetchFailed = false;
      return body;
    } catch (error) {
      lastFetchFailed = true;
      throw error;
    }
  };
  const jwks = config.AUTH_JWKS_URL
    ? new JwksClient({
        jwksUri: config.AUTH_JWKS_URL,
        cache: true,
        cacheMaxAge: config.AUTH_JWKS_CACHE_MAX_AGE_S * 1000,
        cacheMaxEntries: 20,
        rateLimit: true,
        jwksRequestsPerMinute: JWKS_REQUESTS_PER_MINUTE,
        fetcher: fetchJwks,
      })
    : undefined;
  const secret = config.AUTH_JWT_SECRET
    ? { key: createSecretKey(Buffer.from(config.AUTH_JWT_SECRET, 'utf8')), algorithms: ['HS256'] }
    : null;
  const publicKey = publicKeyCache();
  return async (kid) => {
    if (jwks && (kid || !secret)) {
      try {
        const key = await jwks.getSigningKey(kid);
        return { key: publicKey(key.getPublicKey()), algorithms: ['RS256', 'ES256'] };
      } catch (error) {
        const providerDown = error instanceof JwksRateLimitError ? lastFetchFailed : !(error instanceof SigningKeyNotFoundError);
        if (providerDown) {
          throw unavailableError('IDENTITY_PROVIDER_UNAVAILABLE', JWKS_RETRY_AFTER_S, 'The identity provider cannot be reached');
        }
      }
    }
    return secret;
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
    throw unauthenticatedError('The token lacks a valid sub, role, team or exp claim');
  }
  return parsed.data;
}

/** Verifies an `Authorization` header's Bearer token: the caller's actor, or a typed error (401, or 503). */
export type TokenVerifier = (authorization: string | null | undefined) => Promise<Actor>;

/**
 * The gateway's one token verifier, for GraphQL and the CSV exports alike: jose checks the signature with
 * the key and algorithms above, the audience, the issuer when set, the expiry (required) and the time
 * claims; then the claims must make an actor.
 */
export function createTokenVerifier(config: GatewayConfig): TokenVerifier {
  const keyFor = createSigningKeyProvider(config);
  const options = {
    audience: config.AUTH_AUDIENCE,
    ...(config.AUTH_ISSUER ? { issuer: config.AUTH_ISSUER } : {}),
    requiredClaims: ['exp'],
  };
  return async (authorization) => {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
    if (!token) throw unauthenticatedError();
    let kid: unknown;
    try {
      kid = decodeProtectedHeader(token).kid;
    } catch {
      throw unauthenticatedError();
    }
    const signing = await keyFor(typeof kid === 'string' ? kid : undefined);
    if (!signing) throw unauthenticatedError();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, signing.key, { ...options, algorithms: signing.algorithms }));
    } catch {
      throw unauthenticatedError();
    }
    return actorFromClaims(payload);
  };
}

export interface AuthenticatedContext {
  jwt?: { payload?: Record<string, unknown> };
  actor?: Actor;
}

/** Who the caller is, from the request's Authorization header and the socket it came on. */
export type Authenticator = (request: Request, serverContext: unknown) => Promise<Actor>;

/** Every GraphQL request carries a verified actor in its context before it is parsed, or is refused. */
export function useAuthentication(authenticate: Authenticator): GatewayPlugin {
  return {
    onRequestParse({ request, serverContext }) {
      return authenticate(request, serverContext).then((actor) => {
        (serverContext as AuthenticatedContext).actor = actor;
      });
    },
  };
}
