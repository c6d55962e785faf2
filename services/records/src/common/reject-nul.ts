import { defaultFieldResolver, isObjectType, type GraphQLSchema } from 'graphql';
import { BadInputError } from '@salestrail/platform';

/**
 * PostgreSQL text cannot hold U+0000: a string argument carrying it would fail deep in a query. Refuse
 * it at the edge instead, naming the argument path.
 *
 * Applied to the built schema rather than as a type-graphql global middleware: a global middleware wraps
 * every field (argument-less scalars included) in an async dispatch, which made each of the hundreds of
 * fields of a dashboard page cost a few promises. Only fields that take arguments are wrapped here, and
 * the check is synchronous; a field without arguments never receives any, so the rule is the same.
 */
export function rejectNulCharacters(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      // The federation entity lookup is not a type-graphql field: it was never covered (ids are checked as UUIDs).
      if (field.args.length === 0 || field.name === '_entities') continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (root, args: Record<string, unknown>, context, info) => {
        const bad = findNul(args, []);
        if (bad !== null) throw new BadInputError(bad, 'INVALID_CHARACTER', 'Text may not contain the NUL character');
        return resolve(root, args, context, info);
      };
    }
  }
  return schema;
}

export function findNul(value: unknown, path: string[]): string | null {
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
