import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { appConfigOf, isApiPath, loadPersistedDocuments, serveWebApp } from './web-app';

/** A built app in a scratch directory, and a file beside it that must never be served. */
function builtApp(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'st-web-'));
  const dir = path.join(root, 'dist');
  mkdirSync(path.join(dir, 'assets'), { recursive: true });
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(path.join(dir, 'assets', 'app-1a2b.js'), `console.log(${JSON.stringify('x'.repeat(4000))});`);
  writeFileSync(path.join(dir, '.env'), 'SECRET=1');
  writeFileSync(path.join(dir, 'persisted-documents.json'), JSON.stringify({ ['a'.repeat(64)]: 'query A { me { id } }', 'not-a-hash': 'query B { me { id } }' }));
  writeFileSync(path.join(root, 'outside.txt'), 'outside');
  return dir;
}

describe('serving the web app on the gateway origin', () => {
  const dir = builtApp();
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    const config = { GATEWAY_WEB_STATIC_DIR: dir, WEB_OIDC_ISSUER: 'https://id.example.com/realms/sales', WEB_OIDC_CLIENT_ID: 'salestrail-web', WEB_OIDC_SCOPE: 'openid profile' };
    server = http.createServer(
      serveWebApp((req, res) => {
        res.writeHead(418, { 'content-type': 'text/plain' });
        res.end(`api ${req.method} ${req.url}`);
      }, config),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('hands the API, health, readiness and exports to the gateway, and any method but GET and HEAD', async () => {
    for (const p of ['/graphql', '/graphql?query=%7Bme%7Bid%7D%7D', '/healthz', '/readyz', '/export/pipeline.csv', '/admin/queues', '/admin/queues/api/queues']) {
      const res = await fetch(base + p);
      expect([p, res.status]).toEqual([p, 418]);
    }
    const post = await fetch(`${base}/customers`, { method: 'POST', body: '{}' });
    expect(post.status).toBe(418);
    expect(isApiPath('/graphqlx')).toBe(false);
  });

  it('answers client routes with index.html and missing assets or files with 404', async () => {
    for (const p of ['/', '/customers', '/customers/42', '/auth/callback?code=x&state=y']) {
      const res = await fetch(base + p);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toContain('<div id="root">');
    }
    expect((await fetch(`${base}/assets/gone-9z.js`)).status).toBe(404);
    expect((await fetch(`${base}/favicon.ico`)).status).toBe(404);
  });

  it('serves hashed assets compressed and cached for good', async () => {
    const res = await fetch(`${base}/assets/app-1a2b.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect((await res.text()).startsWith('console.log')).toBe(true);
    const raw = await new Promise<{ encoding?: string; body: Buffer }>((resolve) => {
      http.get(`${base}/assets/app-1a2b.js`, { headers: { 'accept-encoding': 'gzip' } }, (r) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => resolve({ encoding: r.headers['content-encoding'], body: Buffer.concat(chunks) }));
      });
    });
    expect(raw.encoding).toBe('gzip');
    expect(raw.body.length).toBeLessThan(1000);
    expect(gunzipSync(raw.body).toString()).toContain('console.log');
  });

  it('never serves files outside the directory, hidden files or the persisted-documents manifest', async () => {
    for (const p of ['/../outside.txt', '/%2e%2e/outside.txt', '/assets/..%2f..%2foutside.txt', '/.env', '/persisted-documents.json']) {
      const res = await fetch(base + p);
      const text = await res.text();
      expect([p, text.includes('outside') || text.includes('SECRET') || text.includes('query A')]).toEqual([p, false]);
    }
  });

  it('tells the app its OpenID Connect provider, and nothing when none is set', async () => {
    const res = await fetch(`${base}/app-config.json`);
    expect(await res.json()).toEqual({ oidc: { issuer: 'https://id.example.com/realms/sales', clientId: 'salestrail-web', scope: 'openid profile' } });
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(appConfigOf({ WEB_OIDC_ISSUER: undefined, WEB_OIDC_CLIENT_ID: 'salestrail-web', WEB_OIDC_SCOPE: 'openid' })).toEqual({ oidc: null });
  });

  it('lets the pages reach only this origin and the identity provider', async () => {
    const csp = (await fetch(`${base}/`)).headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self' https://id.example.com");
    expect(csp).toContain("frame-ancestors 'self'");
  });

  it('reads the persisted documents the build wrote, keyed by sha256, ignoring anything else', () => {
    expect([...loadPersistedDocuments(dir).entries()]).toEqual([['a'.repeat(64), 'query A { me { id } }']]);
    expect(loadPersistedDocuments(null).size).toBe(0);
  });
});
