/** A message catalogue: nested keys, each leaf a text with i18next `{{interpolations}}`. */
export interface Catalogue {
  [key: string]: string | Catalogue;
}

/** The plural suffixes of i18next (CLDR categories): `hours_one` and `hours_other` are one key, `hours`. */
const PLURAL = /_(zero|one|two|few|many|other)$/;

/**
 * Every key of a catalogue, dotted, with plural forms folded into their key (Chinese has only `_other`,
 * English `_one` and `_other`): two languages of a namespace are complete when these sets are equal.
 */
export function catalogueKeys(catalogue: Catalogue, prefix = ''): string[] {
  const keys = Object.entries(catalogue).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key.replace(PLURAL, '')}`] : catalogueKeys(value, `${prefix}${key}.`),
  );
  return [...new Set(keys)].sort();
}
