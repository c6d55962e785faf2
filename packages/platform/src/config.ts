import { z } from 'zod';

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * The variables that hold secrets, system-wide. In production a process refuses to start when one its
 * schema declares is missing, shorter than 32 bytes, or a value published in this repository.
 */
export const SECRET_VARIABLES: ReadonlySet<string> = new Set([
  'AUTH_JWT_SECRET',
  'INTERNAL_SIGNING_KEY',
]);

/**
 * Every secret value this repository publishes (.env.example, the test kit). Anyone can read them, so
 * a production process holding one is open to whoever signs a token with it. A test keeps this list in
 * step with .env.example; anything starting `dev-only-` or `test-` is refused as well.
 */
const PUBLISHED_SECRETS: ReadonlySet<string> = new Set([
  'dev-only-salestrail-jwt-secret-change-me-0123456789',
  'dev-only-salestrail-internal-signing-key-0123456789',
  'test-internal-signing-key-0123456789abcdef',
  'test-jwt-secret-0123456789abcdef0123456789',
]);
const MIN_SECRET_BYTES = 32;

/** What is wrong with a production secret's value, or null when it will do. */
export function productionSecretProblem(value: string | undefined): string | null {
  if (value === undefined || value === '') return 'required in production (generate one: openssl rand -base64 48)';
  const trimmed = value.trim();
  if (PUBLISHED_SECRETS.has(trimmed) || /^(dev-only-|test-)/.test(trimmed)) {
    return 'is a development value published in the SalesTrail repository; generate your own: openssl rand -base64 48';
  }
  if (Buffer.byteLength(value, 'utf8') < MIN_SECRET_BYTES) return `must be at least ${MIN_SECRET_BYTES} bytes`;
  return null;
}

export interface ParseConfigOptions {
  /** Secrets that may be absent in production (the gateway's HS256 secret when a JWKS is used). */
  optionalSecrets?: (config: Record<string, unknown>) => string[];
}

/**
 * Parses environment variables with a zod object schema whose keys are the variable names.
 * A bad or missing value throws a ConfigError naming each variable at fault. With NODE_ENV=production
 * (the default: development and tests say so), every secret the schema declares must be the
 * operator's own.
 */
export function parseConfig<S extends z.ZodObject<z.ZodRawShape>>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
  options: ParseConfigOptions = {},
): z.infer<S> {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    );
  }
  const config = result.data as Record<string, unknown>;
  if (config.NODE_ENV === 'production') {
    const optional = new Set(options.optionalSecrets?.(config) ?? []);
    const problems: string[] = [];
    for (const name of Object.keys(schema.shape)) {
      if (!SECRET_VARIABLES.has(name)) continue;
      const value = env[name];
      if ((value === undefined || value === '') && optional.has(name)) continue;
      const problem = productionSecretProblem(value);
      if (problem) problems.push(`${name}: ${problem}`);
    }
    if (problems.length) throw new ConfigError(problems);
  }
  return result.data;
}

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);
const url = (protocols: string[]) =>
  z.string().refine((v) => {
    try {
      return protocols.includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, `must be a URL with protocol ${protocols.join(' or ')}`);

/** Settings every service shares. Each service extends this in its own config.ts. */
export const baseConfigShape = {
  /** Unset means production: `npm start` says development and the tests say test, nothing else does. */
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  REDIS_URL: url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
  /** Prefix of every BullMQ key in Redis; lets several installations (or test runs) share one Redis. */
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only')
    .default('salestrail'),
  /** Shared secret with which the gateway signs the identity it forwards to subgraphs. */
  INTERNAL_SIGNING_KEY: z.string().min(32, 'must be at least 32 characters'),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /**
   * `on`: the service creates its database when missing and applies pending migrations at start (under
   * an advisory lock). `off`: migrations are their own step (`node services/<service>/dist/migrate.js`,
   * run once per release, e.g. as a Kubernetes Job) and the service refuses to start while one is pending.
   */
  MIGRATE_ON_START: z.enum(['on', 'off']).default('on'),
};

export const configHelpers = { port, url };
export { z };
