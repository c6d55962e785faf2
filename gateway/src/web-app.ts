import { existsSync, readFileSync, statSync } from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { GatewayConfig } from './config';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** The persisted-documents manifest the web build writes beside its files (hash → operation text). */
export const PERSISTED_DOCUMENTS_FILE = 'persisted-documents.json';

/** Paths the gateway itself answers (API, health, readiness, exports, the queue console): the web app never shadows them. */
export function isApiPath(pathname: string): boolean {
  return (
    pathname === '/graphql' ||
    pathname.startsWith('/graphql/') ||
    pathname === '/healthz' ||
    pathname === '/readyz' ||
    pathname.startsWith('/export/') ||
    pathname === '/admin/queues' ||
    pathname.startsWith('/admin/queues/')
  );
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.txt']);

interface StaticFile {
  body: Buffer;
  gzip: Buffer | null;
  type: string;
  immutable: boolean;
}

/** What the app reads at `GET /app-config.json`: where to sign in (the gateway's WEB_OIDC_* settings). */
export function appConfigOf(config: Pick<GatewayConfig, 'WEB_OIDC_ISSUER' | 'WEB_OIDC_CLIENT_ID' | 'WEB_OIDC_SCOPE'>) {
  return {
    oidc: config.WEB_OIDC_ISSUER
      ? { issuer: config.WEB_OIDC_ISSUER, clientId: config.WEB_OIDC_CLIENT_ID, scope: config.WEB_OIDC_SCOPE }
      : null,
  };
}

/** The built web app's directory, when there is one (`index.html` in it). */
export function webAppDirectory(config: Pick<GatewayConfig, 'GATEWAY_WEB_STATIC_DIR'>): string | null {
  const dir = config.GATEWAY_WEB_STATIC_DIR;
  if (!dir) return null;
  return existsSync(path.join(dir, 'index.html')) ? path.resolve(dir) : null;
}

/**
 * The app's persisted documents (hash → operation text), read once at start from the manifest the web
 * build wrote. Empty without a built app.
 */
export function loadPersistedDocuments(dir: string | null): Map<string, string> {
  const documents = new Map<string, string>();
  if (!dir) return documents;
  const file = path.join(dir, PERSISTED_DOCUMENTS_FILE);
  if (!existsSync(file)) return documents;
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  for (const [hash, text] of Object.entries(manifest)) {
    if (/^[0-9a-f]{64}$/.test(hash) && typeof text === 'string') documents.set(hash, text);
  }
  return documents;
}

function origin(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * Security headers of the app's pages: scripts only from this origin; the identity provider reachable
 * for token requests and the silent-renew frame; no framing by other sites. Ant Design writes its styles
 * at run time, hence inline styles.
 */
function pageHeaders(config: Pick<GatewayConfig, 'WEB_OIDC_ISSUER'>): Record<string, string> {
  const idp = origin(config.WEB_OIDC_ISSUER);
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src 'self'${idp ? ` ${idp}` : ''}`,
    `frame-src 'self'${idp ? ` ${idp}` : ''}`,
    `form-action 'self'${idp ? ` ${idp}` : ''}`,
    "frame-ancestors 'self'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join('; ');
  return {
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
  };
}

/**
 * In front of the gateway: `GET /app-config.json`, and the built web app's files on the API's origin
 * (no CORS). A client route (`/customers/42`) gets `index.html`, so deep links survive a reload; a missing
 * asset or file is 404, never HTML in its place. GraphQL, health, readiness and the CSV exports pass
 * through untouched, as does everything but GET and HEAD. Files are read and compressed once.
 */
export function serveWebApp(next: Handler, config: Pick<GatewayConfig, 'GATEWAY_WEB_STATIC_DIR' | 'WEB_OIDC_ISSUER' | 'WEB_OIDC_CLIENT_ID' | 'WEB_OIDC_SCOPE'>): Handler {
  const dir = webAppDirectory(config);
  const appConfig = Buffer.from(JSON.stringify(appConfigOf(config)));
  const headers = pageHeaders(config);
  const cache = new Map<string, StaticFile | null>();
  const load = (relative: string): StaticFile | null => {
    if (cache.has(relative)) return cache.get(relative)!;
    let file: StaticFile | null = null;
    const absolute = path.join(dir!, relative);
    if (absolute.startsWith(dir! + path.sep) && existsSync(absolute) && statSync(absolute).isFile()) {
      const ext = path.extname(absolute).toLowerCase();
      const body = readFileSync(absolute);
      file = {
        body,
        gzip: COMPRESSIBLE.has(ext) && body.length > 1024 ? gzipSync(body, { level: 9 }) : null,
        type: CONTENT_TYPES[ext] ?? 'application/octet-stream',
        immutable: relative.startsWith(`assets${path.sep}`),
      };
    }
    if (cache.size < 2000) cache.set(relative, file);
    return file;
  };
  const send = (req: http.IncomingMessage, res: http.ServerResponse, file: StaticFile, status = 200) => {
    const gzip = file.gzip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = gzip ? file.gzip! : file.body;
    res.writeHead(status, {
      'content-type': file.type,
      'content-length': body.length,
      'cache-control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      vary: 'accept-encoding',
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
      ...headers,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next(req, res);
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch {
      return next(req, res);
    }
    if (isApiPath(pathname)) return next(req, res);
    if (pathname === '/app-config.json') {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-cache', 'content-length': appConfig.length });
      res.end(req.method === 'HEAD' ? undefined : appConfig);
      return;
    }
    if (!dir) return next(req, res);
    const relative = path.normalize(pathname).replace(/^[/\\]+/, '');
    const hidden = relative.split(path.sep).some((part) => part.startsWith('.')) || relative === PERSISTED_DOCUMENTS_FILE;
    const file = relative && !hidden ? load(relative) : null;
    if (file) return send(req, res, file);
    // A client route: no extension, outside the assets. Anything else that is missing is a 404.
    if (hidden || relative.startsWith(`assets${path.sep}`) || path.extname(relative)) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...headers });
      res.end(req.method === 'HEAD' ? undefined : 'Not found');
      return;
    }
    const index = load('index.html');
    if (!index) return next(req, res);
    send(req, res, index);
  };
}
