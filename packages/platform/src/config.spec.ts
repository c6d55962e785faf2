import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, SECRET_VARIABLES, baseConfigShape, parseConfig, z } from './config';

const schema = z.object({ ...baseConfigShape });
const OWN_KEY = 'b5c2Zr0n1mQ7pVxW3yTqL8eKjH4aF6dS9gU2iO0pXcV=';

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
    expect(parseConfig(schema, { INTERNAL_SIGNING_KEY: OWN_KEY }).NODE_ENV).toBe('production');
  });

  it('refuses a missing secret, naming the variable', () => {
    expect(problems({ NODE_ENV: 'production' })).toMatch(/INTERNAL_SIGNING_KEY/);
  });

  it('refuses a secret shorter than 32 bytes even where the schema would take it', () => {
    const lenient = z.object({ ...baseConfigShape, INTERNAL_SIGNING_KEY: z.string() });
    expect(() => parseConfig(lenient, { NODE_ENV: 'production', INTERNAL_SIGNING_KEY: 'x'.repeat(31) })).toThrow(
      /INTERNAL_SIGNING_KEY: must be at least 32 bytes/,
    );
    // Bytes, not characters: 11 Chinese characters are 33 bytes.
    expect(parseConfig(lenient, { NODE_ENV: 'production', INTERNAL_SIGNING_KEY: '销售过程记录系统密钥甲乙' }).INTERNAL_SIGNING_KEY).toHaveLength(12);
  });

  it('refuses every secret value .env.example publishes, in production only', () => {
    const example = envExample();
    const published = Object.entries(example).filter(([name]) => SECRET_VARIABLES.has(name));
    expect(published.map(([name]) => name)).toEqual(expect.arrayContaining(['INTERNAL_SIGNING_KEY']));
    for (const [name, value] of published) {
      const withSecret = z.object({ ...baseConfigShape, [name]: z.string().optional() });
      const env = { INTERNAL_SIGNING_KEY: OWN_KEY, [name]: value };
      expect(() => parseConfig(withSecret, { ...env, NODE_ENV: 'production' })).toThrow(
        new RegExp(`${name}: is a development value published`),
      );
      expect((parseConfig(withSecret, { ...env, NODE_ENV: 'development' }) as Record<string, unknown>)[name]).toBe(value);
    }
  });

  it('refuses the test kit secrets and anything marked dev-only in production', () => {
    expect(problems({ NODE_ENV: 'production', INTERNAL_SIGNING_KEY: 'test-internal-signing-key-0123456789abcdef' })).toMatch(
      /INTERNAL_SIGNING_KEY: is a development value/,
    );
    expect(problems({ NODE_ENV: 'production', INTERNAL_SIGNING_KEY: 'dev-only-something-long-enough-0123456789' })).toMatch(
      /INTERNAL_SIGNING_KEY: is a development value/,
    );
  });

  it("accepts the operator's own secret in production", () => {
    expect(parseConfig(schema, { NODE_ENV: 'production', INTERNAL_SIGNING_KEY: OWN_KEY }).INTERNAL_SIGNING_KEY).toBe(OWN_KEY);
  });
});
