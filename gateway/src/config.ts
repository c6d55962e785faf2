import path from 'node:path';
import { configHelpers, parseConfig, z } from '@salestrail/platform';

const optionalUrl = z.preprocess((v) => (v === '' ? undefined : v), configHelpers.url(['http:', 'https:']).optional());

export const gatewayConfigSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    GATEWAY_PORT: configHelpers.port(4000),
    GATEWAY_HOST: z.string().default('127.0.0.1'),
    /** HS256 secret for user tokens (development and tests). */
    AUTH_JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    /** JWKS of an OIDC provider for RS256/ES256 user tokens (production). */
    AUTH_JWKS_URL: optionalUrl,
    AUTH_AUDIENCE: z.string().default('salestrail'),
    AUTH_ISSUER: z.string().optional(),
    INTERNAL_SIGNING_KEY: z.string().min(32, 'must be at least 32 characters'),
    RECORDS_URL: configHelpers.url(['http:', 'https:']).default('http://127.0.0.1:4001/graphql'),
    WORKFLOW_URL: configHelpers.url(['http:', 'https:']).default('http://127.0.0.1:4002/graphql'),
    ANALYTICS_URL: configHelpers.url(['http:', 'https:']).default('http://127.0.0.1:4003/graphql'),
    SUPERGRAPH_PATH: z.string().default(path.resolve(__dirname, '../supergraph.graphql')),
  })
  .refine((c) => c.AUTH_JWT_SECRET || c.AUTH_JWKS_URL, {
    message: 'set AUTH_JWT_SECRET (HS256) or AUTH_JWKS_URL (RS256/ES256)',
    path: ['AUTH_JWT_SECRET'],
  });
export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;

export function loadGatewayConfig(env: Record<string, string | undefined> = process.env): GatewayConfig {
  return parseConfig(gatewayConfigSchema as unknown as z.ZodObject<z.ZodRawShape>, env) as GatewayConfig;
}
