import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import { BadInputError, ConflictError, ForbiddenError } from '@salestrail/platform';
import { waitFor } from '@salestrail/testkit';
import { actorOf, testWorkflow, uniqueTeam, workflowTestDataSource, type TestWorkflow } from '../test/harness';
import { verifySignature } from './signature';

const admin = actorOf('ADMIN', 'admin-1', null);
const SECRET = 'whsec-0123456789abcdef';

interface Received {
  body: string;
  signature: string | undefined;
  delivery: string | undefined;
}

/** A real HTTP receiver that answers 500 to the first `failures` requests, then 204. */
async function receiver(failures: number) {
  const received: Received[] = [];
  let remaining = failures;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        body: Buffer.concat(chunks).toString('utf8'),
        signature: req.headers['x-salestrail-signature'] as string | undefined,
        delivery: req.headers['x-salestrail-delivery'] as string | undefined,
      });
      if (remaining > 0) {
        remaining -= 1;
        res.writeHead(500).end('not now');
      } else {
        res.writeHead(204).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/salestrail`,
    received,
    succeedFromNowOn: () => (remaining = 0),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('outbound webhooks (real HTTP receiver, BullMQ retries)', () => {
  let ds: DataSource;
  let wf: TestWorkflow;
  beforeAll(async () => {
    ds = await workflowTestDataSource();
    wf = await testWorkflow(ds, 'webhooks', { workers: true, webhookAttempts: 6, webhookBackoffMs: 40 });
  });
  afterAll(async () => {
    await wf.close();
    await ds.destroy();
  });

  async function teamWithHook(url: string) {
    const teamId = uniqueTeam();
    await wf.module.services.teams.upsert(admin, { id: teamId, name: 'T', managerId: 'm-1' });
    const hook = await wf.module.services.webhooks.upsert(admin, { teamId, url, secret: SECRET, active: true });
    return { teamId, hook };
  }

  async function notify(teamId: string, title: string) {
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

  it('signs the JSON body with HMAC-SHA256 and retries with back-off until the receiver accepts it', async () => {
    const server = await receiver(2);
    try {
      const { teamId } = await teamWithHook(server.url);
      const created = await notify(teamId, 'Overdue: 发送产品规格表');
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
        notification: { id: created.notificationId, kind: 'NEXT_ACTION_OVERDUE', title: 'Overdue: 发送产品规格表', recipientId: 'rep-1' },
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
    const server = await receiver(1_000);
    try {
      const { teamId } = await teamWithHook(server.url);
      const deliveryId = (await notify(teamId, 'Due soon: 上门演示')).webhookDeliveryIds[0]!;
      await waitFor(async () => (await delivery(deliveryId)).status === 'FAILED', { timeoutMs: 15_000 });
      expect(await delivery(deliveryId)).toMatchObject({ attempts: 6, response_status: 500, last_error: 'HTTP 500' });
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
      wf.module.services.webhooks.upsert(actorOf('SALES_MANAGER', 'm', teamId), { teamId, url: 'https://example.com/h', secret: SECRET }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const badUrl = await wf.module.services.webhooks.upsert(admin, { teamId, url: 'ftp://example.com/h', secret: SECRET }).catch((e) => e);
    expect(badUrl).toBeInstanceOf(BadInputError);
    expect(badUrl.details).toEqual({ field: 'url', reason: 'INVALID_URL' });
    const short = await wf.module.services.webhooks.upsert(admin, { teamId, url: 'https://example.com/h', secret: 'short' }).catch((e) => e);
    expect(short.details).toEqual({ field: 'secret', reason: 'TOO_SHORT' });
    expect(await ds.query('SELECT 1 FROM webhook WHERE team_id = $1', [teamId])).toHaveLength(0);
    // An inactive webhook receives nothing.
    await wf.module.services.webhooks.upsert(admin, { teamId, url: 'https://example.com/h', secret: SECRET, active: false });
    const created = await notify(teamId, 'Overdue: 报价');
    expect(created.webhookDeliveryIds).toEqual([]);
  });
});
