import type { IncomingMessage } from 'node:http';
import { ConfigError } from '@salestrail/platform/dist/config';
import { loadGatewayConfig } from './config';
import { clientAddressReader } from './rate-limit.plugin';
import { TEST_IDENTITY_ENV } from '@salestrail/testkit';

/** A request as Node's HTTP server hands it on: a socket peer and, perhaps, X-Forwarded-For. */
function from(peer: string, forwardedFor?: string) {
  const socket = { remoteAddress: peer };
  const req = { socket, connection: socket, headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} } as unknown as IncomingMessage;
  return { req };
}

describe('client address', () => {
  it('is the socket peer, and X-Forwarded-For is ignored, without a trusted proxy', () => {
    const address = clientAddressReader([]);
    expect(address(from('198.51.100.5'))).toBe('198.51.100.5');
    expect(address(from('198.51.100.5', '203.0.113.9'))).toBe('198.51.100.5');
  });

  it('is what a trusted proxy forwards, up to the first address not itself trusted', () => {
    const address = clientAddressReader(['loopback', '10.0.0.0/8']);
    expect(address(from('127.0.0.1', '203.0.113.9'))).toBe('203.0.113.9');
    // A client cannot hide behind an address it writes itself in front of the proxies' own entries.
    expect(address(from('127.0.0.1', '1.1.1.1, 203.0.113.9, 10.1.2.3'))).toBe('203.0.113.9');
    // A peer that is not a trusted proxy is the client, whatever it claims.
    expect(address(from('198.51.100.5', '203.0.113.9'))).toBe('198.51.100.5');
  });

  it('is "unknown" outside Node\'s HTTP server', () => {
    expect(clientAddressReader([])({})).toBe('unknown');
  });
});

describe('GATEWAY_TRUSTED_PROXIES', () => {
  const env = { AUTH_JWT_SECRET: 'a'.repeat(40), GATEWAY_IDENTITY_PRIVATE_KEY: TEST_IDENTITY_ENV.GATEWAY_IDENTITY_PRIVATE_KEY, NODE_ENV: 'test' };
  it('takes addresses, subnets and proxy-addr names, and trusts none when unset', () => {
    expect(loadGatewayConfig(env).GATEWAY_TRUSTED_PROXIES).toEqual([]);
    expect(loadGatewayConfig({ ...env, GATEWAY_TRUSTED_PROXIES: 'loopback, 10.0.0.0/8,192.0.2.1' }).GATEWAY_TRUSTED_PROXIES).toEqual([
      'loopback',
      '10.0.0.0/8',
      '192.0.2.1',
    ]);
  });

  it('refuses what is not an address', () => {
    expect(() => loadGatewayConfig({ ...env, GATEWAY_TRUSTED_PROXIES: 'proxy.example' })).toThrow(ConfigError);
  });
});
