import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What a unit of work carries through its asynchronous calls: the request id made at the gateway (or
 * given by the client), kept while a request is served, an event applied or a job run. Every log line
 * written meanwhile names it (logger.ts), events recorded meanwhile carry it in their envelope
 * (outbox.ts), and jobs added meanwhile carry it in their data (queues.ts).
 */
interface RequestContext {
  requestId?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** A request id as SalesTrail accepts it from a client or a message: short, letters, digits, `_.-`. */
export const REQUEST_ID_PATTERN = /^[\w.-]{1,100}$/;

export function isRequestId(value: unknown): value is string {
  return typeof value === 'string' && REQUEST_ID_PATTERN.test(value);
}

/** Runs `fn` with `requestId` as the current request id (a missing or malformed one: none). */
export function runWithRequestId<T>(requestId: unknown, fn: () => T): T {
  return storage.run({ requestId: isRequestId(requestId) ? requestId : undefined }, fn);
}

/** The request id of the work in progress, if any. */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}
