import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import { isRequestId } from '@salestrail/platform/dist/request-context';
import type { Redis } from '@salestrail/platform/dist/redis';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

function sendJson(res: http.ServerResponse, status: number, body: unknown, close = true): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...(close ? { connection: 'close' } : {}) });
  res.end(JSON.stringify(body));
}

function bodyTooLarge(res: http.ServerResponse, limit: number, close: boolean): void {
  if (res.headersSent) return;
  sendJson(
    res,
    413,
    {
      errors: [
        {
          message: `Request body larger than ${limit} bytes`,
          extensions: { code: 'BAD_USER_INPUT', reason: 'BODY_TOO_LARGE' },
        },
      ],
    },
    close,
  );
}

/**
 * How much of a refused body is read and thrown away before the 413: a client still sending when the
 * server answers and closes sees the connection reset (and many never read the answer), so the rest of
 * the body is read first, up to this, and the connection stays usable. Past it the answer goes at once
 * and the connection is closed.
 */
export function discardLimit(maxBodyBytes: number): number {
  return Math.max(8 * 1024 * 1024, 4 * maxBodyBytes);
}

export interface HttpGuardOptions {
  maxBodyBytes: number;
  readinessPath: string;
  redis: Redis;
}

/**
 * In front of the gateway runtime (which has no body limit of its own): a body over `maxBodyBytes` is
 * answered 413 without being parsed or kept, whether announced by Content-Length or streamed in chunks,
 * once the client has sent it (see `discardLimit`); a body within the limit is read here and handed on
 * as a buffer. Readiness additionally requires Redis (the rate limits).
 */
export function guardHttp(handler: Handler, options: HttpGuardOptions): Handler {
  return (req, res) => {
    // Every request has an id: the client's when it sends a usable one, else a new one. The gateway
    // runtime answers it in `x-request-id`, logs it, and forwards it to the subgraphs, which carry it
    // into the events and jobs the request causes.
    if (!isRequestId(req.headers['x-request-id'])) req.headers['x-request-id'] = randomUUID();
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
    const limit = options.maxBodyBytes;
    const discardUpTo = discardLimit(limit);
    const announced = Number(req.headers['content-length'] ?? NaN);
    if (announced > discardUpTo) {
      req.resume();
      bodyTooLarge(res, limit, true);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = announced > limit;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (!refused && size > limit) {
        refused = true;
        chunks.length = 0;
      }
      if (!refused) chunks.push(chunk);
      else if (size > discardUpTo) bodyTooLarge(res, limit, true);
    });
    req.on('end', () => {
      if (refused) {
        bodyTooLarge(res, limit, false);
        return;
      }
      // @whatwg-node/server reads an already-consumed body from `req.body`.
      (req as http.IncomingMessage & { body?: Buffer }).body = Buffer.concat(chunks);
      handler(req, res);
    });
    req.on('error', () => {
      if (!res.headersSent) sendJson(res, 400, { errors: [{ message: 'Request aborted', extensions: { code: 'BAD_USER_INPUT', reason: 'BAD_REQUEST' } }] });
    });
  };
}
