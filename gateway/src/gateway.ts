import { readFileSync } from 'node:fs';
import http from 'node:http';
import { createGatewayRuntime, type GatewayPlugin, type GatewayRuntime } from '@graphql-hive/gateway-runtime';
import { unifiedGraphHandler } from '@graphql-hive/router-runtime';
import useJWT, {
  createInlineSigningKeyProvider,
  createRemoteJwksSigningKeyProvider,
  extractFromHeader,
} from '@graphql-mesh/plugin-jwt-auth';
import { JSONLogWriter, Logger } from '@graphql-hive/logger';
import type { GatewayConfig } from './config';
import { useContractErrorCodes } from './error-codes.plugin';
import { useIdentityForwarding } from './identity-forwarding.plugin';

export interface RunningGateway {
  url: string;
  port: number;
  runtime: GatewayRuntime;
  stop: () => Promise<void>;
}

/**
 * The gateway: Hive Gateway runtime with the Rust query planner, serving the committed static
 * supergraph. It verifies user JWTs and forwards a signed identity to the subgraphs.
 */
export function createGateway(config: GatewayConfig): GatewayRuntime {
  const supergraph = readFileSync(config.SUPERGRAPH_PATH, 'utf8');
  const keyProviders = [
    ...(config.AUTH_JWT_SECRET ? [createInlineSigningKeyProvider(config.AUTH_JWT_SECRET)] : []),
    ...(config.AUTH_JWKS_URL ? [createRemoteJwksSigningKeyProvider({ jwksUri: config.AUTH_JWKS_URL })] : []),
  ] as [ReturnType<typeof createInlineSigningKeyProvider>, ...ReturnType<typeof createInlineSigningKeyProvider>[]];
  const algorithms = [
    ...(config.AUTH_JWT_SECRET ? (['HS256'] as const) : []),
    ...(config.AUTH_JWKS_URL ? (['RS256', 'ES256'] as const) : []),
  ];
  const development = config.NODE_ENV === 'development';
  return createGatewayRuntime({
    supergraph,
    unifiedGraphHandler,
    logging: gatewayLogger(config.LOG_LEVEL),
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/healthz',
    readinessCheckEndpoint: '/readyz',
    landingPage: development,
    graphiql: development,
    disableIntrospection: development ? undefined : { disableIf: () => true },
    csrfPrevention: { requestHeaders: ['x-graphql-csrf', 'content-type'] },
    transportEntries: {
      records: { location: config.RECORDS_URL },
      workflow: { location: config.WORKFLOW_URL },
      analytics: { location: config.ANALYTICS_URL },
    },
    plugins: () => [
      useJWT({
        signingKeyProviders: keyProviders,
        tokenLookupLocations: [extractFromHeader({ name: 'authorization', prefix: 'Bearer' })],
        tokenVerification: {
          algorithms: [...algorithms],
          audience: config.AUTH_AUDIENCE,
          ...(config.AUTH_ISSUER ? { issuer: config.AUTH_ISSUER } : {}),
        },
        reject: { missingToken: true, invalidToken: true },
        // Two copies of @graphql-hive/logger in the tree make the plugin's types differ only nominally.
      }) as unknown as GatewayPlugin,
      useIdentityForwarding(config.INTERNAL_SIGNING_KEY),
      useContractErrorCodes(),
    ],
  });
}

/** JSON logs like the services' (the gateway runtime brings its own logger; this sets its format). */
function gatewayLogger(level: GatewayConfig['LOG_LEVEL']): Logger {
  const levels = { fatal: 'error', error: 'error', warn: 'warn', info: 'info', debug: 'debug', trace: 'trace' } as const;
  return new Logger({
    level: level === 'silent' ? false : levels[level],
    attrs: { service: 'gateway' },
    writers: [new JSONLogWriter()],
  });
}

export async function startGateway(config: GatewayConfig): Promise<RunningGateway> {
  const runtime = createGateway(config);
  const server = http.createServer(runtime);
  await new Promise<void>((resolve) => server.listen(config.GATEWAY_PORT, config.GATEWAY_HOST, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.GATEWAY_PORT;
  return {
    url: `http://${config.GATEWAY_HOST}:${port}/graphql`,
    port,
    runtime,
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await runtime[Symbol.asyncDispose]();
    },
  };
}
