import type { TestSystem } from '@salestrail/testkit';
import { devToken } from '@salestrail/testkit';
import type { FuzzCase, FuzzContext } from './generate';

/**
 * Webhook URLs aimed at the system's own network, as an ADMIN could type them: the subgraphs, Postgres
 * and Redis on loopback in every notation, cloud metadata, private, CGNAT, multicast and reserved ranges,
 * IPv6 forms, names that resolve locally, parser tricks and other schemes. The campaign's system runs
 * without an allow-list, as production does, so each must be refused on `url` and store nothing.
 */
export const SSRF_URLS = [
  'http://127.0.0.1:4001/graphql',
  'http://127.0.0.1:6379/',
  'http://127.0.0.1:5432/',
  'http://127.255.255.254:4002/graphql',
  'http://2130706433:4000/graphql',
  'http://0x7f000001:4003/graphql',
  'http://0177.0.0.1/',
  'http://127.1:4001/',
  'http://１２７.０.０.１:4001/',
  'http://localhost:4001/graphql',
  'http://LOCALHOST.:4002/graphql',
  'http://0.0.0.0:4000/graphql',
  'http://0/',
  'http://169.254.169.254/latest/meta-data/iam/security-credentials/',
  'http://169.254.170.2/v2/credentials',
  'http://10.0.0.1/',
  'https://172.31.255.255/',
  'http://192.168.0.1/admin',
  'http://100.100.100.200/latest/meta-data/',
  'http://224.0.0.251:5353/',
  'http://255.255.255.255/',
  'http://198.51.100.7/',
  'http://[::1]:4001/graphql',
  'http://[0:0:0:0:0:0:0:1]:4002/',
  'http://[::]:4000/',
  'http://[fe80::1]/',
  'http://[fd00:ec2::254]/latest/meta-data/',
  'http://[ff02::1]/',
  'http://[::ffff:127.0.0.1]:4001/graphql',
  'http://[::ffff:a9fe:a9fe]/latest/meta-data/',
  'http://[64:ff9b::a9fe:a9fe]/',
  'http://[2002:7f00:1::]/',
  'http://trusted.example.com@127.0.0.1:4001/graphql',
  'http:///127.0.0.1:4001/graphql',
  'http:\\\\127.0.0.1:4001\\graphql',
  ' http://127.0.0.1:4001/graphql ',
  'file:///etc/passwd',
  'gopher://127.0.0.1:6379/_FLUSHALL',
  'dict://127.0.0.1:6379/INFO',
  'ftp://10.0.0.1/',
  'javascript:fetch("http://127.0.0.1:4001")',
];

const UPSERT_WEBHOOK = `mutation($input: WebhookInput!) { upsertWebhook(input: $input) { id url } }`;

/** The ADMIN of the campaign and a team that exists, so that only the URL can make upsertWebhook fail. */
export async function webhookAdmin(system: TestSystem): Promise<FuzzContext['admin']> {
  const token = await devToken('ADMIN', 'admin-fuzz', null);
  const teamId = 'team-fuzz';
  const res = await system.graphql(token, `mutation($i: TeamInput!) { upsertTeam(input: $i) { id } }`, {
    i: { id: teamId, name: '模糊测试组' },
  });
  if (!res.data) throw new Error(`seeding the team failed: ${JSON.stringify(res.errors)}`);
  return { token, teamId };
}

/** The "SSRF URLs" family: upsertWebhook with each hostile URL, through the gateway. */
export function ssrfCases(ctx: FuzzContext): FuzzCase[] {
  return SSRF_URLS.map((url) => ({
    category: 'SSRF URLs',
    name: `upsertWebhook ${JSON.stringify(url)}`,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ctx.admin.token}` },
    body: JSON.stringify({
      query: UPSERT_WEBHOOK,
      variables: { input: { teamId: ctx.admin.teamId, url, secret: 'fuzz-webhook-secret-0123456789' } },
    }),
    mutation: true,
    mustFail: true,
    expectError: { code: 'BAD_USER_INPUT', field: 'url' },
  }));
}
