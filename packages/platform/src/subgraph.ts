import 'reflect-metadata';
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import express, { type Express, type Request } from 'express';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { parse, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import pinoHttp from 'pino-http';
import { buildSchema, createResolversMap, type BuildSchemaOptions } from 'type-graphql';
import type { Actor } from '@salestrail/contract';
import { DomainError, toGraphQLError } from './errors';
import { mountHealthRoutes } from './health';
import {
  IDENTITY_HEADER,
  IdentityCheckUnavailableError,
  SERVICE_CREDENTIAL_HEADER,
  createRequestVerifier,
  identityCheckRefusal,
  redisReplayGuard,
  type BoundRequest,
  type ServiceScope,
} from './identity';
import { withInputFields } from './input-errors';
import type { Lifecycle } from './lifecycle';
import { logSerializers, type Logger } from './logger';
import { createRedis } from './redis';
import { isRequestId, runWithRequestId } from './request-context';
import { DateScalar, DateTimeScalar } from './scalars';

const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible", "@tag"])';

/**
 * Builds a federation subgraph schema from type-graphql resolvers. `referenceResolvers` holds each entity's
 * `__resolveReference`; they must be passed here (added afterwards they are never called).
 */
export async function buildFederatedSchema(
  options: Omit<BuildSchemaOptions, 'scalarsMap' | 'validate'> & {
    referenceResolvers?: GraphQLResolverMap<unknown>;
  },
): Promise<GraphQLSchema> {
  const { referenceResolvers, ...rest } = options;
  const schema = await buildSchema({
    ...rest,
    scalarsMap: [
      { type: Date, scalar: DateTimeScalar },
    ],
    validate: { forbidUnknownValues: false, validationError: { target: false, value: false } },
    skipCheck: true,
  });
  const typeDefs = parse(`${FEDERATION_LINK}\n${printSchemaWithDirectives(schema)}`);
  const resolvers = createResolversMap(schema) as GraphQLResolverMap<unknown>;
  for (const [typeName, fields] of Object.entries(referenceResolvers ?? {})) {
    resolvers[typeName] = { ...(resolvers[typeName] as object), ...(fields as object) } as never;
  }
  return buildSubgraphSchema({ typeDefs, resolvers });
}

export { DateScalar, DateTimeScalar };

/** What every resolver receives. Services extend it with their own loaders and services. */
export interface BaseContext {
  actor: Actor;
  requestId: string;
  logger: Logger;
}

export interface SubgraphServerOptions<TContext extends BaseContext> {
  name: string;
  schema: GraphQLSchema;
  port: number;
  host?: string;
  logger: Logger;
  lifecycle: Lifecycle;
  /** Whom to trust: the gateway's public key, the events key, and the Redis of the replay cache. */
  identity: SubgraphIdentitySettings;
  /** Extends the verified base context (per request: build DataLoaders here). */
  context: (base: BaseContext) => TContext | Promise<TContext>;
  /** Extra HTTP routes (CSV exports and the like), mounted before the GraphQL endpoint. */
  routes?: (app: Express, guards: RouteGuards) => void;
  bodyLimit?: string;
}

export interface SubgraphIdentitySettings {
  GATEWAY_IDENTITY_PUBLIC_KEY: string;
  SERVICE_EVENTS_KEY: string;
  REDIS_URL: string;
  QUEUE_PREFIX: string;
}

/** How a route tells who sent a request; each throws UnauthenticatedError (or IdentityCheckUnavailableError). */
export interface RouteGuards {
  /** The user the gateway vouches for, with an identity made for this very request. */
  authenticate: (req: Request) => Promise<BaseContext>;
  /** Another service holding a credential for `scope` made for this very request (internal routes only). */
  authorizeService: (req: Request, scope: ServiceScope) => Promise<void>;
}

interface RawBodyRequest extends http.IncomingMessage {
  rawBody?: Buffer;
}

/** Errors never leak internals: domain and validation errors keep their code, the rest is masked. */
export function formatSubgraphError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = (error as { originalError?: unknown })?.originalError ?? error;
    if (original instanceof DomainError) {
      const mapped = toGraphQLError(original);
      return { ...formatted, message: mapped.message, extensions: { ...mapped.extensions } };
    }
    const validation = validationDetails(original);
    if (validation) {
      return {
        ...formatted,
        message: validation.message,
        extensions: { code: 'BAD_USER_INPUT', field: validation.field, reason: validation.reason },
      };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') {
      // Apollo's own typed errors (validation, variable coercion): keep the code, drop the stacktrace.
      // BAD_REQUEST: a request Apollo refuses as such (a mutation over GET, a CSRF-suspect request).
      const known = ['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'BAD_USER_INPUT', 'PERSISTED_QUERY_NOT_FOUND', 'BAD_REQUEST'];
      const extensions: Record<string, unknown> = { ...formatted.extensions };
      delete extensions.stacktrace;
      if (known.includes(code)) {
        extensions.code = 'BAD_USER_INPUT';
        extensions.reason ??= code === 'BAD_USER_INPUT' ? 'INVALID_VALUE' : code === 'BAD_REQUEST' ? 'BAD_REQUEST' : 'INVALID_QUERY';
      }
      return { ...formatted, extensions };
    }
    logger.error({ err: original }, 'unexpected error');
    return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}

interface ClassValidatorError {
  property: string;
  constraints?: Record<string, string>;
  children?: ClassValidatorError[];
}

/** type-graphql's ArgumentValidationError (class-validator) → the first failing field and a reason. */
function validationDetails(error: unknown): { field: string; reason: string; message: string } | null {
  // type-graphql 2's ArgumentValidationError is a GraphQLError whose `name` stays "GraphQLError": know it
  // by its class name or by the validation errors it carries.
  const isValidation =
    !!error &&
    ((error as { name?: string }).name === 'ArgumentValidationError' ||
      (error as object).constructor?.name === 'ArgumentValidationError' ||
      Array.isArray((error as { extensions?: { validationErrors?: unknown } }).extensions?.validationErrors));
  if (!isValidation) return null;
  const errors = (error as { extensions?: { validationErrors?: ClassValidatorError[] } }).extensions
    ?.validationErrors;
  const walk = (list: ClassValidatorError[], prefix: string[]): { path: string[]; e: ClassValidatorError } | null => {
    for (const e of list) {
      const path = [...prefix, e.property];
      if (e.constraints && Object.keys(e.constraints).length) return { path, e };
      const inner = walk(e.children ?? [], path);
      if (inner) return inner;
    }
    return null;
  };
  const found = errors ? walk(errors, []) : null;
  if (!found) return { field: '', reason: 'INVALID_VALUE', message: 'Invalid input' };
  const [constraint, message] = Object.entries(found.e.constraints ?? {})[0] ?? ['invalid', 'Invalid input'];
  // class-validator's @Length reports both bounds as `isLength`: tell them apart by the message.
  if (constraint === 'isLength') {
    const reason = /shorter/.test(message) ? 'TOO_LONG' : 'TOO_SHORT';
    return { field: found.path.filter((p) => p !== 'input').join('.'), reason, message };
  }
  const reasons: Record<string, string> = {
    maxLength: 'TOO_LONG',
    minLength: 'TOO_SHORT',
    arrayMaxSize: 'TOO_MANY',
    arrayMinSize: 'TOO_FEW',
    isEmail: 'INVALID_EMAIL',
    isNotEmpty: 'REQUIRED',
    max: 'OUT_OF_RANGE',
    min: 'OUT_OF_RANGE',
  };
  // "input.0.name" → "input.contacts[0].name" style is more than clients need: dots throughout.
  const field = found.path.filter((p) => p !== 'input').join('.');
  return { field, reason: reasons[constraint] ?? 'INVALID_VALUE', message };
}

/**
 * GraphQL refuses a value that does not fit its type (a DateTime's format, an enum value, a missing input
 * field) before any resolver runs, naming the place only in its message or by a location; this adds
 * `field` and `reason` to those errors once they are formatted (input-errors.ts), from the operation.
 */
export function inputFieldsPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, schema, document }) {
          if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
          response.body.singleResult.errors = withInputFields(schema, document, response.body.singleResult.errors);
        },
      };
    },
  };
}

/** The request as this service received it, to match the one an identity was made for. */
function boundRequest(req: Request): Omit<BoundRequest, 'service'> {
  const target = req.originalUrl;
  const mark = target.indexOf('?');
  return {
    method: req.method,
    path: mark === -1 ? target : target.slice(0, mark),
    query: mark === -1 ? '' : target.slice(mark + 1),
    body: (req as unknown as RawBodyRequest).rawBody ?? Buffer.alloc(0),
  };
}

/** Starts one subgraph: Apollo Server on express, health endpoints, gateway-signed identity, drain on stop. */
export async function startSubgraph<TContext extends BaseContext>(
  options: SubgraphServerOptions<TContext>,
): Promise<{ url: string; server: http.Server; port: number }> {
  const { logger, lifecycle } = options;
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);

  const plugins: ApolloServerPlugin<TContext>[] = [
    ApolloServerPluginDrainHttpServer({ httpServer }),
    ApolloServerPluginInlineTraceDisabled(),
    ApolloServerPluginLandingPageDisabled(),
    // Cache hints are never used (no cache-control header is read downstream), and the default cache-control
    // plugin wraps every field's resolver to compute them: about a sixth of the CPU of a 50-customer page.
    ApolloServerPluginCacheControlDisabled(),
    inputFieldsPlugin<TContext>(),
  ];
  const apollo = new ApolloServer<TContext>({
    schema: options.schema,
    plugins,
    introspection: false,
    includeStacktraceInErrorResponses: false,
    formatError: formatSubgraphError(logger),
    // A request reaching Apollo carries the gateway's identity header, which no browser sends cross-site
    // without a preflight: it counts as the CSRF header (Apollo's own two still do).
    csrfPrevention: { requestHeaders: [IDENTITY_HEADER, 'x-apollo-operation-name', 'apollo-require-preflight'] },
  });
  await apollo.start();

  mountHealthRoutes(app, options.name, lifecycle, logger);

  app.use(
    pinoHttp({
      logger,
      // pino-http gives request loggers its own serializers: keep the one error serializer there too.
      serializers: logSerializers,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = isRequestId(given) ? given : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
    }),
  );
  // The rest of the request runs with its id as the current one: every log line, event and job it
  // causes carries it.
  app.use((req: Request, _res: express.Response, next: express.NextFunction) => runWithRequestId(req.id, next));
  app.use(
    express.json({
      limit: options.bodyLimit ?? '1mb',
      verify: (req, _res, buf) => {
        (req as RawBodyRequest).rawBody = buf;
      },
    }),
  );

  // Identities and service credentials are accepted once: their ids are kept in Redis until they expire.
  // The replay cache has its own connection that fails fast (no offline queue): with Redis away a request
  // is refused at once (fail closed: 503 SERVICE_BUSY with Retry-After, nothing done) instead of waiting,
  // and the service's Redis readiness check fails. A check Redis leaves unanswered for
  // REPLAY_CHECK_TIMEOUT_MS is refused the same way (the time measured as `withinTime` does, not by
  // ioredis's commandTimeout, which also counts the process's own event-loop delay).
  const replayRedis = createRedis(options.identity.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  replayRedis.on('error', () => undefined);
  lifecycle.onShutdown('stores', 'identity replay cache', async () => void replayRedis.disconnect());
  const verifier = createRequestVerifier({
    service: options.name,
    gatewayPublicKey: options.identity.GATEWAY_IDENTITY_PUBLIC_KEY,
    serviceKey: options.identity.SERVICE_EVENTS_KEY,
    replay: redisReplayGuard(replayRedis, options.identity.QUEUE_PREFIX),
  });
  const header = (req: Request, name: string) => {
    const value = req.headers[name];
    return typeof value === 'string' ? value : undefined;
  };

  const guards: RouteGuards = {
    authenticate: async (req) => {
      const actor = await verifier.caller(header(req, IDENTITY_HEADER), boundRequest(req));
      const requestId = String(req.id ?? randomUUID());
      return { actor, requestId, logger: req.log.child({ userId: actor.userId }) };
    },
    authorizeService: (req, scope) => verifier.service(header(req, SERVICE_CREDENTIAL_HEADER), boundRequest(req), scope),
  };

  // Every GraphQL request, GET or POST, needs the gateway's identity made for it, before anything else
  // (other routes, Apollo's own checks) looks at it; a GET is thereby a query the gateway signed for that URL.
  app.use('/graphql', async (req: Request, res: express.Response, next: express.NextFunction) => {
    try {
      res.locals.base = await guards.authenticate(req);
      next();
    } catch (error) {
      if (error instanceof IdentityCheckUnavailableError) {
        logger.warn({ err: error.cause }, 'identity replay cache did not answer; request refused as busy');
        const refusal = identityCheckRefusal(error);
        res.status(refusal.status).set(refusal.headers).json(refusal.body);
      } else if (error instanceof DomainError) {
        res.status(401).json({ errors: [{ message: error.message, extensions: { code: 'UNAUTHENTICATED' } }] });
      } else {
        next(error);
      }
    }
  });

  options.routes?.(app, guards);

  app.use(
    '/graphql',
    expressMiddleware(apollo, {
      context: async ({ res }) => options.context(res.locals.base as BaseContext),
    }),
  );
  // Malformed JSON and oversized bodies are the caller's fault: a typed 400, never a 500.
  app.use((err: Error & { status?: number; type?: string }, _req: Request, res: express.Response, next: express.NextFunction) => {
    if (res.headersSent) return next(err);
    const status = err.status && err.status < 500 ? err.status : 500;
    if (status === 500) logger.error({ err }, 'request failed');
    res.status(status).json({
      errors: [
        {
          message: status === 500 ? 'Internal server error' : err.message,
          extensions: { code: status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_USER_INPUT', reason: err.type ?? 'BAD_REQUEST' },
        },
      ],
    });
  });

  await new Promise<void>((resolve) => httpServer.listen(options.port, options.host ?? '127.0.0.1', resolve));
  const address = httpServer.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  lifecycle.onShutdown('http', `${options.name} http`, () => apollo.stop());
  const url = `http://${options.host ?? '127.0.0.1'}:${port}/graphql`;
  logger.info({ url }, 'subgraph listening');
  return { url, server: httpServer, port };
}
