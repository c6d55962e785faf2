import { EventEmitter } from 'node:events';
import type { NextFunction, Request, Response } from 'express';
import { BUSY_RETRY_AFTER_S, concurrencyLimit } from './concurrency-limit';

/**
 * A request/response pair that closes like Node's: `close` once the answer is sent or the client left.
 * What the limit answers by itself (a full queue) is kept in `answer`.
 */
function exchange(name: string, order: string[]) {
  const answer: { status?: number; headers: Record<string, string>; body?: unknown } = { headers: {} };
  const res = Object.assign(new EventEmitter(), {
    destroyed: false,
    status(code: number) {
      answer.status = code;
      return res;
    },
    set(header: string, value: string) {
      answer.headers[header.toLowerCase()] = value;
      return res;
    },
    json(body: unknown) {
      answer.body = body;
      return res;
    },
  }) as unknown as Response & EventEmitter;
  const req = { socket: { destroyed: false } } as unknown as Request;
  const next: NextFunction = () => void order.push(name);
  return { req, res, next, answer, finish: () => res.emit('close'), leave: () => Object.assign(req.socket, { destroyed: true }) };
}

describe('concurrencyLimit', () => {
  it('admits at most the limit at once and the others in arrival order as earlier ones finish', () => {
    const limit = concurrencyLimit(2, 10);
    const order: string[] = [];
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((n) => exchange(n, order));
    for (const x of [a!, b!, c!, d!]) limit(x.req, x.res, x.next);
    expect(order).toEqual(['a', 'b']);
    b!.finish();
    expect(order).toEqual(['a', 'b', 'c']);
    b!.finish(); // a second close of the same response frees nothing more
    expect(order).toEqual(['a', 'b', 'c']);
    a!.finish();
    expect(order).toEqual(['a', 'b', 'c', 'd']);
    c!.finish();
    d!.finish();
    const e = exchange('e', order);
    const f = exchange('f', order);
    limit(e.req, e.res, e.next);
    limit(f.req, f.res, f.next);
    expect(order).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('skips a waiting request whose client has gone away', () => {
    const limit = concurrencyLimit(1, 10);
    const order: string[] = [];
    const [a, b, c] = ['a', 'b', 'c'].map((n) => exchange(n, order));
    for (const x of [a!, b!, c!]) limit(x.req, x.res, x.next);
    b!.leave();
    a!.finish();
    expect(order).toEqual(['a', 'c']);
    c!.finish();
    const d = exchange('d', order);
    limit(d.req, d.res, d.next);
    expect(order).toEqual(['a', 'c', 'd']);
  });

  it('admits everything with a limit of 0', () => {
    const limit = concurrencyLimit(0, 0);
    const order: string[] = [];
    for (const n of ['a', 'b', 'c']) {
      const x = exchange(n, order);
      limit(x.req, x.res, x.next);
    }
    expect(order).toEqual(['a', 'b', 'c']);
  });

  it('lets at most maxQueued wait and answers the next ones 503 with Retry-After, typed', () => {
    const limit = concurrencyLimit(1, 2);
    const order: string[] = [];
    const [a, b, c, d, e] = ['a', 'b', 'c', 'd', 'e'].map((n) => exchange(n, order));
    for (const x of [a!, b!, c!, d!]) limit(x.req, x.res, x.next);
    expect(order).toEqual(['a']);
    expect([a!, b!, c!].map((x) => x.answer.status)).toEqual([undefined, undefined, undefined]);
    expect(d!.answer).toEqual({
      status: 503,
      headers: { 'retry-after': String(BUSY_RETRY_AFTER_S) },
      body: {
        errors: [
          {
            message: expect.stringContaining('busy'),
            extensions: { code: 'RATE_LIMITED', reason: 'SERVICE_BUSY', retryAfter: BUSY_RETRY_AFTER_S },
          },
        ],
      },
    });
    // A turn taken frees a place in the queue.
    a!.finish();
    expect(order).toEqual(['a', 'b']);
    limit(e!.req, e!.res, e!.next);
    expect(e!.answer.status).toBeUndefined();
    b!.finish();
    c!.finish();
    expect(order).toEqual(['a', 'b', 'c', 'e']);
  });

  it('frees the queue place of a client that leaves while waiting', () => {
    const limit = concurrencyLimit(1, 1);
    const order: string[] = [];
    const [a, b, c] = ['a', 'b', 'c'].map((n) => exchange(n, order));
    limit(a!.req, a!.res, a!.next);
    limit(b!.req, b!.res, b!.next);
    b!.leave();
    b!.finish();
    limit(c!.req, c!.res, c!.next);
    expect(c!.answer.status).toBeUndefined();
    a!.finish();
    expect(order).toEqual(['a', 'c']);
  });
});
