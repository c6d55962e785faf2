import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BadInputError, parseLocale } from '@salestrail/platform';
import type { LocaleValue } from '@salestrail/contract';
import { DIVISION_NAMES_EN, SECTION_NAMES_EN } from './gbt4754-2017';

export type Locale = LocaleValue;

/**
 * The locale a client asks for: zh-CN by default; `zh`/`zh-*` → zh-CN, `en`/`en-*` → en. Anything else
 * is BAD_USER_INPUT (UNSUPPORTED_LOCALE). The platform's one parser, under the name records uses.
 */
export function toLocale(value: string | null | undefined): Locale {
  return parseLocale(value);
}

/** The four levels of GB/T 4754-2017: 门类 section, 大类 division, 中类 group, 小类 class. */
export const INDUSTRY_LEVELS = ['SECTION', 'DIVISION', 'GROUP', 'CLASS'] as const;
export type IndustryLevel = (typeof INDUSTRY_LEVELS)[number];

/**
 * One entry of the standard. SalesTrail writes its code as the section letter followed by the
 * standard's digits: `C` (制造业), `C36` (汽车制造业), `C361` (汽车整车制造), `C3612` (新能源车整车制造).
 * Division codes (`C34`) are the ones customers were recorded with before groups and classes existed.
 */
export interface IndustryEntry {
  code: string;
  level: IndustryLevel;
  section: string;
  parentCode: string | null;
  zh: string;
  /** Sections and divisions only (the standard has no English; see gbt4754-2017.ts). */
  en: string | null;
  childCodes: string[];
}

/** The standard as published (`code,level,parent,name_zh`, parents before children), shipped with the service. */
export const GBT4754_CSV = path.resolve(__dirname, '../../data/gbt4754-2017.csv');

export function parseStandard(csv: string): Map<string, IndustryEntry> {
  const entries = new Map<string, IndustryEntry>();
  const byStandardCode = new Map<string, IndustryEntry>();
  const [header, ...lines] = csv.split('\n').filter((line) => line.trim() !== '');
  if (header !== 'code,level,parent,name_zh') throw new Error(`Unexpected GB/T 4754-2017 header: ${header}`);
  for (const line of lines) {
    const [standardCode, levelNumber, parent, zh] = line.split(',');
    const level = INDUSTRY_LEVELS[Number(levelNumber) - 1];
    if (!standardCode || !level || zh === undefined) throw new Error(`Malformed GB/T 4754-2017 row: ${line}`);
    const parentEntry = parent ? byStandardCode.get(parent) : undefined;
    if (level !== 'SECTION' && !parentEntry) throw new Error(`GB/T 4754-2017 row before its parent: ${line}`);
    const section = parentEntry?.section ?? standardCode;
    const entry: IndustryEntry = {
      code: level === 'SECTION' ? standardCode : `${section}${standardCode}`,
      level,
      section,
      parentCode: parentEntry?.code ?? null,
      zh,
      en: level === 'SECTION' ? (SECTION_NAMES_EN[standardCode] ?? null) : level === 'DIVISION' ? (DIVISION_NAMES_EN[standardCode] ?? null) : null,
      childCodes: [],
    };
    parentEntry?.childCodes.push(entry.code);
    entries.set(entry.code, entry);
    byStandardCode.set(standardCode, entry);
  }
  return entries;
}

const ENTRIES = parseStandard(readFileSync(GBT4754_CSV, 'utf8'));

export function industryEntry(code: string): IndustryEntry | null {
  return ENTRIES.get(code) ?? null;
}

/** A customer is recorded at division level or finer (reports group by section and division). */
export function checkRecordableIndustry(code: string, field = 'industryCode'): void {
  const entry = ENTRIES.get(code);
  if (!entry) throw new BadInputError(field, 'UNKNOWN_INDUSTRY', `Unknown GB/T 4754-2017 code ${code.slice(0, 10)}`);
  if (entry.level === 'SECTION') {
    throw new BadInputError(field, 'INDUSTRY_TOO_BROAD', `${code} is a section (门类): choose its division (大类) or finer`);
  }
}

/** The code and every ancestor's, section first. */
export function industryPath(code: string): IndustryEntry[] {
  const path: IndustryEntry[] = [];
  for (let entry = ENTRIES.get(code); entry; entry = entry.parentCode ? ENTRIES.get(entry.parentCode) : undefined) path.unshift(entry);
  return path;
}

/** What `Industry` shows of an entry in a locale (groups and classes have their Chinese name in `en`). */
export function describeIndustry(code: string, locale: Locale = 'zh-CN') {
  const path = industryPath(code);
  const entry = path.at(-1);
  if (!entry) return null;
  const name = (e: IndustryEntry) => (locale === 'en' ? (e.en ?? e.zh) : e.zh);
  return {
    code: entry.code,
    section: entry.section,
    sectionName: name(path[0]!),
    name: name(entry),
    level: entry.level,
    parentCode: entry.parentCode,
    divisionCode: path[1]?.code ?? null,
    pathCodes: path.map((e) => e.code),
    pathNames: path.map(name),
    hasChildren: entry.childCodes.length > 0,
  };
}

export interface IndustryQuery {
  level?: IndustryLevel | null;
  /** Entries under this code (its children unless `level` says which level below). */
  parent?: string | null;
  /** Part of a code or a name (Chinese, or English where there is one), case-insensitive. */
  search?: string | null;
}

/**
 * Entries for a cascader or a search box, in the standard's order. Without arguments: the 97 divisions
 * (what `industries` answered before groups and classes). With `parent`: its children (or, with
 * `level`, its descendants at that level). With `search`: matches at every level (or at `level`).
 */
export function listIndustries(query: IndustryQuery = {}, locale: Locale = 'zh-CN') {
  const parent = query.parent?.trim() || null;
  const search = query.search?.trim().toLowerCase() || null;
  if (search && search.length > 100) throw new BadInputError('search', 'TOO_LONG', 'search holds at most 100 characters');
  const parentEntry = parent ? ENTRIES.get(parent) : null;
  if (parent && !parentEntry) throw new BadInputError('parent', 'UNKNOWN_INDUSTRY', `Unknown GB/T 4754-2017 code ${parent.slice(0, 10)}`);
  const level: IndustryLevel | null =
    query.level ?? (parentEntry ? INDUSTRY_LEVELS[INDUSTRY_LEVELS.indexOf(parentEntry.level) + 1]! : search ? null : 'DIVISION');
  const result = [];
  for (const entry of ENTRIES.values()) {
    if (level && entry.level !== level) continue;
    // Codes nest: everything under C36 starts with C36.
    if (parentEntry && (entry.code === parentEntry.code || !entry.code.startsWith(parentEntry.code))) continue;
    if (search && !entry.code.toLowerCase().includes(search) && !entry.zh.includes(search) && !entry.en?.toLowerCase().includes(search)) continue;
    result.push(describeIndustry(entry.code, locale)!);
  }
  return result;
}

/** Whether `code` is an entry of the standard at any level (a `customers` filter matches it and what lies under it). */
export function isIndustryCode(code: string): boolean {
  return ENTRIES.has(code);
}
