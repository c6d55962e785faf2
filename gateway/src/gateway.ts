import { readFileSync } from 'node:fs';
import http from 'node:http';
import { createGatewayRuntime, type GatewayPlugin, type GatewayRuntime } from '@graphql-hive/gateway-runtime';
import { unifiedGraphHandler } from '@graphql-hive/router-runtime';
import { JSONLogWriter, Logger } from '@graphql-hive/logger';
import { OperationTypeNode, getOperationAST, type DocumentNode } from 'graphql';
// The platform's modules are imported one by one: its index also loads TypeORM, BullMQ, pg and the
// subgraph server, about 45 MB of resident memory the gateway never uses.
import { createIdentitySigner } from '@salestrail/platform/dist/identity';
import { startMetricsServer } from '@salestrail/platform/dist/metrics';
import { createRedis, type Redis } from '@salestrail/platform/dist/redis';
import { createLogger } from '@salestrail/platform/dist/logger';
import { stopTracing } from '@salestrail/platform/dist/tracing';
import { createTokenVerifier, useAuthentication } from './auth';
import type { GatewayConfig } from './config';
import { useCsvExport } from './csv-export.plugin';
import { useContractErrorCodes } from './error-codes.plugin';
import { redactingLogWriter } from './log-redaction';
import { guardHttp } from './http-guard';
import { subgraphNames, useIdentityForwarding } from './identity-forwarding.plugin';
import { useDocumentLimits } from './limits';
import { loadPersistedDocuments, serveWebApp, webAppDirectory } from './web-app';
import { usePrometheusMetrics, useTracing } from './observability';
import { useQueueConsole } from './queue-console.plugin';
import { clientAddressReader, createAuthenticator, createRateLimiters, useRateLimit, type RateLimiters } from './rate-limit.plugin';

export interface RunningGateway {
  url: string;
  port: number;
  runtime: GatewayRuntime;
  stop: () => Promise<void>;
}

export interface GatewayDependencies {
  rateLimiters: RateLimiters;
  /** The supergraph SDL to serve (read from SUPERGRAPH_PATH, or composed live in development). */
  supergraph: string;
  /** The web app's persisted documents, hash → operation text (empty: none). */
  persistedDocuments?: ReadonlyMap<string, string>;
}

/**
 * The HTTP executor would share one upstream response among identical subgraph queries in flight. Its
 * key is the URL and the body, not the signed identity this gateway adds to each request (in onFetch,
 * after the key is taken): two users sending the same query at the same moment would both receive the
 * answer given to the first one, whatever each may see. It also deep-copies every query result, shared
 * or not. So every subgraph request goes out on its own.
 */
const SUBGRAPH_TRANSPORT = { deduplicateInflightRequests: false };

/**
 * A subgraph query that got no HTTP answer at all is sent again, twice at most (after 100 ms, then
 * 300 ms). That happens when a subgraph copy stops or restarts: a pooled keep-alive connection it
 * closed is reused at that instant ("socket hang up", ECONNRESET), or the copy is not listening yet.
 * A query changes nothing, so sending it again is safe; a mutation is never sent again (the first may
 * have been applied, and its caller is told it failed). An answer, even an error, is never retried.
 */
export const QUERY_RETRY = {
  maxRetries: 2,
  retryDelay: 100,
  retryDelayFactor: 3,
  shouldRetry: ({ response }: { response?: Response }) => response === undefined,
};

export function isQueryRequest(request: { document: DocumentNode; operationName?: string; operationType?: OperationTypeNode }): boolean {
  const operation = getOperationAST(request.document, request.operationName)?.operation ?? request.operationType;
  return operation === OperationTypeNode.QUERY;
}

/**
 * The gateway: Hive Gateway runtime with the Rust query planner, serving the committed static
 * supergraph. Per GraphQL request, in order: CSRF check, JWT verification and claim check, per-user rate
 * limit, parsing with a token limit, validation with depth/alias/cost limits (introspection refused
 * outside development), then execution, each subgraph request carrying a signed identity.
 */
export function createGateway(config: GatewayConfig, deps: GatewayDependencies): GatewayRuntime {
  const { supergraph } = deps;
  const development = config.NODE_ENV === 'development';
  const { users, addresses } = deps.rateLimiters;
  const authenticate = createAuthenticator(createTokenVerifier(config), addresses, clientAddressReader(config.GATEWAY_TRUSTED_PROXIES));
  const signIdentity = createIdentitySigner(config.GATEWAY_IDENTITY_PRIVATE_KEY);
  const log = gatewayLogger(config.LOG_LEVEL);
  return createGatewayRuntime({
    supergraph,
    unifiedGraphHandler,
    logging: log,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/healthz',
    readinessCheckEndpoint: '/readyz',
    landingPage: development,
    graphiql: development,
    disableIntrospection: development ? undefined : { disableIf: () => true },
    // A request is let through only if its content type forces a CORS preflight (application/json) or
    // it carries this header; a plain HTML form or a simple GET cannot set either.
    csrfPrevention: { requestHeaders: ['x-graphql-csrf'] },
    // One operation per request: a batch would multiply the rate limit and the cost limit.
    batching: false,
    // The web app sends only the hash of each of its operations (Apollo's extensions.persistedQuery or
    // documentId), resolved from the manifest its build generated; other clients still send query text.
    // A resolved document then goes through the same limits as any other.
    ...(deps.persistedDocuments?.size
      ? {
          persistedDocuments: {
            getPersistedOperation: (key: string) => deps.persistedDocuments!.get(key) ?? null,
            allowArbitraryDocuments: true,
            customErrors: {
              notFound: {
                message: 'Unknown persisted document: this app version is not the one the gateway serves; reload the page',
                extensions: { code: 'BAD_USER_INPUT', reason: 'PERSISTED_DOCUMENT_NOT_FOUND', http: { status: 400 } },
              },
              // Neither query text nor a hash (an empty or missing query): the same answer as without the web app.
              keyNotFound: {
                message: 'Must provide a query string or a persisted document id',
                extensions: { code: 'BAD_USER_INPUT', reason: 'QUERY_REQUIRED', http: { status: 400 } },
              },
            },
          },
        }
      : {}),
    upstreamRetry: ({ executionRequest }) => (isQueryRequest(executionRequest) ? QUERY_RETRY : undefined),
    transportEntries: {
      records: { location: config.RECORDS_URL, options: SUBGRAPH_TRANSPORT },
      workflow: { location: config.WORKFLOW_URL, options: SUBGRAPH_TRANSPORT },
      analytics: { location: config.ANALYTICS_URL, options: SUBGRAPH_TRANSPORT },
    },
    plugins: () => [
      ...useTracing(log),
      ...(config.GATEWAY_METRICS_PORT > 0 ? [usePrometheusMetrics(log)] : []),
      useCsvExport(config, authenticate, signIdentity, users),
      useQueueConsole(config, authenticate, signIdentity, users),
      useAuthentication(authenticate),
      useRateLimit(users),
      ...useDocumentLimits(config),
      useIdentityForwarding(signIdentity, subgraphNames(config)),
      useContractErrorCodes(),
    ] as GatewayPlugin[],
  });
}

/**
 * JSON logs like the services' (the gateway runtime brings its own logger; this sets its format), with
 * no request bodies, variables, query text or result data at any level (`log-redaction.ts`).
 */
function gatewayLogger(level: GatewayConfig['LOG_LEVEL']): Logger {
  const levels = { fatal: 'error', error: 'error', warn: 'warn', info: 'info', debug: 'debug', trace: 'trace' } as const;
  return new Logger({
    level: level === 'silent' ? false : levels[level],
    attrs: { service: 'gateway' },
    writers: [redactingLogWriter(new JSONLogWriter())],
  });
}

/** The committed static supergraph, or (development opt-in) one composed now from the subgraphs' code. */
async function loadSupergraph(config: GatewayConfig): Promise<string> {
  if (config.GATEWAY_SUPERGRAPH === 'static') return readFileSync(config.SUPERGRAPH_PATH, 'utf8');
  if (config.NODE_ENV === 'production') throw new Error('GATEWAY_SUPERGRAPH=live is for development only');
  const { composeCurrentSupergraph } = await import('./supergraph');
  return composeCurrentSupergraph();
}

export async function startGateway(config: GatewayConfig): Promise<RunningGateway> {
  // Fail fast while Redis is away: the rate limiter then uses its in-memory fallback, and /readyz says so.
  const redis: Redis = createRedis(config.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  redis.on('error', () => undefined);
  const runtime = createGateway(config, {
    rateLimiters: createRateLimiters(redis, config),
    supergraph: await loadSupergraph(config),
    persistedDocuments: loadPersistedDocuments(webAppDirectory(config)),
  });
  const server = http.createServer(
    serveWebApp(guardHttp(runtime, { maxBodyBytes: config.GATEWAY_MAX_BODY_BYTES, readinessPath: '/readyz', redis }), config),
  );
  await new Promise<void>((resolve) => server.listen(config.GATEWAY_PORT, config.GATEWAY_HOST, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.GATEWAY_PORT;
  // Prometheus metrics on a port of their own, never the API's.
  const metrics =
    config.GATEWAY_METRICS_PORT > 0
      ? await startMetricsServer({
          name: 'gateway',
          port: config.GATEWAY_METRICS_PORT,
          host: config.GATEWAY_HOST,
          logger: createLogger('gateway', config.LOG_LEVEL),
        })
      : null;
  return {
    url: `http://${config.GATEWAY_HOST}:${port}/graphql`,
    port,
    runtime,
    stop: async () => {
      // Keep-alive clients would hold the server open until the exit timer cuts requests off mid-flight
      // (a client retrying such a mutation applies it twice): once stopping, every response closes its
      // connection and idle connections are dropped, so the drain ends when the requests in flight are answered.
      server.prependListener('request', (_req: http.IncomingMessage, res: http.ServerResponse) => {
        if (!res.headersSent) res.setHeader('connection', 'close');
      });
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      const idle = setInterval(() => server.closeIdleConnections(), 50);
      server.closeIdleConnections();
      await closed;
      clearInterval(idle);
      server.closeAllConnections();
      await runtime[Symbol.asyncDispose]();
      await metrics?.close();
      await stopTracing();
      redis.disconnect();
    },
  };
}
