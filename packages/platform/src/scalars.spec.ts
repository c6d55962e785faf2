import { parseCalendarDate, parseOffsetDateTime } from './scalars';
import { ConfigError, baseConfigShape, parseConfig, z } from './config';
import { TEST_IDENTITY_PUBLIC_KEY } from '@salestrail/testkit';

describe('DateTime and Date scalars', () => {
  it('accepts offsets and returns the instant', () => {
    expect(parseOffsetDateTime('2024-03-20T14:30:00+08:00').toISOString()).toBe('2024-03-20T06:30:00.000Z');
    expect(parseOffsetDateTime('2024-03-20T06:30Z').toISOString()).toBe('2024-03-20T06:30:00.000Z');
  });

  it('rejects a date-time without offset, an impossible date and non-strings', () => {
    expect(() => parseOffsetDateTime('2024-03-20T14:30:00')).toThrow(/offset/);
    expect(() => parseOffsetDateTime('2024-02-30T10:00:00Z')).toThrow();
    expect(() => parseOffsetDateTime(12)).toThrow();
  });

  it('accepts only real calendar dates', () => {
    expect(parseCalendarDate('2024-02-29')).toBe('2024-02-29');
    expect(() => parseCalendarDate('2023-02-29')).toThrow();
    expect(() => parseCalendarDate('2024-3-1')).toThrow();
  });
});

describe('config', () => {
  const schema = z.object({ ...baseConfigShape, PORT: z.coerce.number().int().min(1) });

  it('names every variable at fault', () => {
    try {
      parseConfig(schema, { SERVICE_EVENTS_KEY: 'short', PORT: 'x', REDIS_URL: 'http://nope' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message).toMatch(/SERVICE_EVENTS_KEY/);
      expect(message).toMatch(/GATEWAY_IDENTITY_PUBLIC_KEY/);
      expect(message).toMatch(/PORT/);
      expect(message).toMatch(/REDIS_URL/);
    }
  });

  it('fills defaults', () => {
    const config = parseConfig(schema, { SERVICE_EVENTS_KEY: 'k'.repeat(32), GATEWAY_IDENTITY_PUBLIC_KEY: TEST_IDENTITY_PUBLIC_KEY, PORT: '80', NODE_ENV: 'test' });
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.PORT).toBe(80);
  });
});
