// Development tokens: HS256 JWTs signed with AUTH_JWT_SECRET, carrying the claims the gateway reads.
import { createSecretKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SignJWT } from 'jose';

/**
 * The development people, one per role: the form's cast, and their team (DEV_TEAM: its manager reviews,
 * its assistant archives, Friday runs in Shanghai time). One list, packages/dev-idp/people.json: the
 * development identity provider signs them in, `npm start` makes sure they and their team are in the
 * directory (infra/scripts/lib/dev-directory.mjs) and prints a token for each.
 */
export const { people: DEV_USERS, team: DEV_TEAM } = JSON.parse(readFileSync(new URL('../../../packages/dev-idp/people.json', import.meta.url), 'utf8'));

export async function signDevToken({ sub, name, role, team, email }, { secret, audience = 'salestrail', expiresIn = '30d', issuer }) {
  if (!secret) throw new Error('AUTH_JWT_SECRET is not set');
  const claims = { role, ...(name ? { name } : {}), ...(team ? { team } : {}), ...(email ? { email } : {}) };
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(expiresIn);
  // The gateway checks `iss` only when AUTH_ISSUER is set.
  if (issuer) jwt.setIssuer(issuer);
  return jwt.sign(createSecretKey(Buffer.from(secret, 'utf8')));
}
