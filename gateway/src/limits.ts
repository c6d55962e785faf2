import { GraphQLError, type ValidationContext } from 'graphql';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import { costLimitPlugin } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import type { GatewayConfig } from './config';

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
 * Document limits, checked before anything executes: tokens while parsing; depth, aliases and cost while
 * validating. Field suggestions ("did you mean …") are hidden outside development, since they reveal the
 * schema that introspection hides.
 */
export function useDocumentLimits(config: GatewayConfig): GatewayPlugin[] {
  const plugins = [
    maxTokensPlugin({ n: config.GATEWAY_MAX_TOKENS, propagateOnRejection: false, onReject: rejectWith('TOO_MANY_TOKENS') }),
    maxDepthPlugin({ n: config.GATEWAY_MAX_DEPTH, propagateOnRejection: false, onReject: rejectWith('QUERY_TOO_DEEP') }),
    maxAliasesPlugin({ n: config.GATEWAY_MAX_ALIASES, propagateOnRejection: false, onReject: rejectWith('TOO_MANY_ALIASES') }),
    costLimitPlugin({ maxCost: config.GATEWAY_MAX_COST, propagateOnRejection: false, onReject: rejectWith('QUERY_TOO_COSTLY') }),
    ...(config.NODE_ENV === 'development' ? [] : [blockFieldSuggestionsPlugin()]),
  ];
  return plugins as unknown as GatewayPlugin[];
}
