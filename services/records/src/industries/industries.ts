/**
 * GB/T 4754-2017 国民经济行业分类: sections (门类) and divisions (大类), with zh-CN and en names.
 * Division codes are the section letter plus the two-digit division number (e.g. C34).
 */
export interface IndustrySection {
  section: string;
  zh: string;
  en: string;
}
export interface IndustryDivision {
  code: string;
  section: string;
  zh: string;
  en: string;
}

export const SECTIONS: IndustrySection[] = [
  { section: 'C', zh: '制造业', en: 'Manufacturing' },
  { section: 'I', zh: '信息传输、软件和信息技术服务业', en: 'Information transmission, software and IT services' },
  { section: 'P', zh: '教育', en: 'Education' },
];

export const DIVISIONS: IndustryDivision[] = [
  { code: 'C34', section: 'C', zh: '通用设备制造业', en: 'Manufacture of general-purpose machinery' },
  { code: 'C36', section: 'C', zh: '汽车制造业', en: 'Manufacture of automobiles' },
  { code: 'I65', section: 'I', zh: '软件和信息技术服务业', en: 'Software and information technology services' },
  { code: 'P83', section: 'P', zh: '教育', en: 'Education' },
];

const sectionsByLetter = new Map(SECTIONS.map((s) => [s.section, s]));
const divisionsByCode = new Map(DIVISIONS.map((d) => [d.code, d]));

export type Locale = 'zh-CN' | 'en';

export function findIndustry(code: string, locale: Locale = 'zh-CN') {
  const division = divisionsByCode.get(code);
  if (!division) return null;
  const section = sectionsByLetter.get(division.section)!;
  return {
    code: division.code,
    section: division.section,
    sectionName: locale === 'en' ? section.en : section.zh,
    name: locale === 'en' ? division.en : division.zh,
  };
}

export function listIndustries(locale: Locale = 'zh-CN') {
  return DIVISIONS.map((d) => findIndustry(d.code, locale)!);
}
