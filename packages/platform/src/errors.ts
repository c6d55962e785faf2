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
 * A failure the caller can act on. Domains throw these (or subclasses); `toGraphQLError` is the one
 * place that turns them into `extensions.code` / `field` / `reason`.
 */
export class DomainError extends Error {
  constructor(
    public readonly code: Exclude<ErrorCode, 'INTERNAL_SERVER_ERROR'>,
    message: string,
    public readonly details: { field?: string; reason?: string } = {},
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
  constructor(message: string, reason = 'STALE_VERSION') {
    super('CONFLICT', message, { reason });
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
  if (error.details.field !== undefined) extensions.field = error.details.field;
  if (error.details.reason !== undefined) extensions.reason = error.details.reason;
  return new GraphQLError(error.message, { extensions });
}
