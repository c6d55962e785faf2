import type { NextFunction, Request, Response } from 'express';

/** Seconds a client refused by a full queue is told to wait (`Retry-After`). */
export const BUSY_RETRY_AFTER_S = 1;

/** The answer past the queue's bound: 503 with Retry-After, typed like any GraphQL error (the gateway passes it on). */
function busy(res: Response): void {
  res
    .status(503)
    .set('Retry-After', String(BUSY_RETRY_AFTER_S))
    .json({
      errors: [
        {
          message: `The records service is busy: retry after ${BUSY_RETRY_AFTER_S} s`,
          extensions: { code: 'RATE_LIMITED', reason: 'SERVICE_BUSY', retryAfter: BUSY_RETRY_AFTER_S },
        },
      ],
    });
}

/**
 * Admits at most `limit` requests at a time to what follows it; at most `maxQueued` others wait, in
 * arrival order, and any past them are answered 503 at once (a queue without a bound only turns a
 * burst into memory and into answers too late to be of use).
 *
 * Why: under load every request in flight keeps its rows, entities and partial GraphQL result alive.
 * With sixteen dashboard pages interleaved on one thread, each young-generation collection found most of
 * them still alive, copied them and promoted them to the old generation, which V8 then let grow to
 * several times the live set (records' RSS peaked near 300 MB). Admitting a few at a time finishes each
 * one sooner and keeps the same throughput (the thread was saturated either way), with far less alive
 * at each collection. A `limit` of `0` admits everything; a `maxQueued` of `0` lets none wait.
 */
export function concurrencyLimit(limit: number, maxQueued: number) {
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
    } else if (waiting.length >= maxQueued) {
      busy(res);
    } else {
      const turn = () => {
        // A client that went away while waiting frees its turn at once (`req.destroyed` is no sign of
        // that: a request whose body has been read is destroyed too).
        if (req.socket.destroyed || res.destroyed) release();
        else admit();
      };
      waiting.push(turn);
      // …and its place in the queue as soon as it goes.
      res.once('close', () => {
        const place = waiting.indexOf(turn);
        if (place >= 0) waiting.splice(place, 1);
      });
    }
  };
}
