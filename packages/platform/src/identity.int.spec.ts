import { createHash, createSecretKey, generateKeyPairSync } from 'node:crypto';
import net from 'node:net';
import { SignJWT } from 'jose';
import { Redis } from 'ioredis';
import type { Actor } from '@salestrail/contract';
import { TEST_IDENTITY_PRIVATE_KEY, TEST_IDENTITY_PUBLIC_KEY, TEST_SERVICE_EVENTS_KEY, freePort, testQueuePrefix, testRedisUrl } from '@salestrail/testkit';
import { UnauthenticatedError } from './errors';
import {
  IdentityCheckUnavailableError,
  createIdentitySigner,
  createRequestVerifier,
  createServiceCredentialSigner,
  identityCheckRefusal,
  redisReplayGuard,
  requestOf,
  type BoundRequest,
} from './identity';

const actor: Actor = { userId: 'rep-1', name: '李销售', role: 'SALES_REP', teamId: 'team-east' };
const body = '{"query":"{ customers { totalCount } }"}';
const request: BoundRequest = requestOf('records', 'POST', 'http://records.internal:4001/graphql', body);
const received = (r: BoundRequest) => ({ method: r.method, path: r.path, query: r.query, body: Buffer.from(r.body) });

describe('identity towards the subgraphs (replay cache in Redis)', () => {
  let redis: Redis;
  let prefix: string;
  const sign = createIdentitySigner(TEST_IDENTITY_PRIVATE_KEY);
  const signHistory = createServiceCredentialSigner(TEST_SERVICE_EVENTS_KEY, 'events:read');
  const verifierFor = (service: string, publicKey = TEST_IDENTITY_PUBLIC_KEY) =>
    createRequestVerifier({ service, gatewayPublicKey: publicKey, serviceKey: TEST_SERVICE_EVENTS_KEY, replay: redisReplayGuard(redis, prefix) });

  beforeAll(() => {
    redis = new Redis(testRedisUrl());
    prefix = testQueuePrefix('identity');
  });
  afterAll(() => redis.quit());

  it('gives the actor for the request it was made for, team or none', async () => {
    const records = verifierFor('records');
    await expect(records.caller(sign(actor, request), received(request))).resolves.toEqual(actor);
    const admin: Actor = { userId: 'admin-1', role: 'ADMIN', teamId: null };
    await expect(records.caller(sign(admin, request), received(request))).resolves.toEqual(admin);
  });

  it("carries the token's e-mail claim when there is one", async () => {
    const records = verifierFor('records');
    const withEmail: Actor = { ...actor, email: 'liming@example.com' };
    await expect(records.caller(sign(withEmail, request), received(request))).resolves.toEqual(withEmail);
    expect((await records.caller(sign(actor, request), received(request))).email).toBeUndefined();
  });

  it('accepts an identity once, remembering its id in Redis until it expires', async () => {
    const records = verifierFor('records');
    const header = sign(actor, request);
    await records.caller(header, received(request));
    await expect(records.caller(header, received(request))).rejects.toThrow('Identity already used');
    const { jti, exp } = JSON.parse(Buffer.from(header.split('.')[1]!, 'base64url').toString()) as { jti: string; exp: number };
    const ttl = await redis.pttl(`${prefix}:identity-used:${jti}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual((exp + 5) * 1000 - Date.now() + 1000);
    // Another service's verifier shares the cache: an id used anywhere is used everywhere.
    await expect(verifierFor('workflow').caller(header, received({ ...request, service: 'workflow' }))).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it('refuses an identity for any other request or service, and takes no place in the cache for it', async () => {
    const records = verifierFor('records');
    const cases: Array<[string, string, Omit<BoundRequest, 'service'>, ReturnType<typeof verifierFor>]> = [
      ['another method', sign(actor, request), { ...received(request), method: 'GET' }, records],
      ['another path', sign(actor, request), { ...received(request), path: '/export/pipeline.csv' }, records],
      ['a query string added', sign(actor, request), { ...received(request), query: 'query=%7B__typename%7D' }, records],
      ['another body', sign(actor, request), { ...received(request), body: '{"query":"{ __typename }"}' }, records],
      ['another service', sign(actor, request), received(request), verifierFor('workflow')],
      ['another gateway key', createIdentitySigner(generateKeyPairSync('ed25519').privateKey)(actor, request), received(request), records],
      ['an expired identity', createIdentitySigner(TEST_IDENTITY_PRIVATE_KEY, -60)(actor, request), received(request), records],
      ['an identity for an hour', createIdentitySigner(TEST_IDENTITY_PRIVATE_KEY, 3600)(actor, request), received(request), records],
      ['an events credential', signHistory(request), received(request), records],
      ['no identity', '', received(request), records],
    ];
    for (const [what, header, got, verifier] of cases) {
      const before = await redis.keys(`${prefix}:identity-used:*`);
      await expect(verifier.caller(header || undefined, got)).rejects.toBeInstanceOf(UnauthenticatedError);
      expect([what, await redis.keys(`${prefix}:identity-used:*`)]).toEqual([what, before]);
    }
  });

  it('refuses a forged or re-signed identity', async () => {
    const records = verifierFor('records');
    const [h, p, s] = sign(actor, request).split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const asAdmin = `${h}.${b64({ ...claims, role: 'ADMIN' })}.${s}`;
    const withEmail = `${h}.${b64({ ...claims, email: 'boss@example.com' })}.${s}`;
    const unsigned = `${b64({ alg: 'none', typ: 'salestrail-identity+jwt' })}.${p}.`;
    // The retired scheme: HS256 with the shared key, bound to the body only.
    const retired = await new SignJWT({ role: 'ADMIN', team: null, bh: createHash('sha256').update(body).digest('base64url') })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('old')
      .setAudience('salestrail-subgraphs')
      .setIssuer('salestrail-gateway')
      .setIssuedAt()
      .setExpirationTime('60s')
      .sign(createSecretKey(Buffer.from('test-internal-signing-key-0123456789abcdef')));
    // HS256 "signed" with the gateway's public key as the secret (algorithm confusion).
    const confused = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'HS256', typ: 'salestrail-identity+jwt' })
      .sign(createSecretKey(Buffer.from(TEST_IDENTITY_PUBLIC_KEY)));
    for (const header of [asAdmin, withEmail, unsigned, retired, confused]) {
      await expect(records.caller(header, received(request))).rejects.toBeInstanceOf(UnauthenticatedError);
    }
  });

  it('lets a service credential open only its route, once, and never stand for a user', async () => {
    const records = verifierFor('records');
    const history = requestOf('records', 'GET', 'http://records.internal:4001/internal/events?afterSeq=0&limit=100');
    const credential = signHistory(history);
    await expect(records.service(credential, received(history), 'events:read')).resolves.toBeUndefined();
    await expect(records.service(credential, received(history), 'events:read')).rejects.toThrow('Identity already used');
    const cases: Array<[string, string, Omit<BoundRequest, 'service'>, ReturnType<typeof verifierFor>]> = [
      ['another page', signHistory(history), { ...received(history), query: 'afterSeq=100&limit=100' }, records],
      ['another producer', signHistory(history), received(history), verifierFor('workflow')],
      ['another key', createServiceCredentialSigner('x'.repeat(48), 'events:read')(history), received(history), records],
      ['the gateway identity of an ADMIN', sign({ userId: 'a', role: 'ADMIN', teamId: null }, history), received(history), records],
    ];
    for (const [what, header, got, verifier] of cases) {
      await expect(verifier.service(header, got, 'events:read').then(() => what)).rejects.toBeInstanceOf(UnauthenticatedError);
    }
    await expect(records.caller(signHistory(history), received(history))).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it('fails closed when Redis cannot be reached', async () => {
    const dead = new Redis(`redis://127.0.0.1:${await freePort()}`, { maxRetriesPerRequest: 0, enableOfflineQueue: false, lazyConnect: true });
    dead.on('error', () => undefined);
    const verifier = createRequestVerifier({
      service: 'records',
      gatewayPublicKey: TEST_IDENTITY_PUBLIC_KEY,
      serviceKey: TEST_SERVICE_EVENTS_KEY,
      replay: redisReplayGuard(dead, prefix),
    });
    await expect(verifier.caller(sign(actor, request), received(request))).rejects.toBeInstanceOf(IdentityCheckUnavailableError);
    dead.disconnect();
  });

  it('fails closed when Redis stops answering on an open connection, after the check\'s time', async () => {
    // A proxy in front of the test Redis that, once frozen, passes nothing more on: a hung server.
    let frozen = false;
    const sockets: net.Socket[] = [];
    const redisUrl = new URL(testRedisUrl());
    const proxy = net.createServer((client) => {
      const upstream = net.connect(Number(redisUrl.port || 6379), redisUrl.hostname);
      sockets.push(client, upstream);
      client.on('error', () => undefined);
      upstream.on('error', () => undefined);
      client.on('data', (chunk) => frozen || upstream.write(chunk));
      upstream.on('data', (chunk) => client.write(chunk));
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const hung = new Redis((proxy.address() as net.AddressInfo).port, '127.0.0.1', { maxRetriesPerRequest: 1, enableOfflineQueue: false });
    hung.on('error', () => undefined);
    try {
      await new Promise((resolve) => hung.once('ready', resolve));
      frozen = true;
      const verifier = createRequestVerifier({
        service: 'records',
        gatewayPublicKey: TEST_IDENTITY_PUBLIC_KEY,
        serviceKey: TEST_SERVICE_EVENTS_KEY,
        replay: redisReplayGuard(hung, prefix, 300),
      });
      const refused = await verifier.caller(sign(actor, request), received(request)).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(IdentityCheckUnavailableError);
      expect(identityCheckRefusal(refused as IdentityCheckUnavailableError)).toEqual({
        status: 503,
        headers: { 'Retry-After': '1' },
        body: { errors: [{ message: expect.stringContaining('retry after 1 s'), extensions: { code: 'RATE_LIMITED', reason: 'SERVICE_BUSY', retryAfter: 1 } }] },
      });
    } finally {
      hung.disconnect();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it("accepts an answer Redis gave in time although the process's own event loop was behind for longer than the check's time", async () => {
    const guard = redisReplayGuard(redis, prefix, 300);
    await redis.ping();
    const id = `lagging-loop-${Date.now()}`;
    const check = guard.firstUse(id, 10_000);
    // The thread busy for 2 s right after the SET is sent (other requests' work): the timer is long
    // expired, and Redis's reply waits in the socket, when the event loop next turns.
    const until = Date.now() + 2_000;
    while (Date.now() < until);
    await expect(check).resolves.toBe(true);
    await expect(guard.firstUse(id, 10_000)).resolves.toBe(false);
  });
});
