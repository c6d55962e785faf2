import { BadInputError } from '@salestrail/platform';
import { DIVISIONS, SECTIONS } from './gbt4754-2017';

export type { IndustryDivision, IndustrySection } from './gbt4754-2017';
export { DIVISIONS, SECTIONS };

export type Locale = 'zh-CN' | 'en';

/**
 * The locale a client asks for: zh-CN by default; `zh`/`zh-*` → zh-CN, `en`/`en-*` → en. Anything else
 * is BAD_USER_INPUT (UNSUPPORTED_LOCALE).
 */
export function toLocale(value: string | null | undefined): Locale {
  if (value === null || value === undefined) return 'zh-CN';
  const match = /^(zh|en)(?:[-_][A-Za-z0-9]{2,8})?$/i.exec(value.trim());
  if (!match) throw new BadInputError('locale', 'UNSUPPORTED_LOCALE', 'Supported locales: zh-CN, en');
  return match[1]!.toLowerCase() === 'en' ? 'en' : 'zh-CN';
}

const sectionsByLetter = new Map(SECTIONS.map((s) => [s.section, s]));
const divisionsByCode = new Map(DIVISIONS.map((d) => [d.code, d]));

export function isIndustryCode(code: string): boolean {
  return divisionsByCode.has(code);
}

export function findIndustry(code: string, locale: Locale = 'zh-CN') {
  const division = divisionsByCode.get(code);
  if (!division) return null;
  const section = sectionsByLetter.get(division.section);
  if (!section) return null;
  return {
    code: division.code,
    section: division.section,
    sectionName: locale === 'en' ? section.en : section.zh,
    name: locale === 'en' ? division.en : division.zh,
  };
}

export function listIndustries(locale: Locale = 'zh-CN') {
  return DIVISIONS.map((d) => findIndustry(d.code, locale)).filter((i) => i !== null);
}
