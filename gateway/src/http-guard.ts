import type http from 'node:http';
import type { Redis } from '@salestrail/platform/dist/redis';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
  res.end(JSON.stringify(body));
}

function bodyTooLarge(res: http.ServerResponse, limit: number): void {
  sendJson(res, 413, {
    errors: [
      {
        message: `Request body larger than ${limit} bytes`,
        extensions: { code: 'BAD_USER_INPUT', reason: 'BODY_TOO_LARGE' },
      },
    ],
  });
}

export interface HttpGuardOptions {
  maxBodyBytes: number;
  readinessPath: string;
  redis: Redis;
}

/**
 * In front of the gateway runtime (which has no body limit of its own): a body over `maxBodyBytes` is
 * answered 413 before it is parsed, whether announced by Content-Length or streamed in chunks; the body
 * is read here and handed on as a buffer. Readiness additionally requires Redis (the rate limits).
 */
export function guardHttp(handler: Handler, options: HttpGuardOptions): Handler {
  return (req, res) => {
    if (req.url === options.readinessPath || req.url?.startsWith(`${options.readinessPath}?`)) {
      options.redis.ping().then(
        () => handler(req, res),
        () => sendJson(res, 503, { status: 'not ready', failures: { redis: 'unreachable' } }),
      );
      return;
    }
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') {
      handler(req, res);
      return;
    }
    const announced = Number(req.headers['content-length'] ?? NaN);
    if (announced > options.maxBodyBytes) {
      req.resume();
      bodyTooLarge(res, options.maxBodyBytes);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > options.maxBodyBytes) {
        refused = true;
        bodyTooLarge(res, options.maxBodyBytes);
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (refused) return;
      // @whatwg-node/server reads an already-consumed body from `req.body`.
      (req as http.IncomingMessage & { body?: Buffer }).body = Buffer.concat(chunks);
      handler(req, res);
    });
    req.on('error', () => {
      if (!res.headersSent) sendJson(res, 400, { errors: [{ message: 'Request aborted', extensions: { code: 'BAD_USER_INPUT', reason: 'BAD_REQUEST' } }] });
    });
  };
}
