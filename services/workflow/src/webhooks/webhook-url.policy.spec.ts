import type { LookupAddress } from 'node:dns';
import { BadInputError, ConfigError } from '@salestrail/platform';
import { TEST_IDENTITY_ENV } from '@salestrail/testkit';
import { loadWorkflowConfig } from '../config';
import { BlockedAddressError, EMPTY_ALLOW_LIST, WebhookUrlPolicy, parseAllowList, type Resolver, type WebhookUrlRules } from './webhook-url.policy';


function resolverOf(names: Record<string, string[]>): Resolver {
  return async (host) => {
    const addresses = names[host];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

function policy(rules: Partial<WebhookUrlRules> = {}): WebhookUrlPolicy {
  return new WebhookUrlPolicy({ allowList: EMPTY_ALLOW_LIST, requireHttps: false, resolveTimeoutMs: 1_000, resolve: resolverOf({}), ...rules });
}

const refusedAs = (p: Promise<unknown>) =>
  p.then(
    () => 'accepted',
    (e: unknown) => (e instanceof BadInputError ? e.details : e),
  );

function lookup(p: WebhookUrlPolicy, host: string, all: boolean): Promise<{ error: Error | null; addresses: string[] }> {
  return new Promise((resolve) => {
    p.lookup(host, { all }, (error, address) => {
      const addresses = Array.isArray(address) ? address.map((a: LookupAddress) => a.address) : address ? [address] : [];
      resolve({ error, addresses });
    });
  });
}

describe('the allow-list (WORKFLOW_WEBHOOK_ALLOWED_HOSTS)', () => {
  it('reads host names, addresses and CIDR ranges separated by commas or spaces', () => {
    const list = parseAllowList(' Hooks.Corp.Example., 10.1.0.0/16  192.168.5.7,fd12::/16 ');
    expect([...list.hosts]).toEqual(['hooks.corp.example']);
    const p = policy({ allowList: list });
    expect(['10.1.200.3', '192.168.5.7', 'fd12::9'].map((a) => p.refusal(a))).toEqual([null, null, null]);
    expect(p.refusal('10.2.0.1')).toEqual({ address: '10.2.0.1', range: 'private' });
    expect(p.refusal('192.168.5.8')).toEqual({ address: '192.168.5.8', range: 'private' });
    // An IPv4 range does not admit the IPv4-mapped IPv6 form of its addresses.
    expect(p.refusal('::ffff:10.1.0.1')).toMatchObject({ range: 'ipv4Mapped' });
    expect(parseAllowList('')).toEqual(EMPTY_ALLOW_LIST);
  });

  it('refuses an entry that is none of these, and the configuration names the variable', () => {
    for (const bad of ['hooks.example:8443', 'https://hooks.example', '10.0.0.0/33', 'user@hooks.example', 'hooks.example/path']) {
      expect(() => parseAllowList(bad)).toThrow(bad);
    }
    const load = () => loadWorkflowConfig({ NODE_ENV: 'test', ...TEST_IDENTITY_ENV, WORKFLOW_WEBHOOK_ALLOWED_HOSTS: '10.0.0.0/8, nope:1' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/WORKFLOW_WEBHOOK_ALLOWED_HOSTS: "nope:1"/);
    const config = loadWorkflowConfig({ NODE_ENV: 'test', ...TEST_IDENTITY_ENV, WORKFLOW_WEBHOOK_ALLOWED_HOSTS: 'hooks.corp' });
    expect([...config.WORKFLOW_WEBHOOK_ALLOWED_HOSTS.hosts]).toEqual(['hooks.corp']);
  });
});

describe('checkUrl (when a webhook is stored)', () => {
  it('accepts public addresses and names that resolve to them only', async () => {
    const p = policy({ resolve: resolverOf({ 'hooks.example': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'] }) });
    expect((await p.checkUrl('https://hooks.example/a?b=1')).toString()).toBe('https://hooks.example/a?b=1');
    expect((await p.checkUrl('http://93.184.215.14:8080/h')).host).toBe('93.184.215.14:8080');
    expect((await p.checkUrl('https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/h')).hostname).toBe('[2606:2800:21f:cb07:6820:80da:af6b:8b2c]');
  });

  it('leaves a name that does not resolve, or not in time, to the delivery check', async () => {
    const hanging: Resolver = () => new Promise(() => undefined);
    expect(await refusedAs(policy().checkUrl('https://not-yet.example/h'))).toBe('accepted');
    expect(await refusedAs(policy({ resolve: hanging, resolveTimeoutMs: 20 }).checkUrl('https://slow.example/h'))).toBe('accepted');
  });

  it('admits a private receiver that the allow-list names, by host name or by range', async () => {
    const resolve = resolverOf({ 'hooks.corp': ['10.9.8.7'], 'other.corp': ['10.9.8.7'] });
    const byName = policy({ allowList: parseAllowList('hooks.corp'), resolve });
    expect(await refusedAs(byName.checkUrl('http://hooks.corp/h'))).toBe('accepted');
    expect(await refusedAs(byName.checkUrl('http://other.corp/h'))).toEqual({ field: 'url', reason: 'WEBHOOK_URL_NOT_ALLOWED' });
    const byRange = policy({ allowList: parseAllowList('10.9.0.0/16'), resolve });
    expect(await refusedAs(byRange.checkUrl('http://other.corp/h'))).toBe('accepted');
    expect(await refusedAs(byRange.checkUrl('http://10.9.1.1/h'))).toBe('accepted');
    expect(await refusedAs(byRange.checkUrl('http://10.10.1.1/h'))).toEqual({ field: 'url', reason: 'WEBHOOK_URL_NOT_ALLOWED' });
  });

  it('refuses other schemes, and http when https is required', async () => {
    for (const url of ['ftp://93.184.215.14/', 'file:///etc/passwd', 'gopher://93.184.215.14:70/', 'javascript:alert(1)', 'not a url']) {
      expect([url, await refusedAs(policy().checkUrl(url))]).toEqual([url, { field: 'url', reason: 'INVALID_URL' }]);
    }
    const https = policy({ requireHttps: true });
    expect(await refusedAs(https.checkUrl('http://93.184.215.14/h'))).toEqual({ field: 'url', reason: 'HTTPS_REQUIRED' });
    expect(await refusedAs(https.checkUrl('https://93.184.215.14/h'))).toBe('accepted');
  });
});

describe('lookup (when a delivery connects)', () => {
  const resolve = resolverOf({ 'hooks.example': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'], 'evil.example': ['93.184.215.14', '169.254.169.254'] });

  it('gives the addresses of a public name, as one or all', async () => {
    expect(await lookup(policy({ resolve }), 'hooks.example', true)).toEqual({
      error: null,
      addresses: ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
    });
    expect(await lookup(policy({ resolve }), 'hooks.example', false)).toEqual({ error: null, addresses: ['93.184.215.14'] });
  });

  it('refuses a name any of whose addresses is not public, unless the allow-list names it', async () => {
    const refused = await lookup(policy({ resolve }), 'evil.example', true);
    expect(refused.error).toBeInstanceOf(BlockedAddressError);
    expect(refused.addresses).toEqual([]);
    expect(await lookup(policy({ resolve, allowList: parseAllowList('evil.example') }), 'evil.example', true)).toEqual({
      error: null,
      addresses: ['93.184.215.14', '169.254.169.254'],
    });
  });
});
