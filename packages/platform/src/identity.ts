import { createHash, createHmac, createSecretKey, randomUUID, sign, type KeyObject } from 'node:crypto';
import { jwtVerify, type JWTPayload } from 'jose';
import { ActorSchema, type Actor } from '@salestrail/contract';
import { UnauthenticatedError } from './errors';
import { parseIdentityPrivateKey, parseIdentityPublicKey } from './keys';
import type { Redis } from './redis';

/** Header in which the gateway forwards the verified caller to a subgraph. */
export const IDENTITY_HEADER = 'x-salestrail-identity';
/** Header in which one service proves to another that it may use an internal route. */
export const SERVICE_CREDENTIAL_HEADER = 'x-salestrail-service';

const GATEWAY_ISSUER = 'salestrail-gateway';
const SERVICE_ISSUER = 'salestrail-service';
const IDENTITY_TYPE = 'salestrail-identity+jwt';
const SERVICE_TYPE = 'salestrail-service+jwt';
/** How long a signature is good for: it is made right before its one request is sent. */
export const IDENTITY_TTL_SECONDS = 30;
const CLOCK_TOLERANCE_SECONDS = 5;

/** What a service credential allows; each internal route accepts exactly one. */
export type ServiceScope = 'events:read';

/** The one request a signature is for. */
export interface BoundRequest {
  /** The service it is sent to (`records`, `workflow`, `analytics`): the token's audience. */
  service: string;
  method: string;
  /** The path as sent, without the query string. */
  path: string;
  /** The query string as sent, without `?` ('' when none). */
  query: string;
  body: string | Buffer;
}

export function hashBody(body: string | Buffer): string {
  return createHash('sha256').update(body).digest('base64url');
}

/** The request as a URL (whatever a fetch of it will send), for signing. */
export function requestOf(service: string, method: string, url: URL | string, body: string | Buffer = ''): BoundRequest {
  const parsed = typeof url === 'string' ? new URL(url) : url;
  return { service, method, path: parsed.pathname, query: parsed.search.slice(1), body };
}

/** The claims that tie a token to one request: method, path, query string and body (by hash), and a unique id. */
function bindingClaims(request: BoundRequest) {
  return {
    aud: request.service,
    htm: request.method.toUpperCase(),
    htp: request.path,
    hq: hashBody(request.query),
    bh: hashBody(request.body),
    // randomUUID draws from a cached pool of entropy: ≈ 0.3 µs against ≈ 10 µs for randomBytes(16).
    jti: randomUUID(),
  };
}

function compactJws(header: object, payload: object, signature: (input: Buffer) => Buffer): string {
  const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return `${input}.${signature(Buffer.from(input)).toString('base64url')}`;
}

function lifetime(ttlSeconds: number): { iat: number; exp: number } {
  const iat = Math.floor(Date.now() / 1000);
  return { iat, exp: iat + ttlSeconds };
}

export type IdentitySigner = (actor: Actor, request: BoundRequest) => string;

/**
 * The gateway's signer: an EdDSA (Ed25519) JWT over the actor, bound to one request to one service, with
 * a unique id and a short expiry. Synchronous (one Ed25519 signature, the key parsed once), as the gateway
 * signs every subgraph request; subgraphs check it with the public key (`createRequestVerifier`).
 */
export function createIdentitySigner(privateKey: string | KeyObject, ttlSeconds = IDENTITY_TTL_SECONDS): IdentitySigner {
  const key = typeof privateKey === 'string' ? parseIdentityPrivateKey(privateKey) : privateKey;
  return (actor, request) =>
    compactJws(
      { alg: 'EdDSA', typ: IDENTITY_TYPE },
      {
        iss: GATEWAY_ISSUER,
        sub: actor.userId,
        name: actor.name,
        role: actor.role,
        team: actor.teamId,
        email: actor.email,
        ...bindingClaims(request),
        ...lifetime(ttlSeconds),
      },
      (input) => sign(null, input, key),
    );
}

export type ServiceCredentialSigner = (request: BoundRequest) => string;

/**
 * A service's credential for another service's internal route (HS256 with SERVICE_EVENTS_KEY): no user,
 * one scope, bound to one request like the gateway's identity. The GraphQL endpoints never accept it.
 */
export function createServiceCredentialSigner(secret: string, scope: ServiceScope, ttlSeconds = IDENTITY_TTL_SECONDS): ServiceCredentialSigner {
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  return (request) =>
    compactJws(
      { alg: 'HS256', typ: SERVICE_TYPE },
      { iss: SERVICE_ISSUER, sub: 'salestrail-service', scope, ...bindingClaims(request), ...lifetime(ttlSeconds) },
      (input) => createHmac('sha256', key).update(input).digest(),
    );
}

/** Remembers the ids of accepted tokens until they expire, so that each is accepted once. */
export interface ReplayGuard {
  /** True the first time `id` is seen; false afterwards. Throws when it cannot tell. */
  firstUse(id: string, ttlMs: number): Promise<boolean>;
}

/** Seconds a request refused because its identity could not be checked is told to wait (`Retry-After`). */
export const IDENTITY_CHECK_RETRY_AFTER_S = 1;

/**
 * A token could not be checked (the replay cache did not answer in time): refused before anything else
 * was done, so the same request is safe to send again. Answered 503 `RATE_LIMITED` / `SERVICE_BUSY` with
 * `Retry-After` (`identityCheckRefusal`), as a full request queue is: a passing condition, not a fault
 * of the request.
 */
export class IdentityCheckUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`The identity cannot be checked now: retry after ${IDENTITY_CHECK_RETRY_AFTER_S} s`, { cause });
    this.name = 'IdentityCheckUnavailableError';
  }
}

/** The answer to a request whose identity could not be checked: status, headers and the typed body. */
export function identityCheckRefusal(error: IdentityCheckUnavailableError): { status: 503; headers: Record<string, string>; body: object } {
  return {
    status: 503,
    headers: { 'Retry-After': String(IDENTITY_CHECK_RETRY_AFTER_S) },
    body: {
      errors: [{ message: error.message, extensions: { code: 'RATE_LIMITED', reason: 'SERVICE_BUSY', retryAfter: IDENTITY_CHECK_RETRY_AFTER_S } }],
    },
  };
}

/** How long the replay cache may take to answer before a request is refused (fail closed). */
export const REPLAY_CHECK_TIMEOUT_MS = 2_000;

/** The replay check gave no answer within its time. */
class ReplayCheckTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`the replay cache gave no answer within ${timeoutMs} ms`);
    this.name = 'ReplayCheckTimeoutError';
  }
}

/**
 * `answer`, or a ReplayCheckTimeoutError once `timeoutMs` have passed and the process has read what its
 * sockets hold. A plain timer (ioredis's `commandTimeout`) measures the process's own delay too: when
 * its event loop is seconds behind (a copy taking over its dead sibling's requests on a busy machine),
 * an expired timer runs before the socket holding Redis's reply is read, and a check Redis answered in a
 * millisecond counts as unanswered. Here the expiry waits for the next check phase (`setImmediate`),
 * which comes after the poll phase has read every reply already received.
 */
export function withinTime<T>(answer: Promise<T>, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => setImmediate(() => settled || reject(new ReplayCheckTimeoutError(timeoutMs))), timeoutMs);
    answer.then(
      (value) => {
        settled = true;
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        settled = true;
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/**
 * The replay cache in Redis: one `SET <prefix>:identity-used:<jti> 1 NX PX <ttl>` per request, given
 * `timeoutMs` to answer (see `withinTime`). Its connection should fail fast (no offline queue).
 */
export function redisReplayGuard(redis: Redis, prefix: string, timeoutMs = REPLAY_CHECK_TIMEOUT_MS): ReplayGuard {
  return {
    async firstUse(id, ttlMs) {
      try {
        return (await withinTime(redis.set(`${prefix}:identity-used:${id}`, '1', 'PX', ttlMs, 'NX'), timeoutMs)) === 'OK';
      } catch (error) {
        throw new IdentityCheckUnavailableError(error);
      }
    },
  };
}

export interface RequestVerifierOptions {
  /** This service's name: the audience a token must name. */
  service: string;
  /** GATEWAY_IDENTITY_PUBLIC_KEY. */
  gatewayPublicKey: string | KeyObject;
  /** SERVICE_EVENTS_KEY. */
  serviceKey: string;
  replay: ReplayGuard;
}

export interface RequestVerifier {
  /** The caller the gateway vouches for on this very request. Throws UnauthenticatedError. */
  caller(header: string | undefined, request: Omit<BoundRequest, 'service'>): Promise<Actor>;
  /** Checks that another service holds a credential for `scope` on this very request. Throws UnauthenticatedError. */
  service(header: string | undefined, request: Omit<BoundRequest, 'service'>, scope: ServiceScope): Promise<void>;
}

/**
 * A subgraph's check of what it is sent: the signature (the gateway's public key, or the events key for a
 * service credential), issuer, type, audience (this service), the request it is bound to, a lifetime of
 * at most IDENTITY_TTL_SECONDS, and that its id was never accepted before (the replay cache). A token that
 * fails any of these is UNAUTHENTICATED; only a valid one takes a place in the replay cache.
 */
export function createRequestVerifier(options: RequestVerifierOptions): RequestVerifier {
  const publicKey = typeof options.gatewayPublicKey === 'string' ? parseIdentityPublicKey(options.gatewayPublicKey) : options.gatewayPublicKey;
  const serviceKey = createSecretKey(Buffer.from(options.serviceKey, 'utf8'));
  const common = {
    audience: options.service,
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
    maxTokenAge: `${IDENTITY_TTL_SECONDS}s`,
    requiredClaims: ['exp', 'iat', 'jti', 'htm', 'htp', 'hq', 'bh'],
  };

  const check = async (
    header: string | undefined,
    request: Omit<BoundRequest, 'service'>,
    verify: (token: string) => Promise<JWTPayload>,
  ): Promise<JWTPayload> => {
    if (!header) throw new UnauthenticatedError('Requests must come through the gateway');
    let payload: JWTPayload;
    try {
      payload = await verify(header);
    } catch {
      throw new UnauthenticatedError('Invalid identity');
    }
    // A token that lives longer than a signer makes them would outlast what the replay cache is sized for.
    if (payload.exp! - payload.iat! > IDENTITY_TTL_SECONDS) throw new UnauthenticatedError('Invalid identity');
    if (
      payload.htm !== request.method.toUpperCase() ||
      payload.htp !== request.path ||
      payload.hq !== hashBody(request.query) ||
      payload.bh !== hashBody(request.body)
    ) {
      throw new UnauthenticatedError('Identity does not cover this request');
    }
    const id = payload.jti;
    if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{16,64}$/.test(id)) throw new UnauthenticatedError('Invalid identity');
    const ttlMs = (payload.exp! + CLOCK_TOLERANCE_SECONDS) * 1000 - Date.now();
    if (ttlMs <= 0 || !(await options.replay.firstUse(id, Math.ceil(ttlMs)))) {
      throw new UnauthenticatedError('Identity already used');
    }
    return payload;
  };

  return {
    async caller(header, request) {
      const payload = await check(header, request, async (token) =>
        (await jwtVerify(token, publicKey, { ...common, algorithms: ['EdDSA'], issuer: GATEWAY_ISSUER, typ: IDENTITY_TYPE })).payload,
      );
      const actor = ActorSchema.safeParse({
        userId: payload.sub,
        name: payload.name ?? undefined,
        role: payload.role,
        teamId: payload.team ?? null,
        email: payload.email ?? undefined,
      });
      if (!actor.success) throw new UnauthenticatedError('Invalid identity');
      return actor.data;
    },
    async service(header, request, scope) {
      await check(header, request, async (token) => {
        const { payload } = await jwtVerify(token, serviceKey, { ...common, algorithms: ['HS256'], issuer: SERVICE_ISSUER, typ: SERVICE_TYPE });
        if (payload.scope !== scope) throw new Error('another scope');
        return payload;
      });
    },
  };
}
