import type { NextFunction, Request, Response } from 'express';

/**
 * Admits at most `limit` requests at a time to what follows it; the others wait in arrival order.
 *
 * Why: under load every request in flight keeps its rows, entities and partial GraphQL result alive.
 * With sixteen dashboard pages interleaved on one thread, each young-generation collection found most of
 * them still alive, copied them and promoted them to the old generation, which V8 then let grow to
 * several times the live set (records' RSS peaked near 300 MB). Admitting a few at a time finishes each
 * one sooner and keeps the same throughput (the thread was saturated either way), with far less alive
 * at each collection. `0` admits everything.
 */
export function concurrencyLimit(limit: number) {
  let active = 0;
  const waiting: Array<() => void> = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else active -= 1;
  };
  return (req: Request, res: Response, next: NextFunction): void => {
    if (limit <= 0) return next();
    const admit = () => {
      let released = false;
      res.once('close', () => {
        if (!released) {
          released = true;
          release();
        }
      });
      next();
    };
    if (active < limit) {
      active += 1;
      admit();
    } else {
      waiting.push(() => {
        // A client that went away while waiting frees its turn at once (`req.destroyed` is no sign of
        // that: a request whose body has been read is destroyed too).
        if (req.socket.destroyed || res.destroyed) release();
        else admit();
      });
    }
  };
}
