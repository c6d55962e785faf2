import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { ScalarFormatError } from './input-errors';

const OFFSET_DATETIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/;

/** A malformed value; GraphQL adds where it is (see input-errors.ts), the API layer adds the field. */
const invalidDateTime = (message: string) => new ScalarFormatError(message, 'INVALID_DATE_TIME');
const invalidDate = (message: string) => new ScalarFormatError(message, 'INVALID_DATE');

/** Parses an ISO-8601 date-time that carries an offset (`Z` or `±hh:mm`); anything else is rejected. */
export function parseOffsetDateTime(value: unknown): Date {
  if (typeof value !== 'string' || value.length > 40 || !OFFSET_DATETIME.test(value)) {
    throw invalidDateTime('DateTime must be ISO-8601 with an offset, e.g. 2024-03-20T14:30:00+08:00');
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw invalidDateTime(`Invalid DateTime ${value}`);
  const [, y, mo, d] = OFFSET_DATETIME.exec(value)!;
  // Reject calendar overflow such as 2024-02-30, which Date silently rolls over.
  if (Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > daysInMonth(Number(y), Number(mo))) {
    throw invalidDateTime(`Invalid DateTime ${value}`);
  }
  return date;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Parses a calendar date `YYYY-MM-DD`; returns it unchanged (dates are not instants). */
export function parseCalendarDate(value: unknown): string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    throw invalidDate('Date must be YYYY-MM-DD');
  }
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m) || y < 1900) throw invalidDate(`Invalid Date ${value}`);
  return value;
}

/** `DateTime`: stored in UTC, returned as ISO-8601 with offset, accepted only with an offset. */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'ISO-8601 date-time with offset, e.g. 2024-03-20T14:30:00+08:00',
  serialize(value) {
    const date = value instanceof Date ? value : new Date(value as string);
    if (Number.isNaN(date.getTime())) throw new GraphQLError('DateTime cannot represent an invalid date');
    return date.toISOString();
  },
  parseValue: parseOffsetDateTime,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw invalidDateTime('DateTime must be a string');
    return parseOffsetDateTime(ast.value);
  },
});

/** `Date`: a calendar date `YYYY-MM-DD`. */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'Calendar date YYYY-MM-DD',
  serialize(value) {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    return parseCalendarDate(value);
  },
  parseValue: parseCalendarDate,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw invalidDate('Date must be a string');
    return parseCalendarDate(ast.value);
  },
});
