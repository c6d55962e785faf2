import { randomBytes } from 'node:crypto';

/**
 * Per-run names shared between jest's global setup and the test workers (through environment
 * variables, which workers inherit): each run gets fresh databases and its own Redis key prefix.
 */
export const ENV = {
  postgres: 'SALESTRAIL_TEST_PG_URL',
  redis: 'SALESTRAIL_TEST_REDIS_URL',
  run: 'SALESTRAIL_TEST_RUN',
} as const;

export function newRunId(): string {
  return `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through jest with the testkit global setup`);
  return value;
}

export function testRunId(): string {
  return required(ENV.run);
}

/** URL of this run's database for one service (or any other name a test needs). */
export function testDatabaseUrl(name: string): string {
  const url = new URL(required(ENV.postgres));
  url.pathname = `/st_${name}_${testRunId()}`;
  return url.toString();
}

export function testRedisUrl(): string {
  return required(ENV.redis);
}

/** A Redis key prefix unique to this run and `scope` (a test file, a queue family). */
export function testQueuePrefix(scope = 'q'): string {
  return `st-${testRunId()}-${scope}`;
}

/** The signing key shared by the test gateway and subgraphs. */
export const TEST_SIGNING_KEY = 'test-internal-signing-key-0123456789abcdef';
export const TEST_JWT_SECRET = 'test-jwt-secret-0123456789abcdef0123456789';
