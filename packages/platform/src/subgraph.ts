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
import { GraphQLError, parse, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import pinoHttp from 'pino-http';
import { buildSchema, createResolversMap, type BuildSchemaOptions } from 'type-graphql';
import type { Actor } from '@salestrail/contract';
import { DomainError, toGraphQLError } from './errors';
import { mountHealthRoutes } from './health';
import { IDENTITY_HEADER, verifyInternalIdentity } from './identity';
import type { Lifecycle } from './lifecycle';
import type { Logger } from './logger';
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
  signingKey: string;
  /** Extends the verified base context (per request: build DataLoaders here). */
  context: (base: BaseContext) => TContext | Promise<TContext>;
  /** Extra HTTP routes (CSV exports and the like), mounted before the GraphQL endpoint. */
  routes?: (app: Express, authenticate: (req: Request) => Promise<BaseContext>) => void;
  bodyLimit?: string;
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
      const known = ['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'BAD_USER_INPUT', 'PERSISTED_QUERY_NOT_FOUND'];
      const extensions: Record<string, unknown> = { ...formatted.extensions };
      delete extensions.stacktrace;
      if (known.includes(code)) {
        extensions.code = 'BAD_USER_INPUT';
        extensions.reason ??= code === 'BAD_USER_INPUT' ? 'INVALID_VALUE' : 'INVALID_QUERY';
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
  ];
  const apollo = new ApolloServer<TContext>({
    schema: options.schema,
    plugins,
    introspection: false,
    includeStacktraceInErrorResponses: false,
    formatError: formatSubgraphError(logger),
    csrfPrevention: true,
  });
  await apollo.start();

  mountHealthRoutes(app, options.name, lifecycle);

  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
    }),
  );
  app.use(
    express.json({
      limit: options.bodyLimit ?? '1mb',
      verify: (req, _res, buf) => {
        (req as RawBodyRequest).rawBody = buf;
      },
    }),
  );

  const authenticate = async (req: Request): Promise<BaseContext> => {
    const raw = (req as unknown as RawBodyRequest).rawBody ?? Buffer.alloc(0);
    const header = req.headers[IDENTITY_HEADER];
    const actor = await verifyInternalIdentity(typeof header === 'string' ? header : undefined, raw, options.signingKey);
    const requestId = String(req.id ?? randomUUID());
    return { actor, requestId, logger: req.log.child({ userId: actor.userId }) };
  };

  options.routes?.(app, authenticate);

  app.use(
    '/graphql',
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        try {
          return await options.context(await authenticate(req));
        } catch (error) {
          if (error instanceof DomainError) {
            const mapped = toGraphQLError(error);
            throw new GraphQLError(mapped.message, {
              extensions: { ...mapped.extensions, http: { status: error.code === 'UNAUTHENTICATED' ? 401 : 403 } },
            });
          }
          throw error;
        }
      },
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
