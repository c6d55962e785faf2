import { GraphQLError } from 'graphql';

/** The error codes of the public contract (API.md). */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'INTERNAL_SERVER_ERROR';

/**
 * What an error tells the caller besides its code: for BAD_USER_INPUT the `field` and `reason`, for
 * others a `reason`, and any further extension a domain documents (e.g. records' `customerId` on
 * DUPLICATE_CUSTOMER, only for a caller who may read that customer).
 */
export interface ErrorDetails {
  field?: string;
  reason?: string;
  [extension: string]: string | undefined;
}

/**
 * A failure the caller can act on. Domains throw these (or subclasses); `toGraphQLError` is the one
 * place that turns them into `extensions.code` / `field` / `reason` (and the other details).
 */
export class DomainError extends Error {
  constructor(
    public readonly code: Exclude<ErrorCode, 'INTERNAL_SERVER_ERROR'>,
    message: string,
    public readonly details: ErrorDetails = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class BadInputError extends DomainError {
  constructor(field: string, reason: string, message: string) {
    super('BAD_USER_INPUT', message, { field, reason });
  }
}
export class NotFoundError extends DomainError {
  constructor(what: string, id?: string) {
    super('NOT_FOUND', id ? `${what} ${id} not found` : `${what} not found`);
  }
}
export class ConflictError extends DomainError {
  constructor(message: string, reason = 'STALE_VERSION', extensions: Omit<ErrorDetails, 'field' | 'reason'> = {}) {
    super('CONFLICT', message, { reason, ...extensions });
  }
}
export class ForbiddenError extends DomainError {
  constructor(message = 'Not allowed') {
    super('FORBIDDEN', message);
  }
}
export class UnauthenticatedError extends DomainError {
  constructor(message = 'Authentication required') {
    super('UNAUTHENTICATED', message);
  }
}

export function toGraphQLError(error: DomainError): GraphQLError {
  const extensions: Record<string, unknown> = { code: error.code };
  for (const [name, value] of Object.entries(error.details)) if (value !== undefined) extensions[name] = value;
  return new GraphQLError(error.message, { extensions });
}
