import { lookup as systemLookup } from 'node:dns';
import http from 'node:http';
import { Readable } from 'node:stream';
import type { AddressInfo, LookupFunction } from 'node:net';
import { EMPTY_ALLOW_LIST, WebhookUrlPolicy, parseAllowList, type WebhookUrlRules } from './webhook-url.policy';
import { EXCERPT_CHARS, MAX_RESPONSE_BYTES, WebhookTransport, classifyFailure, excerptOf, readAtMost } from './webhook.transport';

/** A local receiver that answers 204 and counts the connections and requests it saw. */
async function receiver() {
  const seen = { connections: 0, requests: 0 };
  const server = http.createServer((req, res) => {
    seen.requests += 1;
    req.resume().on('end', () => res.writeHead(204).end());
  });
  server.on('connection', () => (seen.connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    seen,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function transport(rules: Partial<WebhookUrlRules>, policyOverride?: (p: WebhookUrlPolicy) => WebhookUrlPolicy) {
  const base = new WebhookUrlPolicy({
    allowList: EMPTY_ALLOW_LIST,
    requireHttps: false,
    resolveTimeoutMs: 1_000,
    resolve: async (host) => (host === 'receiver.example' ? [{ address: '127.0.0.1', family: 4 }] : []),
    ...rules,
  });
  return new WebhookTransport(policyOverride ? policyOverride(base) : base, { connectTimeoutMs: 1_000, timeoutMs: 5_000 });
}

const post = (t: WebhookTransport, url: string) => t.post(url, { 'content-type': 'application/json' }, '{}');

describe('WebhookTransport against a local receiver', () => {
  let server: Awaited<ReturnType<typeof receiver>>;
  beforeEach(async () => {
    server = await receiver();
  });
  afterEach(async () => {
    await server.close();
  });

  it('does not even connect to a refused address, literal or resolved', async () => {
    const t = transport({});
    try {
      expect(await post(t, `http://127.0.0.1:${server.port}/h`)).toEqual({ kind: 'failed', failure: 'BLOCKED_ADDRESS' });
      expect(await post(t, `http://receiver.example:${server.port}/h`)).toEqual({ kind: 'failed', failure: 'BLOCKED_ADDRESS' });
      expect(server.seen).toEqual({ connections: 0, requests: 0 });
    } finally {
      await t.close();
    }
  });

  it('delivers to an address the allow-list admits, by range or by host name', async () => {
    for (const allowed of ['127.0.0.0/8', 'receiver.example']) {
      const t = transport({ allowList: parseAllowList(allowed) });
      try {
        expect(await post(t, `http://receiver.example:${server.port}/h`)).toEqual({ kind: 'answered', status: 204, excerpt: '' });
      } finally {
        await t.close();
      }
    }
    expect(server.seen.requests).toBe(2);
  });

  it('refuses the connected address even when a lookup let it through, before writing the request', async () => {
    const permissive: LookupFunction = (host, options, callback) => systemLookup(host === 'receiver.example' ? '127.0.0.1' : host, options, callback);
    const t = transport({}, (p) => Object.assign(Object.create(p) as WebhookUrlPolicy, { lookup: permissive }));
    try {
      expect(await post(t, `http://receiver.example:${server.port}/h`)).toEqual({ kind: 'failed', failure: 'BLOCKED_ADDRESS' });
      expect(server.seen.requests).toBe(0);
    } finally {
      await t.close();
    }
  });

  it('refuses http when https is required, and names a refused connection', async () => {
    const https = transport({ requireHttps: true, allowList: parseAllowList('127.0.0.1') });
    const plain = transport({ allowList: parseAllowList('127.0.0.1') });
    try {
      expect(await post(https, `http://127.0.0.1:${server.port}/h`)).toEqual({ kind: 'failed', failure: 'HTTPS_REQUIRED' });
      expect(server.seen.connections).toBe(0);
      await server.close();
      expect(await post(plain, `http://127.0.0.1:${server.port}/h`)).toEqual({ kind: 'failed', failure: 'CONNECTION_REFUSED' });
    } finally {
      await https.close();
      await plain.close();
    }
  });
});

describe('reading and recording an answer', () => {
  it('stops pulling an endless body once 64 KB arrived', async () => {
    let pulled = 0;
    async function* endless() {
      for (;;) {
        pulled += 1;
        yield Buffer.alloc(1024, 'x');
      }
    }
    const bytes = await readAtMost(endless(), MAX_RESPONSE_BYTES);
    expect(bytes.length).toBe(64 * 1024);
    expect(pulled).toBe(64);
    expect((await readAtMost(Readable.from([Buffer.from('short')]), MAX_RESPONSE_BYTES)).toString()).toBe('short');
  });

  it('keeps a short, single-line excerpt', () => {
    expect(excerptOf(Buffer.from('Bad\r\n\tGateway\u0000\u001b[31m  '))).toBe('Bad Gateway [31m');
    const long = excerptOf(Buffer.from('错'.repeat(1000)));
    expect(Array.from(long)).toHaveLength(EXCERPT_CHARS);
  });

  it('names failures by the codes of undici and the socket, never by their text', () => {
    const coded = (code: string, cause?: unknown) => Object.assign(new Error(`internal detail ${code}`), { code, cause });
    expect(classifyFailure(coded('UND_ERR_SOCKET', coded('ECONNRESET')), false)).toBe('CONNECTION_RESET');
    expect(classifyFailure(new TypeError('fetch failed', { cause: coded('ENOTFOUND') }), false)).toBe('DNS_FAILED');
    expect(classifyFailure(new AggregateError([coded('ECONNREFUSED'), coded('ENETUNREACH')]), false)).toBe('CONNECTION_REFUSED');
    expect(classifyFailure(coded('DEPTH_ZERO_SELF_SIGNED_CERT'), false)).toBe('TLS_ERROR');
    expect(classifyFailure(coded('UND_ERR_CONNECT_TIMEOUT'), false)).toBe('CONNECT_TIMEOUT');
    expect(classifyFailure(new Error('anything'), true)).toBe('TIMEOUT');
    expect(classifyFailure(new Error('something else'), false)).toBe('NETWORK_ERROR');
  });
});
