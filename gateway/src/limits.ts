import { GraphQLError, type ValidationContext } from 'graphql';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import type { GatewayConfig } from './config';
import { MAX_COSTED_FIELDS, operationCost } from './cost';

/** A document refused by a limit: BAD_USER_INPUT with a stable reason, HTTP 400. */
export function limitError(reason: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', reason, http: { status: 400 } } });
}

/**
 * Rejects with our typed error instead of graphql-armor's untyped "Syntax Error": during validation the
 * error is reported on the context (so no subgraph is called), while parsing (the token limit) it is thrown.
 */
function rejectWith(reason: string) {
  return [
    (context: ValidationContext | null, error: GraphQLError) => {
      const typed = limitError(reason, error.message.replace(/^Syntax Error: /, ''));
      if (context) context.reportError(typed);
      else throw typed;
    },
  ];
}

/**
 * The cost limit, checked once the request's variables are known (graphql-armor's cost rule runs during
 * validation, before them, and so saw only literal page sizes) and before the query plan runs: a refused
 * operation reaches no subgraph. The cost model is in `cost.ts`, the list sizes in `list-sizes.ts`.
 */
export function useCostLimit(maxCost: number): GatewayPlugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const variables = (args.variableValues ?? {}) as Record<string, unknown>;
      const cost = operationCost(args.schema, args.document, variables, args.operationName ?? undefined);
      if (cost === null || cost <= maxCost) return;
      const amount = Number.isFinite(cost) ? String(cost) : `more than ${MAX_COSTED_FIELDS} fields`;
      setResultAndStopExecution({
        errors: [limitError('QUERY_TOO_COSTLY', `Query is too costly: ${amount}, at most ${maxCost} (page sizes count as given)`)],
      });
    },
  };
}

/**
 * Document limits, checked before anything executes: tokens while parsing; depth and aliases while
 * validating; cost once the variables are known, before execution. Field suggestions ("did you mean …")
 * are hidden outside development, since they reveal the schema that introspection hides.
 */
export function useDocumentLimits(config: GatewayConfig): GatewayPlugin[] {
  const plugins = [
    maxTokensPlugin({ n: config.GATEWAY_MAX_TOKENS, propagateOnRejection: false, onReject: rejectWith('TOO_MANY_TOKENS') }),
    maxDepthPlugin({ n: config.GATEWAY_MAX_DEPTH, propagateOnRejection: false, onReject: rejectWith('QUERY_TOO_DEEP') }),
    maxAliasesPlugin({ n: config.GATEWAY_MAX_ALIASES, propagateOnRejection: false, onReject: rejectWith('TOO_MANY_ALIASES') }),
    ...(config.NODE_ENV === 'development' ? [] : [blockFieldSuggestionsPlugin()]),
  ];
  return [...(plugins as unknown as GatewayPlugin[]), useCostLimit(config.GATEWAY_MAX_COST)];
}
