import { readFileSync } from 'node:fs';
import path from 'node:path';
import { composeCurrentSupergraph } from './supergraph';
import { normalizeError } from './error-codes.plugin';

describe('the committed supergraph', () => {
  it('composes without errors and equals a fresh composition (run `npm run compose` after schema changes)', async () => {
    const fresh = await composeCurrentSupergraph();
    const committed = readFileSync(path.resolve(__dirname, '../supergraph.graphql'), 'utf8');
    expect(committed).toBe(fresh);
  });
});

describe('gateway error codes', () => {
  it('maps the gateway layers onto the contract codes', () => {
    expect(normalizeError({ message: 'Unauthenticated', extensions: { http: { status: 401 } } }).extensions).toEqual({
      code: 'UNAUTHENTICATED',
    });
    expect(normalizeError({ message: 'Cannot query field "x"', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }).extensions)
      .toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_QUERY' });
    expect(normalizeError({ message: 'x', extensions: { code: 'CONFLICT', reason: 'STALE_VERSION' } }).extensions).toEqual({
      code: 'CONFLICT',
      reason: 'STALE_VERSION',
    });
    expect(normalizeError({ message: 'boom', extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'records' } }))
      .toEqual({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });
});
