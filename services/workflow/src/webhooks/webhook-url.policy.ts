import { promises as dns, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { BadInputError } from '@salestrail/platform';

/**
 * Which webhook URLs the workflow may call. Webhooks are configured by ADMIN users, not by the operator,
 * so without this policy an ADMIN could point one at the system's own network (a subgraph on 127.0.0.1,
 * the cloud metadata service, a database port) and read the answers in `webhookDeliveries`.
 *
 * Only globally routable unicast addresses are reachable: ipaddr.js classifies every address into the
 * IANA special-purpose ranges (loopback, link-local, private, CGNAT, multicast, unspecified, broadcast,
 * reserved and documentation blocks, IPv6 unique-local, IPv4-mapped, NAT64, 6to4, Teredo...) and anything
 * but `unicast` is refused. The operator's allow-list (`WORKFLOW_WEBHOOK_ALLOWED_HOSTS`) is the only way to
 * reach another address. The same rules run twice: when a URL is stored (`checkUrl`) and when a delivery
 * connects (`lookup`, `connectionAllowed`), so a name that resolved to a public address when it was stored
 * and to a private one later (DNS rebinding) is refused at the connection.
 */

/** One address a host name resolves to, as `dns.lookup` gives it. */
export type ResolvedAddress = LookupAddress;
/** Resolves a host name the way a connection does (hosts file, then DNS). Tests inject their own. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;
export const systemResolver: Resolver = (hostname) => dns.lookup(hostname, { all: true, order: 'verbatim' });

type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** The operator's exceptions: host names (matched exactly) and address ranges that may be private. */
export interface WebhookAllowList {
  readonly hosts: ReadonlySet<string>;
  readonly ranges: readonly Cidr[];
}

export const EMPTY_ALLOW_LIST: WebhookAllowList = { hosts: new Set(), ranges: [] };

/** `[::1]` → `::1`, `Hooks.Example.com.` → `hooks.example.com`: the form names are compared in. */
function normalizeHost(hostname: string): string {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return bare.toLowerCase().replace(/\.$/, '');
}

/**
 * Parses `WORKFLOW_WEBHOOK_ALLOWED_HOSTS`: entries separated by commas or spaces, each a host name, an IP
 * address or a CIDR range. Throws an Error naming the first entry that is none of these.
 */
export function parseAllowList(value: string): WebhookAllowList {
  const hosts = new Set<string>();
  const ranges: Cidr[] = [];
  for (const entry of value.split(/[\s,]+/).filter(Boolean)) {
    if (entry.includes('/')) {
      if (!ipaddr.isValidCIDR(entry)) throw new Error(`"${entry}" is not a CIDR range`);
      ranges.push(ipaddr.parseCIDR(entry));
      continue;
    }
    const ip = normalizeHost(entry);
    if (isIP(ip)) {
      const address = ipaddr.parse(ip);
      ranges.push([address, address.kind() === 'ipv4' ? 32 : 128]);
      continue;
    }
    // A host name, in the form the URL parser gives it (lower case, IDN in punycode), without port or path.
    const url = URL.canParse(`http://${entry}/`) ? new URL(`http://${entry}/`) : null;
    if (!url || url.host !== url.hostname || url.pathname !== '/' || url.username || /[/?#@]/.test(entry)) {
      throw new Error(`"${entry}" is not a host name, an IP address or a CIDR range`);
    }
    hosts.add(normalizeHost(url.hostname));
  }
  return { hosts, ranges };
}

/** Why an address is not reachable: the address and its ipaddr.js range (`loopback`, `private`...). */
export type AddressRefusal = { address: string; range: string };

export interface WebhookUrlRules {
  allowList: WebhookAllowList;
  /** Production: only https receivers. */
  requireHttps: boolean;
  /** How long `checkUrl` waits for a name to resolve before leaving it to the delivery's check. */
  resolveTimeoutMs: number;
  resolve: Resolver;
}

/** A connection the policy refused; the delivery records it as `BLOCKED_ADDRESS`. */
export class BlockedAddressError extends Error {
  readonly code = 'WEBHOOK_BLOCKED_ADDRESS';
  constructor(host: string, refusal: AddressRefusal) {
    super(`${host} is a ${refusal.range} address (${refusal.address}); webhooks reach only public addresses`);
    this.name = 'BlockedAddressError';
  }
}

export class WebhookUrlPolicy {
  constructor(private readonly rules: WebhookUrlRules) {}

  get requireHttps(): boolean {
    return this.rules.requireHttps;
  }

  /** The operator named this host: whatever it resolves to is reachable. */
  hostAllowed(hostname: string): boolean {
    return this.rules.allowList.hosts.has(normalizeHost(hostname));
  }

  /** Null when the address is public unicast or in an allowed range; else what it is. */
  refusal(address: string): AddressRefusal | null {
    let parsed: ipaddr.IPv4 | ipaddr.IPv6;
    try {
      parsed = ipaddr.parse(normalizeHost(address));
    } catch {
      return { address, range: 'unparsable' };
    }
    if (this.rules.allowList.ranges.some(([net, bits]) => net.kind() === parsed.kind() && parsed.match(net, bits))) return null;
    const range = parsed.range();
    return range === 'unicast' ? null : { address: parsed.toString(), range };
  }

  /** Whether a connection to `remoteAddress`, made for `hostname`, may carry a delivery. */
  connectionAllowed(hostname: string, remoteAddress: string | undefined): AddressRefusal | null {
    if (this.hostAllowed(hostname)) return null;
    if (!remoteAddress) return { address: '(none)', range: 'unknown' };
    return this.refusal(remoteAddress);
  }

  /**
   * The URL a webhook may be stored with, normalized; a BAD_USER_INPUT on `url` otherwise. A name that
   * does not resolve (yet) is accepted: every delivery checks the address it connects to.
   */
  async checkUrl(raw: string): Promise<URL> {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new BadInputError('url', 'INVALID_URL', 'url must be an absolute http(s) URL');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new BadInputError('url', 'INVALID_URL', 'url must be an absolute http(s) URL');
    }
    if (this.rules.requireHttps && url.protocol !== 'https:') {
      throw new BadInputError('url', 'HTTPS_REQUIRED', 'webhook receivers must use https');
    }
    const refusal = await this.hostRefusal(url.hostname);
    if (refusal) {
      throw new BadInputError(
        'url',
        'WEBHOOK_URL_NOT_ALLOWED',
        `url's host is or resolves to a ${refusal.range} address: webhooks reach only public addresses (an operator can allow a private receiver with WORKFLOW_WEBHOOK_ALLOWED_HOSTS)`,
      );
    }
    return url;
  }

  private async hostRefusal(hostname: string): Promise<AddressRefusal | null> {
    if (this.hostAllowed(hostname)) return null;
    const host = normalizeHost(hostname);
    if (isIP(host)) return this.refusal(host);
    const addresses = await this.resolveWithin(host);
    for (const { address } of addresses) {
      const refusal = this.refusal(address);
      if (refusal) return refusal;
    }
    return null;
  }

  private async resolveWithin(host: string): Promise<ResolvedAddress[]> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<ResolvedAddress[]>((resolve) => {
      timer = setTimeout(() => resolve([]), this.rules.resolveTimeoutMs);
    });
    try {
      return await Promise.race([this.rules.resolve(host).catch(() => []), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * The `lookup` of a delivery's connection: resolves with the policy's resolver and refuses, before any
   * packet is sent, a name any of whose addresses is not reachable.
   */
  readonly lookup: LookupFunction = (hostname, options, callback) => {
    const host = normalizeHost(hostname);
    this.rules.resolve(host).then(
      (resolved) => {
        const wanted = options.family === 4 || options.family === 6 ? resolved.filter((a) => a.family === options.family) : resolved;
        if (!this.hostAllowed(host)) {
          for (const { address } of resolved) {
            const refusal = this.refusal(address);
            if (refusal) return callback(new BlockedAddressError(host, refusal), '', 0);
          }
        }
        const first = wanted[0];
        if (!first) {
          const error: NodeJS.ErrnoException = new Error(`${host} has no address`);
          error.code = 'ENOTFOUND';
          return callback(error, '', 0);
        }
        if (options.all) return callback(null, wanted);
        return callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}
