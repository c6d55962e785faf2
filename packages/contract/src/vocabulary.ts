/**
 * Enum values shared by several subgraphs (federation merges enums by name, so every subgraph that
 * exposes one must list the same values). GraphQL registration happens in each service.
 */
export const SOURCE_CHANNELS = ['TRADE_SHOW', 'PROACTIVE_VISIT', 'ONLINE_PROMOTION', 'REFERRAL', 'INBOUND', 'OTHER'] as const;
export type SourceChannelValue = (typeof SOURCE_CHANNELS)[number];

/** Turns a list of values into a TypeScript enum-like object type-graphql can register. */
export function enumObject<T extends string>(values: readonly T[]): { [K in T]: K } {
  return Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
}

/** Languages a person of the directory reads SalesTrail in (`zh-CN` unless they choose otherwise). */
export const LOCALES = ['zh-CN', 'en'] as const;
export type LocaleValue = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: LocaleValue = 'zh-CN';
