// The development team and people in the directory, so owner pickers and names work on a fresh clone.
import { DEV_TEAM, DEV_USERS, signDevToken } from './tokens.mjs';

async function graphql(url, token, query, variables) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  if (body.errors?.length) throw new Error(`${query.trim().split(/\s+/).slice(0, 3).join(' ')}: ${body.errors[0].message}`);
  return body.data;
}

/**
 * Makes sure DEV_TEAM and DEV_USERS exist, through the gateway as the development ADMIN: what exists is
 * left as it is (an ADMIN may have changed it since), what is missing is added. Running it again changes
 * nothing. Returns what it added.
 */
export async function ensureDevDirectory({ gatewayUrl, secret, audience, issuer }) {
  const admin = DEV_USERS.find((u) => u.role === 'ADMIN');
  const token = await signDevToken(admin, { secret, audience, issuer, expiresIn: '5m' });
  const added = [];
  const { teams } = await graphql(gatewayUrl, token, `{ teams { id } }`);
  if (!teams.some((t) => t.id === DEV_TEAM.id)) {
    await graphql(gatewayUrl, token, `mutation ($input: TeamInput!) { upsertTeam(input: $input) { id } }`, { input: DEV_TEAM });
    added.push(DEV_TEAM.id);
  }
  for (const u of DEV_USERS) {
    const { user } = await graphql(gatewayUrl, token, `query ($id: ID!) { user(id: $id) { id } }`, { id: u.sub });
    if (user) continue;
    await graphql(gatewayUrl, token, `mutation ($input: AddUserInput!) { addUser(input: $input) { id } }`, {
      input: { id: u.sub, name: u.name, email: u.email, role: u.role, teamId: u.team },
    });
    added.push(u.sub);
  }
  return added;
}
