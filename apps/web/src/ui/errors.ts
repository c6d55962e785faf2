import type { ApolloError } from '@apollo/client';
import type { FormInstance } from 'antd';
import type { GraphQLFormattedError } from 'graphql';
import type { TFunction } from 'i18next';

/** What a refused mutation means for the form that sent it. */
export interface MappedErrors {
  /** Messages per form field, keyed by the input path the server named (`extensions.field`). */
  fields: Record<string, string[]>;
  /** Messages that belong to no field of this form. */
  general: string[];
  /** Someone changed the record meanwhile (`CONFLICT`, not a duplicate): offer to reload. */
  conflict: boolean;
  /** The stable reasons given, e.g. VAGUE_NEXT_ACTION. */
  reasons: string[];
}

type Translate = TFunction;

function errorsOf(error: unknown): readonly GraphQLFormattedError[] {
  const apollo = error as Partial<ApolloError> & { errors?: readonly GraphQLFormattedError[] };
  if (apollo?.graphQLErrors?.length) return apollo.graphQLErrors;
  if (apollo?.errors?.length) return apollo.errors;
  const network = apollo?.networkError as { result?: { errors?: GraphQLFormattedError[] } } | null | undefined;
  if (network?.result?.errors?.length) return network.result.errors;
  return [];
}

/**
 * Turns a mutation's GraphQL errors into form errors: a BAD_USER_INPUT (or DUPLICATE_CUSTOMER) lands on
 * the field named by `extensions.field` when the form has it (`prefix` strips the input variable's own
 * name: `input.nextAction.content` → `nextAction.content`), with the catalogue's words for its reason
 * when there are some; anything else is general. The server owns the rules: nothing here decides.
 */
export function mapGraphQLErrors(error: unknown, t: Translate, knownFields: readonly string[] = [], prefix = 'input.'): MappedErrors {
  const mapped: MappedErrors = { fields: {}, general: [], conflict: false, reasons: [] };
  const list = errorsOf(error);
  if (!list.length) {
    mapped.general.push(t('errors.network'));
    return mapped;
  }
  for (const e of list) {
    const code = typeof e.extensions?.code === 'string' ? e.extensions.code : 'INTERNAL_SERVER_ERROR';
    const reason = typeof e.extensions?.reason === 'string' ? e.extensions.reason : undefined;
    if (reason) mapped.reasons.push(reason);
    if (code === 'CONFLICT' && reason !== 'DUPLICATE_CUSTOMER') mapped.conflict = true;
    const message = reason ? t(`errors.reason.${reason}`, { defaultValue: e.message }) : t(`errors.code.${code}`, { defaultValue: e.message });
    let field = typeof e.extensions?.field === 'string' ? e.extensions.field : undefined;
    if (field?.startsWith(prefix)) field = field.slice(prefix.length);
    if (field && knownFields.includes(field)) (mapped.fields[field] ??= []).push(message);
    else mapped.general.push(message);
  }
  return mapped;
}

/** Ant Design's form wants `name` paths: `nextAction.dueAt` → ['nextAction', 'dueAt'], `needs.0.description` → ['needs', 0, 'description']. */
export function fieldPath(field: string): (string | number)[] {
  return field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** Applies mapped field errors to an Ant Design form instance. */
export function applyFieldErrors(form: FormInstance, mapped: MappedErrors): void {
  form.setFields(Object.entries(mapped.fields).map(([name, errors]) => ({ name: fieldPath(name), errors })));
}
