import type { MiddlewareFn } from 'type-graphql';
import { BadInputError } from '@salestrail/platform';

/**
 * PostgreSQL text cannot hold U+0000: a string argument carrying it would fail deep in a query. Refuse
 * it at the edge instead, naming the argument path.
 */
export const RejectNulCharacters: MiddlewareFn = async ({ args }, next) => {
  const bad = findNul(args, []);
  if (bad) throw new BadInputError(bad, 'INVALID_CHARACTER', 'Text may not contain the NUL character');
  return next();
};

function findNul(value: unknown, path: string[]): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path.filter((p) => p !== 'input').join('.') : null;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = findNul(v, [...path, String(i)]);
      if (found !== null) return found;
    }
    return null;
  }
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    for (const [k, v] of Object.entries(value)) {
      const found = findNul(v, [...path, k]);
      if (found !== null) return found;
    }
  }
  return null;
}
