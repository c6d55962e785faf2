import {
  getNullableType,
  getOperationAST,
  isListType,
  type DocumentNode,
  type GraphQLField,
  type GraphQLSchema,
} from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import { getComplexity, type ComplexityEstimatorArgs } from 'graphql-query-complexity';
import { DEFAULT_LIST_SIZE, LIST_SIZES } from './list-sizes';

/** Past this many fields (fragments spread again and again count each time) a document is not costed but refused. */
export const MAX_COSTED_FIELDS = 10_000;

/** How many items a field's answer can hold, with its arguments as this request gives them. */
export function itemsOf(typeName: string, field: GraphQLField<unknown, unknown>, args: Record<string, unknown>): number {
  const size = LIST_SIZES[`${typeName}.${field.name}`];
  if (!size) return isListType(getNullableType(field.type)) ? DEFAULT_LIST_SIZE : 1;
  if ('page' in size) {
    const value = args[size.page];
    // Past the cap (or below zero) the service refuses the page itself: it can never return more.
    return typeof value === 'number' && Number.isInteger(value) ? Math.min(Math.max(value, 0), size.max) : size.max;
  }
  if ('lengthOf' in size) {
    const value = args[size.lengthOf];
    return Array.isArray(value) ? value.length : 1;
  }
  if ('narrowedBy' in size) return size.narrowedBy(args);
  return size.size;
}

/** A field costs one, plus its selection, times the items it can hold: sizes multiply through nesting. */
function estimate({ type, field, args, childComplexity }: ComplexityEstimatorArgs): number {
  return itemsOf(type.name, field as GraphQLField<unknown, unknown>, args) * (1 + childComplexity);
}

/**
 * The most values the answer to this operation can hold, with page sizes read from `variables` (their
 * coerced values, defaults included) as well as from literals. `null` when the variables do not fit
 * the operation (or it names no operation): execution refuses those before any subgraph is called.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
  operationName?: string,
): number | null {
  const operation = getOperationAST(document, operationName);
  if (!operation) return null;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  if (coerced.errors) return null;
  try {
    return getComplexity({
      schema,
      query: document,
      variables,
      operationName: operation.name?.value,
      estimators: [estimate],
      maxQueryNodes: MAX_COSTED_FIELDS,
    });
  } catch {
    // Only a document past MAX_COSTED_FIELDS gets here: validation has already refused anything else.
    return Number.POSITIVE_INFINITY;
  }
}
