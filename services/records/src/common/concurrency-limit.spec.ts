import { EventEmitter } from 'node:events';
import type { NextFunction, Request, Response } from 'express';
import { concurrencyLimit } from './concurrency-limit';

/** A request/response pair that closes like Node's: `close` once the answer is sent or the client left. */
function exchange(name: string, order: string[]) {
  const res = Object.assign(new EventEmitter(), { destroyed: false }) as unknown as Response & EventEmitter;
  const req = { socket: { destroyed: false } } as unknown as Request;
  const next: NextFunction = () => void order.push(name);
  return { req, res, next, finish: () => res.emit('close'), leave: () => Object.assign(req.socket, { destroyed: true }) };
}

describe('concurrencyLimit', () => {
  it('admits at most the limit at once and the others in arrival order as earlier ones finish', () => {
    const limit = concurrencyLimit(2);
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
    const limit = concurrencyLimit(1);
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
    const limit = concurrencyLimit(0);
    const order: string[] = [];
    for (const n of ['a', 'b', 'c']) {
      const x = exchange(n, order);
      limit(x.req, x.res, x.next);
    }
    expect(order).toEqual(['a', 'b', 'c']);
  });
});
