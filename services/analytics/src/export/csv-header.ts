import { BadInputError, Messages, parseLocale } from '@salestrail/platform';
import * as en from '../i18n/en';
import * as zhCN from '../i18n/zh-CN';

const messages = new Messages({ 'zh-CN': { analytics: zhCN.analytics }, en: { analytics: en.analytics } });

/** How the header row of an export is written: labels in a language, or the machine column keys. */
export type CsvHeader = { kind: 'labels'; locale: 'zh-CN' | 'en' } | { kind: 'keys' };

/**
 * `locale` (zh-CN by default, or en) and `header` (`labels` by default, or `keys`) of an export's query
 * string. The columns and their order are the same whichever header is asked for.
 */
export function parseCsvHeader(query: Record<string, unknown>): CsvHeader {
  const one = (name: string) => {
    const value = query[name];
    if (value === undefined || value === '') return undefined;
    if (typeof value !== 'string') throw new BadInputError(name, 'INVALID_VALUE', `${name} must be given once`);
    return value;
  };
  const header = one('header') ?? 'labels';
  if (header !== 'labels' && header !== 'keys') throw new BadInputError('header', 'INVALID_ENUM_VALUE', 'header must be labels or keys');
  const locale = parseLocale(one('locale'));
  return header === 'keys' ? { kind: 'keys' } : { kind: 'labels', locale };
}

/**
 * The file as sent: one for people (labelled header) starts with a UTF-8 byte-order mark, without which
 * Excel reads the Chinese header and names as another encoding; one for scripts (`header=keys`) has none.
 */
export function csvFile(header: CsvHeader, csv: string): string {
  return header.kind === 'labels' ? `\uFEFF${csv}` : csv;
}

/** The header row: each machine column key (stable, documented) or its label in the reader's language. */
export function headerRow(keys: readonly string[], header: CsvHeader): string[] {
  return header.kind === 'keys' ? [...keys] : keys.map((key) => messages.t(header.locale, `analytics:csv.${key}`));
}
