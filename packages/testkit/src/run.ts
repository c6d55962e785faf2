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

/**
 * The test gateway's identity key pair (Ed25519, base64 DER as in .env.example) and the services' events
 * key. Published here, so refused in production (packages/platform/src/config.ts lists them).
 */
export const TEST_IDENTITY_PRIVATE_KEY = 'MC4CAQAwBQYDK2VwBCIEIPtTHjJQ5yZKPU5mK+wuXjvlLjvsjBa998AQrtH3Uzm1';
export const TEST_IDENTITY_PUBLIC_KEY = 'MCowBQYDK2VwAyEA/QQMvs6CLX+r9oWBhncjOAs7S9sku895MT9wQ9m/ih4=';
export const TEST_SERVICE_EVENTS_KEY = 'test-service-events-key-0123456789abcdef';
export const TEST_JWT_SECRET = 'test-jwt-secret-0123456789abcdef0123456789';
