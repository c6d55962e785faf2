#!/usr/bin/env node
// npm run token -- --role SALES_REP --user u1 --team t1 [--name 李销售] [--expires 1h]
// Prints a development token: HS256 signed with AUTH_JWT_SECRET, audience AUTH_AUDIENCE, issuer
// AUTH_ISSUER when set (from the environment, else .env, else .env.example).
import { parseArgs } from 'node:util';
import { loadEnv } from './lib/env.mjs';
import { signDevToken } from './lib/tokens.mjs';

const ROLES = ['SALES_REP', 'SALES_MANAGER', 'TEAM_ASSISTANT', 'MARKETING', 'AFTER_SALES', 'ADMIN'];
const USAGE = `usage: npm run token -- --role <${ROLES.join('|')}> --user <id> [--team <id>] [--name <name>] [--expires 30d]`;

let values;
try {
  ({ values } = parseArgs({
    options: {
      role: { type: 'string' },
      user: { type: 'string' },
      team: { type: 'string' },
      name: { type: 'string' },
      expires: { type: 'string', default: '30d' },
    },
  }));
} catch (error) {
  console.error(`${error.message}\n${USAGE}`);
  process.exit(2);
}
if (!values.role || !ROLES.includes(values.role) || !values.user) {
  console.error(USAGE);
  process.exit(2);
}
loadEnv();
try {
  const token = await signDevToken(
    { sub: values.user, name: values.name, role: values.role, team: values.team },
    {
      secret: process.env.AUTH_JWT_SECRET,
      audience: process.env.AUTH_AUDIENCE || 'salestrail',
      issuer: process.env.AUTH_ISSUER || undefined,
      expiresIn: values.expires,
    },
  );
  console.log(token);
} catch (error) {
  console.error(`token: ${error.message}`);
  process.exit(1);
}
