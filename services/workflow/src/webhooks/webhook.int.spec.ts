import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import { isIP, type AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import { BadInputError, ConflictError, ForbiddenError } from '@salestrail/platform';
import { waitFor } from '@salestrail/testkit';
import { actorOf, testWorkflow, uniqueTeam, workflowTestDataSource, type TestWorkflow } from '../test/harness';
import { loadWorkflowConfig, webhookNetworkSettings } from '../config';
import { verifySignature } from './signature';
import { parseAllowList, systemResolver, type Resolver } from './webhook-url.policy';

const admin = actorOf('ADMIN', 'admin-1', null);
const SECRET = 'whsec-0123456789abcdef';
/** A public address, written as such so that no test depends on public DNS. */
const PUBLIC_ADDRESS = '93.184.215.14';

interface Received {
  body: string;
  signature: string | undefined;
  delivery: string | undefined;
}

/** A real HTTP receiver on 127.0.0.1 that records each request and lets `answer` respond (or not). */
async function receiver(answer: (res: http.ServerResponse) => void) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        body: Buffer.concat(chunks).toString('utf8'),
        signature: req.headers['x-salestrail-signature'] as string | undefined,
        delivery: req.headers['x-salestrail-delivery'] as string | undefined,
      });
      answer(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://127.0.0.1:${port}/hooks/salestrail`,
    received,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A receiver that answers 500 to the first `failures` requests, then 204. */
async function flakyReceiver(failures: number) {
  let remaining = failures;
  const server = await receiver((res) => {
    if (remaining > 0) {
      remaining -= 1;
      res.writeHead(500).end('not now');
    } else {
      res.writeHead(204).end();
    }
  });
  return { ...server, succeedFromNowOn: () => (remaining = 0) };
}

let ds: DataSource;
beforeAll(async () => {
  ds = await workflowTestDataSource();
});
afterAll(async () => {
  await ds.destroy();
});

async function teamWithHook(wf: TestWorkflow, url: string) {
  const teamId = uniqueTeam();
  await wf.module.services.teams.upsert(admin, { id: teamId, name: 'T', managerId: 'm-1' });
  const hook = await wf.module.services.webhooks.upsert(admin, { teamId, url, secret: SECRET, active: true });
  return { teamId, hook };
}

async function notify(wf: TestWorkflow, teamId: string, title: string) {
  const created = await ds.transaction((m) =>
    wf.module.services.notifications.create(m, {
      recipientId: 'rep-1',
      teamId,
      kind: 'NEXT_ACTION_OVERDUE',
      title,
      body: '发送产品规格表 is overdue',
      customerId: 'c-1',
      dedupeKey: `test-${teamId}-${title}`,
    }),
  );
  await wf.module.outbound.dispatch([created!]);
  return created!;
}

const delivery = async (id: string) => {
  const [row] = await ds.query('SELECT status, attempts, response_status, last_error FROM webhook_delivery WHERE id = $1', [id]);
  return row as { status: string; attempts: number; response_status: number | null; last_error: string | null };
};

describe('outbound webhooks (real HTTP receiver, BullMQ retries)', () => {
  let wf: TestWorkflow;
  beforeAll(async () => {
    wf = await testWorkflow(ds, 'webhooks', { workers: true, webhookAttempts: 6, webhookBackoffMs: 40 });
  });
  afterAll(async () => {
    await wf.close();
  });

  it('signs the JSON body with HMAC-SHA256 and retries with back-off until the receiver accepts it', async () => {
    const server = await flakyReceiver(2);
    try {
      const { teamId } = await teamWithHook(wf, server.url);
      const created = await notify(wf, teamId, 'Overdue: 发送产品规格表');
      const deliveryId = created.webhookDeliveryIds[0]!;
      await waitFor(async () => (await delivery(deliveryId)).status === 'DELIVERED', { timeoutMs: 10_000 });
      expect(await delivery(deliveryId)).toMatchObject({ attempts: 3, response_status: 204, last_error: null });
      expect(server.received).toHaveLength(3);
      const bodies = new Set(server.received.map((r) => r.body));
      expect(bodies.size).toBe(1);
      for (const r of server.received) {
        expect(r.delivery).toBe(deliveryId);
        expect(verifySignature(r.body, SECRET, r.signature)).toBe(true);
        expect(verifySignature(r.body, 'another-secret-000000', r.signature)).toBe(false);
      }
      expect(JSON.parse(server.received[0]!.body)).toMatchObject({
        deliveryId,
        teamId,
        notification: {
          id: created.notificationId,
          kind: 'NEXT_ACTION_OVERDUE',
          // The kind's label and the texts are in the recipient's language (zh-CN: not in the directory).
          kindLabel: '下一步行动已逾期',
          locale: 'zh-CN',
          title: 'Overdue: 发送产品规格表',
          recipientId: 'rep-1',
        },
      });
      // A delivered delivery is never sent again, even if its job runs again.
      await wf.module.outbound.enqueueWebhook(deliveryId, 7);
      await waitFor(async () => (await wf.module.queues.notifications.getJob(`webhook-${deliveryId}-replay-7`))?.finishedOn !== undefined);
      expect(server.received).toHaveLength(3);
    } finally {
      await server.close();
    }
  });

  it('keeps a delivery FAILED after the last attempt, lists it, and delivers it on replay', async () => {
    const server = await flakyReceiver(1_000);
    try {
      const { teamId } = await teamWithHook(wf, server.url);
      const deliveryId = (await notify(wf, teamId, 'Due soon: 上门演示')).webhookDeliveryIds[0]!;
      await waitFor(async () => (await delivery(deliveryId)).status === 'FAILED', { timeoutMs: 15_000 });
      expect(await delivery(deliveryId)).toMatchObject({ attempts: 6, response_status: 500, last_error: 'HTTP_500: not now' });
      expect(server.received).toHaveLength(6);
      const failed = await wf.module.services.webhooks.deliveries(admin, 'FAILED');
      expect(failed.map((d) => d.id)).toContain(deliveryId);

      await expect(wf.module.services.webhooks.replay(actorOf('SALES_MANAGER', 'm-1', teamId), deliveryId)).rejects.toBeInstanceOf(ForbiddenError);
      server.succeedFromNowOn();
      const replayed = await wf.module.services.webhooks.replay(admin, deliveryId);
      expect(replayed.status).toBe('PENDING');
      await waitFor(async () => (await delivery(deliveryId)).status === 'DELIVERED', { timeoutMs: 10_000 });
      expect(server.received).toHaveLength(7);
      const again = await wf.module.services.webhooks.replay(admin, deliveryId).catch((e) => e);
      expect(again).toBeInstanceOf(ConflictError);
      expect(again.details.reason).toBe('NOT_FAILED');
    } finally {
      await server.close();
    }
  });

  it('lets only an ADMIN configure a webhook and refuses a bad URL or short secret, storing nothing', async () => {
    const teamId = uniqueTeam();
    await wf.module.services.teams.upsert(admin, { id: teamId, name: 'T' });
    await expect(
      wf.module.services.webhooks.upsert(actorOf('SALES_MANAGER', 'm', teamId), { teamId, url: `https://${PUBLIC_ADDRESS}/h`, secret: SECRET }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const badUrl = await wf.module.services.webhooks.upsert(admin, { teamId, url: 'ftp://example.com/h', secret: SECRET }).catch((e) => e);
    expect(badUrl).toBeInstanceOf(BadInputError);
    expect(badUrl.details).toEqual({ field: 'url', reason: 'INVALID_URL' });
    const short = await wf.module.services.webhooks.upsert(admin, { teamId, url: `https://${PUBLIC_ADDRESS}/h`, secret: 'short' }).catch((e) => e);
    expect(short.details).toEqual({ field: 'secret', reason: 'TOO_SHORT' });
    expect(await ds.query('SELECT 1 FROM webhook WHERE team_id = $1', [teamId])).toHaveLength(0);
    // An inactive webhook receives nothing.
    await wf.module.services.webhooks.upsert(admin, { teamId, url: `https://${PUBLIC_ADDRESS}/h`, secret: SECRET, active: false });
    const created = await notify(wf, teamId, 'Overdue: 报价');
    expect(created.webhookDeliveryIds).toEqual([]);
  });

  it('lists every team’s webhook for ADMIN only (no secret), and one webhook’s deliveries on their own', async () => {
    const a = await teamWithHook(wf, `https://${PUBLIC_ADDRESS}/a`);
    const b = await teamWithHook(wf, `https://${PUBLIC_ADDRESS}/b`);
    const hooks = await wf.module.services.webhooks.list(admin);
    const ours = hooks.filter((h) => h.teamId === a.teamId || h.teamId === b.teamId);
    expect(ours.map((h) => [h.teamId, h.url])).toEqual(
      [
        [a.teamId, `https://${PUBLIC_ADDRESS}/a`],
        [b.teamId, `https://${PUBLIC_ADDRESS}/b`],
      ].sort((x, y) => x[0]!.localeCompare(y[0]!)),
    );
    await expect(wf.module.services.webhooks.list(actorOf('SALES_MANAGER', 'm-1', a.teamId))).rejects.toBeInstanceOf(ForbiddenError);

    const forA = (await notify(wf, a.teamId, 'Overdue: 甲')).webhookDeliveryIds[0]!;
    const forB = (await notify(wf, b.teamId, 'Overdue: 乙')).webhookDeliveryIds[0]!;
    const onlyA = await wf.module.services.webhooks.deliveries(admin, null, a.hook.id);
    expect(onlyA.map((d) => d.id)).toEqual([forA]);
    const all = await wf.module.services.webhooks.deliveries(admin, null);
    expect(all.map((d) => d.id)).toEqual(expect.arrayContaining([forA, forB]));
    // A malformed webhook id matches nothing (no database error).
    expect(await wf.module.services.webhooks.deliveries(admin, null, 'not-a-uuid')).toEqual([]);
  });
});

/** A resolver the test controls: the names it was given, else the system's (`localhost` resolves locally). */
function testResolver() {
  const names = new Map<string, string[]>();
  const resolve: Resolver = async (host) => {
    const known = names.get(host);
    return known ? known.map((address) => ({ address, family: isIP(address) })) : systemResolver(host);
  };
  return { names, resolve };
}

/** Every kind of address that is not public, each as an ADMIN might type it. */
const NOT_PUBLIC: Array<[kind: string, url: string]> = [
  ['loopback: a subgraph', 'http://127.0.0.1:4001/graphql'],
  ['loopback: another address of 127/8', 'http://127.8.9.10/'],
  ['loopback: decimal notation', 'http://2130706433:4001/'],
  ['loopback: hex notation', 'http://0x7f.1/'],
  ['loopback: short notation', 'http://127.1/'],
  ['loopback: behind user info', 'http://hooks.example@127.0.0.1/'],
  ['link-local: cloud metadata', 'http://169.254.169.254/latest/meta-data/'],
  ['private 10/8', 'http://10.0.0.5/'],
  ['private 172.16/12', 'https://172.16.3.4/'],
  ['private 192.168/16', 'http://192.168.1.1:8080/'],
  ['CGNAT', 'http://100.64.0.1/'],
  ['multicast', 'http://224.0.0.1/'],
  ['broadcast', 'http://255.255.255.255/'],
  ['unspecified', 'http://0.0.0.0:4001/'],
  ['reserved 240/4', 'http://240.0.0.1/'],
  ['documentation', 'http://192.0.2.10/'],
  ['benchmarking', 'http://198.18.0.1/'],
  ['IPv6 loopback', 'http://[::1]:4001/'],
  ['IPv6 unspecified', 'http://[::]/'],
  ['IPv6 link-local', 'http://[fe80::1]/'],
  ['IPv6 unique-local: cloud metadata', 'http://[fd00:ec2::254]/'],
  ['IPv6 multicast', 'http://[ff02::1]/'],
  ['IPv4-mapped loopback', 'http://[::ffff:127.0.0.1]:4001/'],
  ['IPv4-mapped metadata', 'http://[::ffff:a9fe:a9fe]/'],
  ['NAT64 of loopback', 'http://[64:ff9b::7f00:1]/'],
  ['6to4 of loopback', 'http://[2002:7f00:1::1]/'],
];

describe('webhooks reach only public addresses unless the operator allows one (SSRF)', () => {
  const dns = testResolver();
  let wf: TestWorkflow;
  beforeAll(async () => {
    wf = await testWorkflow(ds, 'webhooks-ssrf', {
      workers: true,
      webhookAttempts: 1,
      webhookNetwork: { allowList: parseAllowList('allowed.example'), resolve: dns.resolve, connectTimeoutMs: 1_000, timeoutMs: 2_000 },
    });
    dns.names.set('hooks.example', [PUBLIC_ADDRESS]);
  });
  afterAll(async () => {
    await wf.close();
  });

  const refusal = (error: unknown) => (error instanceof BadInputError ? error.details : error);
  const storedHooks = (teamId: string) => ds.query('SELECT url, secret FROM webhook WHERE team_id = $1', [teamId]);

  it('refuses every non-public address at upsert (BAD_USER_INPUT on url), keeping the webhook the team had', async () => {
    const { teamId } = await teamWithHook(wf, 'https://hooks.example/salestrail');
    const answers: Array<[string, unknown]> = [];
    for (const [kind, url] of NOT_PUBLIC) {
      const error = await wf.module.services.webhooks.upsert(admin, { teamId, url, secret: 'x'.repeat(32) }).catch((e: unknown) => e);
      answers.push([kind, refusal(error)]);
    }
    expect(answers).toEqual(NOT_PUBLIC.map(([kind]) => [kind, { field: 'url', reason: 'WEBHOOK_URL_NOT_ALLOWED' }]));
    expect(await storedHooks(teamId)).toEqual([{ url: 'https://hooks.example/salestrail', secret: SECRET }]);
  });

  it('refuses a host name that resolves to a private address (the hosts file, internal DNS, one of several answers)', async () => {
    dns.names.set('intranet.example', ['10.20.30.40']);
    dns.names.set('mixed.example', [PUBLIC_ADDRESS, '127.0.0.1']);
    const teamId = uniqueTeam();
    await wf.module.services.teams.upsert(admin, { id: teamId, name: 'T' });
    for (const url of ['http://localhost:4001/graphql', 'http://LOCALHOST.:4002/', 'http://intranet.example/hook', 'https://mixed.example/hook']) {
      const error = await wf.module.services.webhooks.upsert(admin, { teamId, url, secret: SECRET }).catch((e: unknown) => e);
      expect([url, refusal(error)]).toEqual([url, { field: 'url', reason: 'WEBHOOK_URL_NOT_ALLOWED' }]);
    }
    expect(await storedHooks(teamId)).toEqual([]);
  });

  it('reaches a private receiver only through the allow-list', async () => {
    const server = await receiver((res) => res.writeHead(204).end());
    try {
      const teamId = uniqueTeam();
      await wf.module.services.teams.upsert(admin, { id: teamId, name: 'T' });
      const error = await wf.module.services.webhooks.upsert(admin, { teamId, url: server.url, secret: SECRET }).catch((e: unknown) => e);
      expect(refusal(error)).toEqual({ field: 'url', reason: 'WEBHOOK_URL_NOT_ALLOWED' });
      dns.names.set('allowed.example', ['127.0.0.1']);
      await wf.module.services.webhooks.upsert(admin, { teamId, url: `http://allowed.example:${server.port}/hook`, secret: SECRET });
      const deliveryId = (await notify(wf, teamId, 'Overdue: 报价')).webhookDeliveryIds[0]!;
      await waitFor(async () => (await delivery(deliveryId)).status === 'DELIVERED', { timeoutMs: 10_000 });
      expect(server.received.map((r) => r.delivery)).toEqual([deliveryId]);
    } finally {
      await server.close();
    }
  });

  it('refuses at delivery a name that was public when stored and is private when connecting (DNS rebinding)', async () => {
    const server = await receiver((res) => res.writeHead(204).end());
    try {
      dns.names.set('rebind.example', [PUBLIC_ADDRESS]);
      const { teamId } = await teamWithHook(wf, `http://rebind.example:${server.port}/hook`);
      dns.names.set('rebind.example', ['127.0.0.1']);
      const deliveryId = (await notify(wf, teamId, 'Overdue: 演示')).webhookDeliveryIds[0]!;
      await waitFor(async () => (await delivery(deliveryId)).status === 'FAILED', { timeoutMs: 10_000 });
      expect(await delivery(deliveryId)).toEqual({ status: 'FAILED', attempts: 1, response_status: null, last_error: 'BLOCKED_ADDRESS' });
      expect(server.received).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('reads at most 64 KB of an endless answer and records only a short excerpt of it', async () => {
    const line = 'Internal error at /srv/app/internal.js:42\n';
    const server = await receiver((res) => {
      res.on('error', () => undefined);
      res.writeHead(500, { 'content-type': 'text/plain' });
      const pump = () => {
        while (!res.destroyed && res.write(line.repeat(100)));
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
    });
    try {
      dns.names.set('allowed.example', ['127.0.0.1']);
      const { teamId } = await teamWithHook(wf, `http://allowed.example:${server.port}/hook`);
      const deliveryId = (await notify(wf, teamId, 'Overdue: 合同')).webhookDeliveryIds[0]!;
      await waitFor(async () => (await delivery(deliveryId)).status === 'FAILED', { timeoutMs: 10_000 });
      const row = await delivery(deliveryId);
      expect(row).toMatchObject({ attempts: 1, response_status: 500 });
      // Without the cap the endless answer would have run into the timeout instead.
      expect(row.last_error).toMatch(/^HTTP_500: Internal error at \/srv\/app\/internal\.js:42 Internal error/);
      expect(row.last_error!.length).toBeLessThanOrEqual('HTTP_500: '.length + 200);
    } finally {
      await server.close();
    }
  });

  it('gives up on a receiver that never answers and records TIMEOUT', async () => {
    const server = await receiver(() => undefined);
    try {
      dns.names.set('allowed.example', ['127.0.0.1']);
      const { teamId } = await teamWithHook(wf, `http://allowed.example:${server.port}/hook`);
      const deliveryId = (await notify(wf, teamId, 'Overdue: 回访')).webhookDeliveryIds[0]!;
      await waitFor(async () => (await delivery(deliveryId)).status === 'FAILED', { timeoutMs: 10_000 });
      expect(await delivery(deliveryId)).toEqual({ status: 'FAILED', attempts: 1, response_status: null, last_error: 'TIMEOUT' });
      expect(server.received).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('in production (NODE_ENV=production) refuses http receivers and accepts https ones', async () => {
    const ownPublicKey = generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' }).toString();
    const config = loadWorkflowConfig({
      NODE_ENV: 'production',
      GATEWAY_IDENTITY_PUBLIC_KEY: ownPublicKey,
      SERVICE_EVENTS_KEY: 'b5c2Zr0n1mQ7pVxW3yTqL8eKjH4aF6dS9gU2iO0pXcV=',
    });
    const prod = await testWorkflow(ds, 'webhooks-production', { webhookNetwork: { ...webhookNetworkSettings(config), resolve: dns.resolve } });
    try {
      const teamId = uniqueTeam();
      await prod.module.services.teams.upsert(admin, { id: teamId, name: 'T' });
      const error = await prod.module.services.webhooks
        .upsert(admin, { teamId, url: 'http://hooks.example/salestrail', secret: SECRET })
        .catch((e: unknown) => e);
      expect(refusal(error)).toEqual({ field: 'url', reason: 'HTTPS_REQUIRED' });
      expect(await storedHooks(teamId)).toEqual([]);
      await prod.module.services.webhooks.upsert(admin, { teamId, url: 'https://hooks.example/salestrail', secret: SECRET });
      expect(await storedHooks(teamId)).toEqual([{ url: 'https://hooks.example/salestrail', secret: SECRET }]);
    } finally {
      await prod.close();
    }
  });
});
