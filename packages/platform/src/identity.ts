import { createHash, createSecretKey } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { ActorSchema, type Actor } from '@salestrail/contract';
import { UnauthenticatedError } from './errors';

/** Header in which the gateway forwards the verified caller to subgraphs. */
export const IDENTITY_HEADER = 'x-salestrail-identity';
const AUDIENCE = 'salestrail-subgraphs';
const ISSUER = 'salestrail-gateway';

export function hashBody(body: string | Buffer): string {
  return createHash('sha256').update(body).digest('base64url');
}

/**
 * Signs the caller's identity for one subgraph request: HS256 over the actor, the SHA-256 of the request
 * body and a short expiry, keyed by INTERNAL_SIGNING_KEY. A captured header is useless for any other
 * request body and expires within `ttlSeconds`.
 */
export async function signInternalIdentity(
  actor: Actor,
  body: string | Buffer,
  key: string,
  ttlSeconds = 60,
): Promise<string> {
  return new SignJWT({ name: actor.name, role: actor.role, team: actor.teamId, email: actor.email, bh: hashBody(body) })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(actor.userId)
    .setAudience(AUDIENCE)
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(createSecretKey(Buffer.from(key, 'utf8')));
}

/** Verifies a forwarded identity against the raw request body. Throws UnauthenticatedError. */
export async function verifyInternalIdentity(
  header: string | undefined,
  body: Buffer | string,
  key: string,
): Promise<Actor> {
  if (!header) throw new UnauthenticatedError('Requests must come through the gateway');
  try {
    const { payload } = await jwtVerify(header, createSecretKey(Buffer.from(key, 'utf8')), {
      algorithms: ['HS256'],
      audience: AUDIENCE,
      issuer: ISSUER,
      clockTolerance: 5,
    });
    if (payload.bh !== hashBody(body)) throw new UnauthenticatedError('Identity does not cover this request');
    return ActorSchema.parse({
      userId: payload.sub,
      name: payload.name ?? undefined,
      role: payload.role,
      teamId: payload.team ?? null,
      email: payload.email ?? undefined,
    });
  } catch (error) {
    if (error instanceof UnauthenticatedError) throw error;
    if (error instanceof joseErrors.JOSEError) throw new UnauthenticatedError('Invalid gateway identity');
    throw new UnauthenticatedError('Invalid gateway identity');
  }
}
