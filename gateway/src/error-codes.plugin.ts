import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';

/** The error codes of the public contract (API.md); every error a client sees carries one. */
export const CONTRACT_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'INTERNAL_SERVER_ERROR',
]);

interface ErrorLike {
  message: string;
  extensions?: Record<string, unknown>;
}

/** Maps an error from the gateway's own layers (JWT, parsing, validation, planning) onto the contract. */
export function normalizeError(error: ErrorLike): ErrorLike {
  const extensions = { ...(error.extensions ?? {}) };
  const code = extensions.code;
  const status = (extensions.http as { status?: number } | undefined)?.status;
  delete extensions.http;
  if (typeof code === 'string' && CONTRACT_CODES.has(code)) return { ...error, extensions };
  if (status === 401 || /authentication token/i.test(error.message)) {
    return { message: 'Authentication required: a valid Bearer token is missing', extensions: { code: 'UNAUTHENTICATED' } };
  }
  if (
    code === 'GRAPHQL_VALIDATION_FAILED' ||
    code === 'GRAPHQL_PARSE_FAILED' ||
    code === 'BAD_REQUEST' ||
    (status !== undefined && status >= 400 && status < 500) ||
    (code === undefined && status === undefined && !('serviceName' in extensions))
  ) {
    return { ...error, extensions: { ...extensions, code: 'BAD_USER_INPUT', reason: extensions.reason ?? 'INVALID_QUERY' } };
  }
  return { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

type Result = { errors?: ErrorLike[] } & Record<string, unknown>;

/** Rewrites every outgoing error to carry exactly one contract code. */
export function useContractErrorCodes(): GatewayPlugin {
  return {
    onResultProcess({ result, setResult }) {
      const fix = (r: Result): Result => (r.errors ? { ...r, errors: r.errors.map(normalizeError) } : r);
      if (Array.isArray(result)) setResult((result as Result[]).map(fix) as never);
      else if (result && typeof result === 'object' && 'errors' in result) setResult(fix(result as Result) as never);
    },
  };
}
