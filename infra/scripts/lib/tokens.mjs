// Development tokens: HS256 JWTs signed with AUTH_JWT_SECRET, carrying the claims the gateway reads.
import { createSecretKey } from 'node:crypto';
import { SignJWT } from 'jose';

/** One ready-made development user per role (the team ids match the seeded development team). */
export const DEV_USERS = [
  { role: 'SALES_REP', sub: 'rep-1', name: '李销售', team: 'team-east' },
  { role: 'SALES_MANAGER', sub: 'manager-1', name: '张经理', team: 'team-east' },
  { role: 'TEAM_ASSISTANT', sub: 'assistant-1', name: '王助理', team: 'team-east' },
  { role: 'MARKETING', sub: 'marketing-1', name: '市场部', team: null },
  { role: 'AFTER_SALES', sub: 'aftersales-1', name: '售后部', team: null },
  { role: 'ADMIN', sub: 'admin-1', name: 'Admin', team: null },
];

export async function signDevToken({ sub, name, role, team }, { secret, audience = 'salestrail', expiresIn = '30d', issuer }) {
  if (!secret) throw new Error('AUTH_JWT_SECRET is not set');
  const claims = { role, ...(name ? { name } : {}), ...(team ? { team } : {}) };
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
