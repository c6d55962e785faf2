import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TEST_IDENTITY_PRIVATE_KEY, TEST_IDENTITY_PUBLIC_KEY, TEST_SERVICE_EVENTS_KEY } from '@salestrail/testkit';
import { ConfigError, SECRET_VARIABLES, baseConfigShape, configHelpers, parseConfig, z } from './config';

const schema = z.object({ ...baseConfigShape });
const OWN_KEY = 'b5c2Zr0n1mQ7pVxW3yTqL8eKjH4aF6dS9gU2iO0pXcV=';
const ownPair = generateKeyPairSync('ed25519');
const OWN_PUBLIC_KEY = ownPair.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
const OWN_PRIVATE_KEY = ownPair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
/** A service's own settings, none of them published. */
const OWN = { SERVICE_EVENTS_KEY: OWN_KEY, GATEWAY_IDENTITY_PUBLIC_KEY: OWN_PUBLIC_KEY };
const gatewaySchema = z.object({ NODE_ENV: baseConfigShape.NODE_ENV, GATEWAY_IDENTITY_PRIVATE_KEY: configHelpers.identityPrivateKey() });

function problems(env: Record<string, string | undefined>): string {
  try {
    parseConfig(schema, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  return '';
}

/** The variables .env.example sets, as `npm start` reads them. */
function envExample(): Record<string, string> {
  const text = readFileSync(path.resolve(__dirname, '../../../.env.example'), 'utf8');
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

describe('production secrets', () => {
  it('treats an unset NODE_ENV as production', () => {
    expect(parseConfig(schema, OWN).NODE_ENV).toBe('production');
  });

  it('refuses a missing secret, naming the variable', () => {
    expect(problems({ NODE_ENV: 'production', GATEWAY_IDENTITY_PUBLIC_KEY: OWN_PUBLIC_KEY })).toMatch(/SERVICE_EVENTS_KEY/);
    expect(problems({ NODE_ENV: 'production', SERVICE_EVENTS_KEY: OWN_KEY })).toMatch(/GATEWAY_IDENTITY_PUBLIC_KEY/);
  });

  it('refuses a secret shorter than 32 bytes even where the schema would take it', () => {
    const lenient = z.object({ ...baseConfigShape, SERVICE_EVENTS_KEY: z.string() });
    expect(() => parseConfig(lenient, { ...OWN, NODE_ENV: 'production', SERVICE_EVENTS_KEY: 'x'.repeat(31) })).toThrow(
      /SERVICE_EVENTS_KEY: must be at least 32 bytes/,
    );
    // Bytes, not characters: 11 Chinese characters are 33 bytes.
    expect(parseConfig(lenient, { ...OWN, NODE_ENV: 'production', SERVICE_EVENTS_KEY: '销售过程记录系统密钥甲乙' }).SERVICE_EVENTS_KEY).toHaveLength(12);
  });

  it('refuses every secret value .env.example publishes, in production only', () => {
    const example = envExample();
    const published = Object.entries(example).filter(([name]) => SECRET_VARIABLES.has(name));
    expect(published.map(([name]) => name)).toEqual(
      expect.arrayContaining(['AUTH_JWT_SECRET', 'GATEWAY_IDENTITY_PRIVATE_KEY', 'SERVICE_EVENTS_KEY']),
    );
    for (const [name, value] of published) {
      const withSecret = z.object({ ...baseConfigShape, [name]: z.string().optional() });
      const env = { ...OWN, [name]: value };
      expect(() => parseConfig(withSecret, { ...env, NODE_ENV: 'production' })).toThrow(
        new RegExp(`${name}: is a development value published`),
      );
      expect((parseConfig(withSecret, { ...env, NODE_ENV: 'development' }) as Record<string, unknown>)[name]).toBe(value);
    }
  });

  it('refuses the test kit secrets and anything marked dev-only in production', () => {
    expect(problems({ ...OWN, NODE_ENV: 'production', SERVICE_EVENTS_KEY: TEST_SERVICE_EVENTS_KEY })).toMatch(
      /SERVICE_EVENTS_KEY: is a development value/,
    );
    expect(problems({ ...OWN, NODE_ENV: 'production', SERVICE_EVENTS_KEY: 'dev-only-something-long-enough-0123456789' })).toMatch(
      /SERVICE_EVENTS_KEY: is a development value/,
    );
    expect(() => parseConfig(gatewaySchema, { NODE_ENV: 'production', GATEWAY_IDENTITY_PRIVATE_KEY: TEST_IDENTITY_PRIVATE_KEY })).toThrow(
      /GATEWAY_IDENTITY_PRIVATE_KEY: is a development value published/,
    );
  });

  it('refuses a published identity key pair in production, however the key is written', () => {
    const example = envExample();
    const pem = (base64: string, label: string) => `-----BEGIN ${label}-----\n${base64}\n-----END ${label}-----`;
    for (const publicKey of [example.GATEWAY_IDENTITY_PUBLIC_KEY!, TEST_IDENTITY_PUBLIC_KEY, pem(TEST_IDENTITY_PUBLIC_KEY, 'PUBLIC KEY')]) {
      expect(problems({ NODE_ENV: 'production', SERVICE_EVENTS_KEY: OWN_KEY, GATEWAY_IDENTITY_PUBLIC_KEY: publicKey })).toMatch(
        /GATEWAY_IDENTITY_PUBLIC_KEY: belongs to a development key pair published/,
      );
      expect(parseConfig(schema, { NODE_ENV: 'test', SERVICE_EVENTS_KEY: OWN_KEY, GATEWAY_IDENTITY_PUBLIC_KEY: publicKey }).NODE_ENV).toBe('test');
    }
    // The published private key in PEM instead of the published base64 line: still the published pair.
    expect(() =>
      parseConfig(gatewaySchema, { NODE_ENV: 'production', GATEWAY_IDENTITY_PRIVATE_KEY: pem(example.GATEWAY_IDENTITY_PRIVATE_KEY!, 'PRIVATE KEY') }),
    ).toThrow(/GATEWAY_IDENTITY_PRIVATE_KEY: belongs to a development key pair published/);
  });

  it('names a malformed identity key', () => {
    expect(problems({ ...OWN, NODE_ENV: 'test', GATEWAY_IDENTITY_PUBLIC_KEY: 'not-a-key' })).toMatch(/GATEWAY_IDENTITY_PUBLIC_KEY: must be an Ed25519 public key/);
    expect(problems({ ...OWN, NODE_ENV: 'test', GATEWAY_IDENTITY_PUBLIC_KEY: OWN_PRIVATE_KEY })).toMatch(/GATEWAY_IDENTITY_PUBLIC_KEY/);
    expect(() => parseConfig(gatewaySchema, { NODE_ENV: 'test', GATEWAY_IDENTITY_PRIVATE_KEY: OWN_PUBLIC_KEY })).toThrow(
      /GATEWAY_IDENTITY_PRIVATE_KEY: must be an Ed25519 private key/,
    );
  });

  it("accepts the operator's own secrets and key pair in production", () => {
    expect(parseConfig(schema, { ...OWN, NODE_ENV: 'production' })).toMatchObject(OWN);
    expect(parseConfig(gatewaySchema, { NODE_ENV: 'production', GATEWAY_IDENTITY_PRIVATE_KEY: OWN_PRIVATE_KEY }).GATEWAY_IDENTITY_PRIVATE_KEY).toBe(OWN_PRIVATE_KEY);
  });
});

describe('queue settings', () => {
  it('takes a Redis Cluster hash tag as the queue prefix, and refuses what is not one', () => {
    const env = { ...OWN, NODE_ENV: 'test' };
    expect(parseConfig(schema, { ...env, QUEUE_PREFIX: '{salestrail}' }).QUEUE_PREFIX).toBe('{salestrail}');
    expect(parseConfig(schema, env).QUEUE_PREFIX).toBe('salestrail');
    for (const bad of ['{salestrail', 'sales}trail', '{}', 'a:b', '{a}{b}']) expect(problems({ ...env, QUEUE_PREFIX: bad })).toContain('QUEUE_PREFIX');
  });

  it('bounds the BullMQ lock duration', () => {
    const env = { ...OWN, NODE_ENV: 'test' };
    expect(parseConfig(schema, env).QUEUE_LOCK_DURATION_MS).toBe(30_000);
    expect(parseConfig(schema, { ...env, QUEUE_LOCK_DURATION_MS: '10000' }).QUEUE_LOCK_DURATION_MS).toBe(10_000);
    expect(problems({ ...env, QUEUE_LOCK_DURATION_MS: '10' })).toContain('QUEUE_LOCK_DURATION_MS');
  });
});
