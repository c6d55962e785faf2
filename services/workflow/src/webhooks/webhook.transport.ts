import { isIP } from 'node:net';
import { Agent, buildConnector, request } from 'undici';
import { BlockedAddressError, type Resolver, type WebhookAllowList, type WebhookUrlPolicy } from './webhook-url.policy';

/** At most this much of a receiver's answer is read; the rest is never downloaded. */
export const MAX_RESPONSE_BYTES = 64 * 1024;
/** At most this many characters of a failed answer are kept on the delivery. */
export const EXCERPT_CHARS = 200;

/**
 * Why a delivery got no answer. Stored as the delivery's `lastError`, so it says what happened without
 * the receiver's words or the system's internals.
 */
export const DELIVERY_FAILURES = [
  'BLOCKED_ADDRESS',
  'HTTPS_REQUIRED',
  'INVALID_URL',
  'DNS_FAILED',
  'CONNECT_TIMEOUT',
  'CONNECTION_REFUSED',
  'CONNECTION_RESET',
  'UNREACHABLE',
  'TLS_ERROR',
  'TIMEOUT',
  'NETWORK_ERROR',
] as const;
export type DeliveryFailure = (typeof DELIVERY_FAILURES)[number];

export type PostOutcome =
  | { kind: 'answered'; status: number; excerpt: string }
  | { kind: 'failed'; failure: DeliveryFailure };

export interface WebhookTimeouts {
  /** TCP (and TLS) connection set-up. */
  connectTimeoutMs: number;
  /** The whole attempt: connection, request, answer. */
  timeoutMs: number;
}

/** Everything that decides where and how long webhooks may connect. */
export interface WebhookNetworkSettings extends WebhookTimeouts {
  allowList: WebhookAllowList;
  /** Production: only https receivers, when stored and when delivered. */
  requireHttps: boolean;
  resolve: Resolver;
}

const FAILURE_BY_CODE: Record<string, DeliveryFailure> = {
  WEBHOOK_BLOCKED_ADDRESS: 'BLOCKED_ADDRESS',
  ENOTFOUND: 'DNS_FAILED',
  EAI_AGAIN: 'DNS_FAILED',
  EAI_FAIL: 'DNS_FAILED',
  UND_ERR_CONNECT_TIMEOUT: 'CONNECT_TIMEOUT',
  ETIMEDOUT: 'CONNECT_TIMEOUT',
  ECONNREFUSED: 'CONNECTION_REFUSED',
  ECONNRESET: 'CONNECTION_RESET',
  EPIPE: 'CONNECTION_RESET',
  UND_ERR_SOCKET: 'CONNECTION_RESET',
  ENETUNREACH: 'UNREACHABLE',
  EHOSTUNREACH: 'UNREACHABLE',
  UND_ERR_HEADERS_TIMEOUT: 'TIMEOUT',
  UND_ERR_BODY_TIMEOUT: 'TIMEOUT',
};

/** Names the failure behind an error of undici, the socket or the policy (walking `cause` and `errors`). */
export function classifyFailure(error: unknown, timedOut: boolean): DeliveryFailure {
  if (timedOut) return 'TIMEOUT';
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const e = queue.shift();
    if (!e || typeof e !== 'object' || seen.has(e)) continue;
    seen.add(e);
    const { code, cause, errors } = e as { code?: unknown; cause?: unknown; errors?: unknown };
    if (typeof code === 'string') {
      const known = FAILURE_BY_CODE[code];
      if (known) return known;
      if (/^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH)/.test(code)) return 'TLS_ERROR';
    }
    queue.push(cause, ...(Array.isArray(errors) ? errors : []));
  }
  return 'NETWORK_ERROR';
}

/** Reads a body until it ends or `maxBytes` arrived, then stops (the rest is never downloaded). */
export async function readAtMost(body: AsyncIterable<Uint8Array>, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const take = Math.min(chunk.byteLength, maxBytes - size);
    chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, take));
    size += take;
    if (size >= maxBytes) break; // leaving the loop destroys the stream
  }
  return Buffer.concat(chunks);
}

/** The start of an answer, on one line, printable characters only. */
export function excerptOf(bytes: Buffer): string {
  const text = bytes.toString('utf8').replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\s]+/gu, ' ').trim();
  return Array.from(text).slice(0, EXCERPT_CHARS).join('');
}

/**
 * The HTTP client of webhook deliveries (undici): every connection goes through the URL policy — IP
 * literals before connecting, names in the connection's `lookup`, and the connected socket's remote
 * address once more — so no request is written to an address the policy refuses. Redirects are not
 * followed; the answer is read up to MAX_RESPONSE_BYTES; connection and attempt have their own timeouts.
 */
export class WebhookTransport {
  private readonly agent: Agent;

  constructor(
    private readonly policy: WebhookUrlPolicy,
    private readonly timeouts: WebhookTimeouts,
  ) {
    const connect = buildConnector({ timeout: timeouts.connectTimeoutMs, lookup: policy.lookup });
    this.agent = new Agent({
      headersTimeout: timeouts.timeoutMs,
      bodyTimeout: timeouts.timeoutMs,
      connect: (options, callback) => {
        const { hostname } = options;
        if (isIP(hostname)) {
          const refusal = policy.connectionAllowed(hostname, hostname);
          if (refusal) return callback(new BlockedAddressError(hostname, refusal), null);
        }
        connect(options, (error, socket) => {
          if (error || !socket) return callback(error ?? new Error('no socket'), null);
          const refusal = policy.connectionAllowed(hostname, socket.remoteAddress);
          if (refusal) {
            socket.destroy();
            return callback(new BlockedAddressError(hostname, refusal), null);
          }
          callback(null, socket);
        });
      },
    });
  }

  async post(rawUrl: string, headers: Record<string, string>, body: string): Promise<PostOutcome> {
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      return { kind: 'failed', failure: 'INVALID_URL' };
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return { kind: 'failed', failure: 'INVALID_URL' };
    if (this.policy.requireHttps && url.protocol !== 'https:') return { kind: 'failed', failure: 'HTTPS_REQUIRED' };
    const signal = AbortSignal.timeout(this.timeouts.timeoutMs);
    try {
      const response = await request(url, { dispatcher: this.agent, method: 'POST', headers, body, signal });
      // The status decides; the answer's start is only kept for a failure, and a slow one does not matter.
      const bytes = await readAtMost(response.body, MAX_RESPONSE_BYTES).catch(() => Buffer.alloc(0));
      return { kind: 'answered', status: response.statusCode, excerpt: excerptOf(bytes) };
    } catch (error) {
      return { kind: 'failed', failure: classifyFailure(error, signal.aborted) };
    }
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}
