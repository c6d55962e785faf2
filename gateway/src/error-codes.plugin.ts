import { GraphQLError, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
// One module of the platform, not its index (see gateway.ts).
import { withInputFields } from '@salestrail/platform/dist/input-errors';

/** The error codes of the public contract (API.md); every error a client sees carries exactly one. */
export const CONTRACT_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'INTERNAL_SERVER_ERROR',
] as const;
export type ContractCode = (typeof CONTRACT_CODES)[number];

/** HTTP status of a request that failed as a whole (no `data`), per contract code. */
const STATUS: Record<ContractCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  BAD_USER_INPUT: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  INTERNAL_SERVER_ERROR: 500,
};

export interface ErrorLike {
  message: string;
  path?: ReadonlyArray<string | number>;
  locations?: ReadonlyArray<{ line: number; column: number }>;
  extensions?: Record<string, unknown>;
}

interface HttpExtension {
  status?: number;
  headers?: Record<string, string>;
}

/** What an error from any layer (subgraph, gateway plugin, GraphQL validation) is, for the mapping below. */
type ErrorKind =
  | { kind: 'contract'; code: ContractCode }
  | { kind: 'busy'; retryAfter: number }
  | { kind: 'unauthenticated' }
  | { kind: 'bad-request'; reason: string }
  | { kind: 'too-costly' }
  | { kind: 'internal' };

function isContractCode(code: unknown): code is ContractCode {
  return typeof code === 'string' && (CONTRACT_CODES as readonly string[]).includes(code);
}

function classify(error: ErrorLike): ErrorKind {
  const extensions = error.extensions ?? {};
  const code = extensions.code;
  const status = (extensions.http as HttpExtension | undefined)?.status;
  // A subgraph's full request queue (records answers 503 with this): passed on with its Retry-After.
  if (code === 'RATE_LIMITED' && extensions.reason === 'SERVICE_BUSY' && status === undefined) {
    const retryAfter = Number(extensions.retryAfter);
    return { kind: 'busy', retryAfter: Number.isInteger(retryAfter) && retryAfter > 0 ? retryAfter : 1 };
  }
  if (isContractCode(code)) return { kind: 'contract', code };
  if (code === 'COST_ESTIMATED_TOO_EXPENSIVE') return { kind: 'too-costly' };
  if (status === 401) return { kind: 'unauthenticated' };
  if (/CSRF/.test(error.message)) return { kind: 'bad-request', reason: 'CSRF_HEADER_REQUIRED' };
  if (/introspection has been disabled/i.test(error.message)) return { kind: 'bad-request', reason: 'INTROSPECTION_DISABLED' };
  if (/batching is not supported/i.test(error.message)) return { kind: 'bad-request', reason: 'BATCHING_NOT_SUPPORTED' };
  if (code === 'GRAPHQL_PARSE_FAILED' || /^Syntax Error/.test(error.message)) return { kind: 'bad-request', reason: 'INVALID_QUERY' };
  if (code === 'GRAPHQL_VALIDATION_FAILED' || code === 'BAD_REQUEST') return { kind: 'bad-request', reason: 'INVALID_QUERY' };
  if (status !== undefined && status >= 400 && status < 500) return { kind: 'bad-request', reason: 'INVALID_REQUEST' };
  // Yoga's validation errors carry no code and no status; subgraph and unexpected errors carry one of these.
  if (code === undefined && status === undefined && !('serviceName' in extensions) && !extensions.unexpected) {
    return { kind: 'bad-request', reason: 'INVALID_QUERY' };
  }
  return { kind: 'internal' };
}

function assertUnreachable(value: never): never {
  throw new Error(`unhandled error kind ${JSON.stringify(value)}`);
}

/** Maps an error from any layer onto the contract: a code, and for BAD_USER_INPUT a reason. */
export function normalizeError(error: ErrorLike): ErrorLike {
  const extensions = { ...(error.extensions ?? {}) };
  const http = extensions.http as HttpExtension | undefined;
  delete extensions.http;
  delete extensions.unexpected;
  const kind = classify(error);
  const keepHttp = http ? { http } : {};
  switch (kind.kind) {
    case 'contract':
      return { message: error.message, path: error.path, extensions: { ...extensions, ...keepHttp } };
    case 'busy':
      return {
        message: error.message,
        path: error.path,
        extensions: {
          code: 'RATE_LIMITED',
          reason: 'SERVICE_BUSY',
          retryAfter: kind.retryAfter,
          http: { status: 503, headers: { 'Retry-After': String(kind.retryAfter) } },
        },
      };
    case 'unauthenticated':
      return {
        message: 'Authentication required: a valid Bearer token is missing',
        extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } } },
      };
    case 'bad-request':
      return {
        message: error.message,
        path: error.path,
        extensions: {
          ...extensions,
          code: 'BAD_USER_INPUT',
          reason: typeof extensions.reason === 'string' ? extensions.reason : kind.reason,
          ...keepHttp,
        },
      };
    case 'too-costly':
      return {
        message: error.message,
        extensions: { code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_COSTLY', http: { status: 400 } },
      };
    case 'internal':
      return { message: 'Internal server error', path: error.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    default:
      return assertUnreachable(kind);
  }
}

type Result = { errors?: ErrorLike[]; data?: unknown } & Record<string, unknown>;

/** Turns a normalized error back into a GraphQLError, so Yoga sets the HTTP status and strips `http`. */
function toGraphQLError(original: ErrorLike, normalized: ErrorLike, requestFailed: boolean): GraphQLError {
  const extensions = { ...normalized.extensions };
  const code = extensions.code as ContractCode;
  const http = extensions.http as HttpExtension | undefined;
  if (requestFailed && !http) extensions.http = { status: STATUS[code] };
  // A partial answer is a 200: an error's status counts only when the request failed as a whole.
  if (!requestFailed && http?.status) extensions.http = { headers: http.headers };
  if (original instanceof GraphQLError) {
    return new GraphQLError(normalized.message, {
      nodes: original.nodes,
      source: original.source,
      positions: original.positions,
      path: normalized.path,
      extensions,
    });
  }
  return new GraphQLError(normalized.message, { path: normalized.path, extensions });
}

/**
 * Rewrites every outgoing error to carry exactly one contract code; a BAD_USER_INPUT about an input
 * value the gateway refused itself (an enum value or input field in variables or literals, checked
 * against the supergraph) also gets its `field` and `reason`, read from the operation. Subgraphs add
 * them to the errors they return (platform's input-errors.ts, the same rules).
 */
export function useContractErrorCodes(): GatewayPlugin {
  const operations = new WeakMap<object, { schema: GraphQLSchema; document: DocumentNode }>();
  const remember = (context: unknown, schema: GraphQLSchema, document: DocumentNode) => {
    const request = (context as { request?: object } | undefined)?.request;
    if (request) operations.set(request, { schema, document });
  };
  return {
    onValidate({ params, context }) {
      remember(context, params.schema, params.documentAST);
    },
    onExecute({ args }) {
      remember(args.contextValue, args.schema, args.document);
    },
    onResultProcess({ request, result, setResult }) {
      const operation = operations.get(request);
      const fix = (r: Result): Result => {
        if (!r.errors) return r;
        const requestFailed = !('data' in r) || r.data === undefined;
        const normalized = r.errors.map((e) => ({ ...normalizeError(e), locations: e.locations }));
        const placed = operation ? withInputFields(operation.schema, operation.document, normalized) : normalized;
        return { ...r, errors: r.errors.map((e, i) => toGraphQLError(e, placed[i]!, requestFailed)) as never };
      };
      if (Array.isArray(result)) setResult((result as Result[]).map(fix) as never);
      else if (result && typeof result === 'object' && 'errors' in result) setResult(fix(result as Result) as never);
    },
  };
}
