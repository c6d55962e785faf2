import type { Attributes, LogLevel, LogWriter } from '@graphql-hive/logger';

/**
 * Attribute keys whose values never reach the gateway's logs, at any depth and any level (compared
 * without case). The runtime and its HTTP executor log what they send to a subgraph and what comes back:
 * a failed subgraph request's error carries `extensions.request.body` (the operation and its variables:
 * names, phones, remarks…) and `extensions.response.body`; debug logs carry each subgraph request's
 * `query` and `variables`, the fetch `body`, the results' `data` and the planner's printed selections,
 * which hold any literal argument values. Credentials in logged headers go too. What stays: the message,
 * `code`, `serviceName`, `path`, status, request id, timings.
 */
export const REDACTED_LOG_KEYS: ReadonlySet<string> = new Set([
  'body',
  'variables',
  'query',
  'document',
  'data',
  'payload',
  'fieldnodes',
  'fragments',
  'delegationplan',
  'authorization',
  'cookie',
  'x-salestrail-identity',
]);

export const REDACTED = '[redacted]';

/** Deeper than any attribute the gateway logs; below it a value is dropped rather than walked. */
const MAX_DEPTH = 32;

/** A copy of `value` with every redacted key's value replaced by `[redacted]`. */
export function redactLogAttributes(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth > MAX_DEPTH) return REDACTED;
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redactLogAttributes(item, depth + 1, seen));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = REDACTED_LOG_KEYS.has(key.toLowerCase()) && item !== undefined ? REDACTED : redactLogAttributes(item, depth + 1, seen);
  }
  return copy;
}

/**
 * Wraps a log writer so that what it writes has gone through `redactLogAttributes`. The logger has
 * already turned errors and class instances into plain objects when it calls its writers, so every
 * log line of the runtime and its plugins passes here.
 */
export function redactingLogWriter(writer: LogWriter): LogWriter {
  return {
    write: (level: LogLevel, attrs: Attributes | null | undefined, msg: string | null | undefined) =>
      writer.write(level, attrs ? (redactLogAttributes(attrs) as Attributes) : attrs, msg),
    ...(writer.flush ? { flush: () => writer.flush!() } : {}),
  };
}
