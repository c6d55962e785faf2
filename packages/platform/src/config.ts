import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import { isKey, parseIdentityPrivateKey, parseIdentityPublicKey, publicKeyFingerprint } from './keys';

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
  'GATEWAY_IDENTITY_PRIVATE_KEY',
  'SERVICE_EVENTS_KEY',
]);

/** How an operator makes their own value of each secret (named in the refusal). */
const HOW_TO_GENERATE: Record<string, string> = {
  GATEWAY_IDENTITY_PRIVATE_KEY: 'generate an Ed25519 key pair as docs/ACCESS.md shows (openssl genpkey -algorithm ed25519)',
};
const GENERATE_SECRET = 'generate one: openssl rand -base64 48';

/**
 * Every secret value this repository publishes (.env.example, the test kit). Anyone can read them, so
 * a production process holding one is open to whoever signs a token with it. A test keeps this list in
 * step with .env.example; anything starting `dev-only-` or `test-` is refused as well.
 */
const PUBLISHED_SECRETS: ReadonlySet<string> = new Set([
  'dev-only-salestrail-jwt-secret-change-me-0123456789',
  'dev-only-salestrail-service-events-key-0123456789',
  'MC4CAQAwBQYDK2VwBCIEII+qv/Wdzro60NKz51A3CIOJC2WYCLpnizXjH2qhrJtL',
  'test-jwt-secret-0123456789abcdef0123456789',
  'test-service-events-key-0123456789abcdef',
  'MC4CAQAwBQYDK2VwBCIEIPtTHjJQ5yZKPU5mK+wuXjvlLjvsjBa998AQrtH3Uzm1',
]);

/**
 * The public halves of the gateway identity key pairs published here (.env.example, the test kit), as
 * base64 SPKI DER. The public key is no secret, but a subgraph trusting one of these trusts whoever
 * copies the private half from this repository: in production neither half may be one of them,
 * whatever form (PEM, base64) it is written in.
 */
const PUBLISHED_IDENTITY_KEYS: ReadonlySet<string> = new Set([
  'MCowBQYDK2VwAyEAF6Za801AWE1uUtIFNeATtwOebXTcr5xFJkWNJ8Jwsg0=',
  'MCowBQYDK2VwAyEA/QQMvs6CLX+r9oWBhncjOAs7S9sku895MT9wQ9m/ih4=',
]);
const IDENTITY_KEY_VARIABLES: Record<string, (text: string) => KeyObject> = {
  GATEWAY_IDENTITY_PRIVATE_KEY: parseIdentityPrivateKey,
  GATEWAY_IDENTITY_PUBLIC_KEY: parseIdentityPublicKey,
};
const MIN_SECRET_BYTES = 32;

/** What is wrong with a production secret's value, or null when it will do. */
export function productionSecretProblem(value: string | undefined, name = ''): string | null {
  const generate = HOW_TO_GENERATE[name] ?? GENERATE_SECRET;
  if (value === undefined || value === '') return `required in production (${generate})`;
  const trimmed = value.trim();
  if (PUBLISHED_SECRETS.has(trimmed) || /^(dev-only-|test-)/.test(trimmed)) {
    return `is a development value published in the SalesTrail repository; generate your own: ${generate}`;
  }
  if (Buffer.byteLength(value, 'utf8') < MIN_SECRET_BYTES) return `must be at least ${MIN_SECRET_BYTES} bytes`;
  return null;
}

/** A gateway identity key whose pair is published here, in any spelling; null when it is the operator's own. */
function publishedIdentityKeyProblem(name: string, value: string | undefined): string | null {
  const parse = IDENTITY_KEY_VARIABLES[name];
  if (!parse || !value) return null;
  let fingerprint: string;
  try {
    fingerprint = publicKeyFingerprint(parse(value));
  } catch {
    return null; // the schema names a malformed key
  }
  return PUBLISHED_IDENTITY_KEYS.has(fingerprint)
    ? 'belongs to a development key pair published in the SalesTrail repository; generate your own pair as docs/ACCESS.md shows'
    : null;
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
      const value = env[name];
      if (SECRET_VARIABLES.has(name) && !((value === undefined || value === '') && optional.has(name))) {
        const problem = productionSecretProblem(value, name);
        if (problem) {
          problems.push(`${name}: ${problem}`);
          continue;
        }
      }
      const published = publishedIdentityKeyProblem(name, value);
      if (published) problems.push(`${name}: ${published}`);
    }
    if (problems.length) throw new ConfigError(problems);
  }
  return result.data;
}

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);
/** A Prometheus metrics port (`/metrics`, never the API's port); 0 turns the metrics endpoint off. */
const metricsPort = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
const url = (protocols: string[]) =>
  z.string().refine((v) => {
    try {
      return protocols.includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, `must be a URL with protocol ${protocols.join(' or ')}`);

const identityPublicKey = () =>
  z.string().refine((v) => isKey(parseIdentityPublicKey, v), 'must be an Ed25519 public key: PEM or one line of base64 (SPKI DER)');
const identityPrivateKey = () =>
  z.string().refine((v) => isKey(parseIdentityPrivateKey, v), 'must be an Ed25519 private key: PEM or one line of base64 (PKCS#8 DER)');

/** Settings every service shares. Each service extends this in its own config.ts. */
export const baseConfigShape = {
  /** Unset means production: `npm start` says development and the tests say test, nothing else does. */
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  REDIS_URL: url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
  /**
   * Prefix of every BullMQ key in Redis; lets several installations (or test runs) share one Redis. In a
   * Redis Cluster it is a hash tag, `{salestrail}`, so that every key of a queue lands in one slot (BullMQ's
   * scripts touch several keys of a queue at once).
   */
  QUEUE_PREFIX: z
    .string()
    .regex(/^(\{[A-Za-z0-9_-]+\}|[A-Za-z0-9_-]+)$/, 'letters, digits, _ and - only, optionally as a hash tag: {name}')
    .default('salestrail'),
  /**
   * How long a BullMQ worker's lock on a job lasts between renewals: a job whose worker died (kill -9, a
   * lost node) is handed to another copy after about twice this (the lock expires, then the next stalled
   * check finds it).
   */
  QUEUE_LOCK_DURATION_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
  /** The gateway's Ed25519 public key: subgraphs accept only identities it verifies (docs/ACCESS.md). */
  GATEWAY_IDENTITY_PUBLIC_KEY: identityPublicKey(),
  /** Secret of the services' credentials for each other's event history (never valid on GraphQL). */
  SERVICE_EVENTS_KEY: z.string().min(32, 'must be at least 32 characters'),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /**
   * `on`: the service creates its database when missing and applies pending migrations at start (under
   * an advisory lock). `off`: migrations are their own step (`node services/<service>/dist/migrate.js`,
   * run once per release, e.g. as a Kubernetes Job) and the service refuses to start while one is pending.
   */
  MIGRATE_ON_START: z.enum(['on', 'off']).default('on'),
};

export const configHelpers = { port, metricsPort, url, identityPrivateKey, identityPublicKey };
export { z };
