import path from 'node:path';
import proxyaddr from 'proxy-addr';
import { baseConfigShape, configHelpers, parseConfig, z } from '@salestrail/platform/dist/config';

const optionalUrl = z.preprocess((v) => (v === '' ? undefined : v), configHelpers.url(['http:', 'https:']).optional());
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** Comma-separated addresses, subnets (CIDR) or proxy-addr's names (`loopback`, `linklocal`, `uniquelocal`). */
const trustedProxies = z
  .string()
  .default('')
  .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
  .superRefine((list, ctx) => {
    try {
      proxyaddr.compile(list);
    } catch (error) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: (error as Error).message });
    }
  });

export const gatewayConfigSchema = z
  .object({
    /** Unset means production: `npm start` says development and the tests say test. */
    NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    GATEWAY_PORT: configHelpers.port(4000),
    GATEWAY_HOST: z.string().default('127.0.0.1'),
    /** Prometheus metrics of the gateway (`GET /metrics`), on a port of its own, never the API's (0: off). */
    GATEWAY_METRICS_PORT: configHelpers.metricsPort(9400),
    /** HS256 secret for user tokens (development and tests). */
    AUTH_JWT_SECRET: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(32, 'must be at least 32 characters').optional()),
    /**
     * In production with AUTH_JWKS_URL, HS256 user tokens are refused unless this says `true`: a shared
     * secret is a second way to mint any identity, kept only where the operator chooses it.
     */
    AUTH_HS256_ENABLED: z.enum(['true', 'false']).optional(),
    /** JWKS of an OIDC provider for RS256/ES256 user tokens (production). */
    AUTH_JWKS_URL: optionalUrl,
    /** How long a fetched JWKS key stays cached; an unknown `kid` refetches at once (key rotation). */
    AUTH_JWKS_CACHE_MAX_AGE_S: positiveInt(600),
    AUTH_AUDIENCE: z.string().default('salestrail'),
    AUTH_ISSUER: z.preprocess((v) => (v === '' ? undefined : v), z.string().optional()),
    /** Ed25519 private key with which the gateway signs each subgraph request's identity (docs/ACCESS.md). */
    GATEWAY_IDENTITY_PRIVATE_KEY: configHelpers.identityPrivateKey(),
    RECORDS_URL: configHelpers.url(['http:', 'https:']).default('http://127.0.0.1:4001/graphql'),
    WORKFLOW_URL: configHelpers.url(['http:', 'https:']).default('http://127.0.0.1:4002/graphql'),
    ANALYTICS_URL: configHelpers.url(['http:', 'https:']).default('http://127.0.0.1:4003/graphql'),
    SUPERGRAPH_PATH: z.string().default(path.resolve(__dirname, '../supergraph.graphql')),
    /**
     * `static` serves the committed supergraph (always in production); `live` composes it at start from
     * the subgraphs' code in this work tree, for development only (needs the dev dependencies).
     */
    GATEWAY_SUPERGRAPH: z.enum(['static', 'live']).default('static'),
    /** Redis holds the per-user rate-limit counters, so the limits hold across gateway replicas. */
    REDIS_URL: configHelpers.url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
    /** Prefix of every Redis key (shared with the services' BullMQ queues). */
    QUEUE_PREFIX: baseConfigShape.QUEUE_PREFIX,
    /** Requests one user may make per window. */
    GATEWAY_RATE_LIMIT_POINTS: positiveInt(600),
    GATEWAY_RATE_LIMIT_DURATION_S: positiveInt(60),
    /** Requests refused as unauthenticated that one client address may make per window. */
    GATEWAY_UNAUTHENTICATED_RATE_LIMIT_POINTS: positiveInt(60),
    /**
     * Proxies whose `X-Forwarded-For` names the client address (for the limit above); empty: none, the
     * socket's peer is the client.
     */
    GATEWAY_TRUSTED_PROXIES: trustedProxies,
    GATEWAY_MAX_DEPTH: positiveInt(10),
    GATEWAY_MAX_TOKENS: positiveInt(2000),
    GATEWAY_MAX_ALIASES: positiveInt(15),
    /**
     * The most values an answer may hold (`cost.ts`): each field 1 plus its selection, times the items of
     * a list, page sizes counted as given (literal or variable) or at their cap when absent.
     */
    GATEWAY_MAX_COST: positiveInt(30_000),
    GATEWAY_MAX_BODY_BYTES: positiveInt(256 * 1024),
    /**
     * The built web app (apps/web/dist): served on this origin with its persisted-documents manifest.
     * Empty: no web app (the gateway serves the API alone).
     */
    GATEWAY_WEB_STATIC_DIR: z.string().default(path.resolve(__dirname, '../../apps/web/dist')),
    /** The web app's OpenID Connect provider (its issuer URL), told to the app at GET /app-config.json. */
    WEB_OIDC_ISSUER: optionalUrl,
    WEB_OIDC_CLIENT_ID: z.string().min(1).default('salestrail-web'),
    WEB_OIDC_SCOPE: z.string().min(1).default('openid profile email'),
  })
  .refine((c) => c.AUTH_JWT_SECRET || c.AUTH_JWKS_URL, {
    message: 'set AUTH_JWT_SECRET (HS256) or AUTH_JWKS_URL (RS256/ES256)',
    path: ['AUTH_JWT_SECRET'],
  });
export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;

/** Whether HS256 user tokens are accepted: always without a JWKS; with one, in production only when enabled. */
export function hs256Accepted(config: Pick<GatewayConfig, 'NODE_ENV' | 'AUTH_JWKS_URL' | 'AUTH_HS256_ENABLED'>): boolean {
  if (!config.AUTH_JWKS_URL || config.NODE_ENV !== 'production') return true;
  return config.AUTH_HS256_ENABLED === 'true';
}

export function loadGatewayConfig(env: Record<string, string | undefined> = process.env): GatewayConfig {
  const config = parseConfig(gatewayConfigSchema, env, {
    // With a JWKS and HS256 off, the HS256 secret is not needed (and not used).
    optionalSecrets: (c) => (c.AUTH_JWKS_URL && !hs256Accepted(c as GatewayConfig) ? ['AUTH_JWT_SECRET'] : []),
  });
  // Every verifier reads the secret from here: dropping it turns HS256 off everywhere at once.
  return hs256Accepted(config) ? config : { ...config, AUTH_JWT_SECRET: undefined };
}
