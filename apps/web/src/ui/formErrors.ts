import type { TFunction } from 'i18next';
import { mapGraphQLErrors, type MappedErrors } from './errors';

/**
 * mapGraphQLErrors with a form's own words for the reasons it knows (`<section>.reason.<REASON>` in
 * the catalogue) before the shared `errors.reason.*` ones; the server's message is the last resort.
 */
export function mapFormErrors(error: unknown, t: TFunction, section: string, knownFields: readonly string[]): MappedErrors {
  const local = ((key: string, options?: Record<string, unknown>) => {
    const reason = /^errors\.reason\.(.+)$/.exec(key)?.[1];
    if (reason) {
      const own = t(`${section}.reason.${reason}`, { defaultValue: '' });
      if (own) return own;
    }
    return t(key, options ?? {});
  }) as unknown as TFunction;
  return mapGraphQLErrors(error, local, knownFields);
}

/** The `extensions` of the first GraphQL error with the given reason, if any. */
export function errorWithReason(error: unknown, reason: string): Record<string, unknown> | undefined {
  const apollo = error as { graphQLErrors?: readonly { extensions?: Record<string, unknown> }[] };
  return apollo?.graphQLErrors?.find((e) => e.extensions?.reason === reason)?.extensions;
}
