#!/usr/bin/env node
// npm run token -- --role SALES_REP --user u1 --team t1 [--name 李销售] [--expires 1h]
import { parseArgs } from 'node:util';
import { loadEnv } from './lib/env.mjs';
import { signDevToken } from './lib/tokens.mjs';

const ROLES = ['SALES_REP', 'SALES_MANAGER', 'TEAM_ASSISTANT', 'MARKETING', 'AFTER_SALES', 'ADMIN'];
const { values } = parseArgs({
  options: {
    role: { type: 'string' },
    user: { type: 'string' },
    team: { type: 'string' },
    name: { type: 'string' },
    expires: { type: 'string', default: '30d' },
  },
});
if (!values.role || !ROLES.includes(values.role) || !values.user) {
  console.error(`usage: npm run token -- --role <${ROLES.join('|')}> --user <id> [--team <id>] [--name <name>] [--expires 30d]`);
  process.exit(2);
}
loadEnv();
const token = await signDevToken(
  { sub: values.user, name: values.name, role: values.role, team: values.team },
  { secret: process.env.AUTH_JWT_SECRET, audience: process.env.AUTH_AUDIENCE || 'salestrail', expiresIn: values.expires },
);
console.log(token);
