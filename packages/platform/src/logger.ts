import pino, { stdSerializers, type DestinationStream, type Logger } from 'pino';
import { ConfigError } from './config';
import { currentRequestId } from './request-context';
import { activeTraceIds } from './tracing';

export type { Logger };

/**
 * Fields of a database error that hold the values of the rows involved: TypeORM's QueryFailedError
 * carries the statement's `parameters` (phones, remarks…), and Postgres puts values in `detail`
 * ("Key (phone)=(138…) already exists"), `where` (the PL/pgSQL or SQL context) and `internalQuery`.
 */
const VALUE_FIELDS: ReadonlySet<string> = new Set(['parameters', 'detail', 'where', 'internalQuery']);
/** SQL string literals (plain, E'' and dollar-quoted): a statement may carry values inline. */
const SQL_LITERAL = /\$([A-Za-z_]\w*)?\$[\s\S]*?\$\1\$|'(?:[^']|'')*'/g;
/** Text Postgres quotes into a message, e.g. `invalid input syntax for type uuid: "13812345678"`. */
const QUOTED = /"[^"\n]*"/g;

/**
 * Whether the error (or one it wraps) is a Postgres data exception (SQLSTATE class 22): their messages
 * quote the offending value, so the message and stack lose their quoted parts too.
 */
function quotesValues(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  const e = error as { code?: unknown; driverError?: unknown; cause?: unknown };
  if (typeof e.code === 'string' && e.code.startsWith('22')) return true;
  return quotesValues(e.driverError, depth + 1) || quotesValues(e.cause, depth + 1);
}

/** A copy of a serialized error with every value-bearing field dropped, at any depth. */
function scrub(value: unknown, maskQuoted: boolean, seen: WeakSet<object>): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => scrub(item, maskQuoted, seen));
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (VALUE_FIELDS.has(key)) continue;
    if (key === 'query' && typeof field === 'string') copy[key] = field.replace(SQL_LITERAL, "'…'");
    else if (maskQuoted && (key === 'message' || key === 'stack') && typeof field === 'string') copy[key] = field.replace(QUOTED, '"…"');
    else copy[key] = scrub(field, maskQuoted, seen);
  }
  return copy;
}

/**
 * The one serializer of logged errors (`err`): pino's standard one, minus the values that database
 * errors carry. Logs keep what locates a failure (type, message, stack, SQLSTATE `code`, `constraint`,
 * `table`, `column`, the statement with its literals masked) and never the data of the rows involved.
 * pino-http hands over pino's own serialization of the error; it starts again from the error itself.
 */
export function serializeError(value: unknown): unknown {
  const raw = (value as { raw?: unknown } | null | undefined)?.raw;
  const error = raw instanceof Error ? raw : value;
  const serialized: unknown = stdSerializers.err(error as Error);
  if (serialized === error || typeof serialized !== 'object' || serialized === null) return serialized;
  return scrub(serialized, quotesValues(error), new WeakSet());
}

/** Serializers every logger uses (pino-http's request loggers included: pass them to it). */
export const logSerializers = { err: serializeError };

/**
 * What every log line adds from the work in progress: the request id (made at the gateway, carried to
 * subgraphs, events and jobs) and, when tracing is on, the trace and span ids, so that a line leads to
 * its trace and a trace to its lines.
 */
export function logContext(): { requestId?: string; traceId?: string; spanId?: string } {
  const requestId = currentRequestId();
  const ids = activeTraceIds();
  return requestId ? { requestId, ...ids } : ids;
}

/** JSON logs on stdout (or `destination`); one child per component. */
export function createLogger(service: string, level = 'info', destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    name: service,
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    serializers: logSerializers,
    mixin: logContext,
    redact: { paths: ['req.headers.authorization', 'req.headers["x-salestrail-identity"]'], remove: true },
  };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * How an entry point reports that its process could not start or finish: a configuration problem as
 * its plain message, anything else as a fatal log line on stderr through the same error serializer
 * (a failed start-up can hold a database error with row values as much as a request can).
 */
export function reportFailure(service: string, message: string, error: unknown): void {
  if (error instanceof ConfigError) {
    console.error(`${service}: ${error.message}`);
    return;
  }
  createLogger(service, 'info', pino.destination({ fd: 2, sync: true })).fatal({ err: error }, message);
}
