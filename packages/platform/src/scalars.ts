import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

const OFFSET_DATETIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/;

function invalid(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_FORMAT' } });
}

/** Parses an ISO-8601 date-time that carries an offset (`Z` or `±hh:mm`); anything else is rejected. */
export function parseOffsetDateTime(value: unknown): Date {
  if (typeof value !== 'string' || value.length > 40 || !OFFSET_DATETIME.test(value)) {
    throw invalid('DateTime must be ISO-8601 with an offset, e.g. 2024-03-20T14:30:00+08:00');
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw invalid(`Invalid DateTime ${value}`);
  const [, y, mo, d] = OFFSET_DATETIME.exec(value)!;
  // Reject calendar overflow such as 2024-02-30, which Date silently rolls over.
  if (Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > daysInMonth(Number(y), Number(mo))) {
    throw invalid(`Invalid DateTime ${value}`);
  }
  return date;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Parses a calendar date `YYYY-MM-DD`; returns it unchanged (dates are not instants). */
export function parseCalendarDate(value: unknown): string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    throw invalid('Date must be YYYY-MM-DD');
  }
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m) || y < 1900) throw invalid(`Invalid Date ${value}`);
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
    if (ast.kind !== Kind.STRING) throw invalid('DateTime must be a string');
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
    if (ast.kind !== Kind.STRING) throw invalid('Date must be a string');
    return parseCalendarDate(ast.value);
  },
});
