import { normalizeError } from './error-codes.plugin';

const ext = (message: string, extensions?: Record<string, unknown>) => normalizeError({ message, extensions }).extensions;

describe('gateway error codes', () => {
  it('keeps the contract codes of subgraph and gateway errors, with their reason and field', () => {
    expect(ext('x', { code: 'CONFLICT', reason: 'STALE_VERSION' })).toEqual({ code: 'CONFLICT', reason: 'STALE_VERSION' });
    expect(ext('x', { code: 'BAD_USER_INPUT', field: 'nextAction.dueAt', reason: 'FUTURE_DATE' })).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'nextAction.dueAt',
      reason: 'FUTURE_DATE',
    });
    expect(ext('x', { code: 'RATE_LIMITED', retryAfter: 3, http: { status: 429 } })).toEqual({
      code: 'RATE_LIMITED',
      retryAfter: 3,
      http: { status: 429 },
    });
  });

  it('maps a 401 without a code to UNAUTHENTICATED with WWW-Authenticate', () => {
    expect(normalizeError({ message: 'Unauthenticated', extensions: { http: { status: 401 } } }).extensions).toEqual({
      code: 'UNAUTHENTICATED',
      http: { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } },
    });
  });

  it('passes a subgraph\'s full queue on as RATE_LIMITED with 503 and its Retry-After', () => {
    expect(ext('records is busy', { code: 'RATE_LIMITED', reason: 'SERVICE_BUSY', retryAfter: 2, serviceName: 'records' })).toEqual({
      code: 'RATE_LIMITED',
      reason: 'SERVICE_BUSY',
      retryAfter: 2,
      http: { status: 503, headers: { 'Retry-After': '2' } },
    });
  });

  it('maps query problems to BAD_USER_INPUT with a reason', () => {
    expect(ext('Cannot query field "x"', { code: 'GRAPHQL_VALIDATION_FAILED' })).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'INVALID_QUERY',
    });
    expect(ext('Syntax Error: Expected Name, found <EOF>.', { http: { status: 400 } })).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'INVALID_QUERY',
    });
    expect(ext('GraphQL introspection has been disabled, but the requested query contained the field "__schema".')).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'INTROSPECTION_DISABLED',
    });
    expect(ext('Required CSRF header(s) not present', { http: { status: 403 } })).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'CSRF_HEADER_REQUIRED',
    });
    expect(ext('Batching is not supported.', { http: { status: 400 } })).toMatchObject({ reason: 'BATCHING_NOT_SUPPORTED' });
    expect(ext('Operation estimated cost 9 exceeded configured maximum 3', { code: 'COST_ESTIMATED_TOO_EXPENSIVE' })).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'QUERY_TOO_COSTLY',
    });
  });

  it('masks everything else as INTERNAL_SERVER_ERROR without details', () => {
    expect(normalizeError({ message: 'connect ECONNREFUSED', extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'records' } }))
      .toEqual({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(normalizeError({ message: 'Unexpected error.', extensions: { unexpected: true } }).extensions).toEqual({
      code: 'INTERNAL_SERVER_ERROR',
    });
  });
});
