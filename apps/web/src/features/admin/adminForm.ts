import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import { applyFieldErrors } from '../../ui/errors';
import { mapFormErrors } from '../../ui/formErrors';

/**
 * A refused admin mutation on its form: each BAD_USER_INPUT lands on the field named by
 * `extensions.field` (with the section's own words for the reason when it has some); the rest is returned
 * for the form's alert.
 */
export function showServerErrors(
  error: unknown,
  form: FormInstance,
  t: TFunction,
  section: string,
  fields: readonly string[],
): string[] {
  const mapped = mapFormErrors(error, t, section, fields);
  applyFieldErrors(form, mapped);
  return mapped.general;
}

/** Empty text is no value: the API takes null (or an omitted field) for it. */
export function blankToNull(value: string | null | undefined): string | null {
  const text = value?.trim() ?? '';
  return text === '' ? null : text;
}
