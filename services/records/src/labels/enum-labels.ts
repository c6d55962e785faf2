import { Messages } from '@salestrail/platform';
import type { Locale } from '../industries/industries';

/**
 * Labels of every enum of the public contract (API.md), the ones other subgraphs own included, so that a
 * client can label any value it receives from one query. They live in the shared catalogue
 * (`packages/platform/src/i18n/locales/`, namespace `enum`), which the owning subgraphs use for their
 * own `…Label` fields too.
 */
const messages = new Messages();

export function enumLabels(locale: Locale): Array<{ enum: string; value: string; label: string }> {
  return messages.enumLabels(locale);
}

export function labelOf(enumName: string, value: string, locale: Locale): string {
  return messages.enumLabel(enumName, value, locale);
}
