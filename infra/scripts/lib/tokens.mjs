// Development tokens: HS256 JWTs signed with AUTH_JWT_SECRET, carrying the claims the gateway reads.
import { createSecretKey } from 'node:crypto';
import { SignJWT } from 'jose';

/**
 * The development people, one per role: the form's cast. `npm start` makes sure they and their team
 * (DEV_TEAM) are in the directory (infra/scripts/lib/dev-directory.mjs).
 */
export const DEV_USERS = [
  { role: 'SALES_REP', sub: 'rep-1', name: '李明', team: 'team-east' },
  { role: 'SALES_MANAGER', sub: 'manager-1', name: '陈经理', team: 'team-east' },
  { role: 'TEAM_ASSISTANT', sub: 'assistant-1', name: '王助理', team: 'team-east' },
  { role: 'MARKETING', sub: 'marketing-1', name: '刘芳', team: null },
  { role: 'AFTER_SALES', sub: 'aftersales-1', name: '赵强', team: null },
  { role: 'ADMIN', sub: 'admin-1', name: '孙伟', team: null },
];

/** The development team: its manager reviews, its assistant archives, Friday runs in Shanghai time. */
export const DEV_TEAM = { id: 'team-east', name: '华东销售组', managerId: 'manager-1', assistantId: 'assistant-1', timezone: 'Asia/Shanghai' };

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
