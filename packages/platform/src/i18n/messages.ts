import i18next, { type i18n } from 'i18next';
import { DEFAULT_LOCALE, LOCALES, type LocaleValue } from '@salestrail/contract';
import { BadInputError } from '../errors';
import type { Catalogue } from './catalogue';
import { durationUnit, formatDateTime, formatDay } from './format';
import * as en from './locales/en';
import * as zhCN from './locales/zh-CN';

/** A text to be written in its reader's language: a catalogue key (`namespace:path`) and its values. */
export interface Message {
  key: string;
  params?: Record<string, MessageParam>;
}
/**
 * A value of a message: text and numbers as they are, a `Date` for the `when` / `day` formats, a message
 * (written in the same language first) or a list of them (for the `list` format).
 */
export type MessageParam = string | number | Date | Message | null | undefined | readonly MessageParam[];

export function msg(key: string, params?: Record<string, MessageParam>): Message {
  return params ? { key, params } : { key };
}

/** Catalogues by language, then by namespace. */
export type Catalogues = Record<LocaleValue, Record<string, Catalogue>>;

/** The shared namespaces every service has: `common` and `enum` (labels of every enum of API.md). */
export const SHARED_CATALOGUES: Catalogues = {
  'zh-CN': { common: zhCN.common, enum: zhCN.enums },
  en: { common: en.common, enum: en.enums },
};

export interface RenderOptions {
  /** The IANA time zone of `when` and `day` values (the team's); Asia/Shanghai when not given. */
  timeZone?: string | null;
}

/** The time zone of a team that has none set (API.md: teams default to Asia/Shanghai). */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/**
 * The locale a client asks for: zh-CN by default; `zh`/`zh-*` → zh-CN, `en`/`en-*` → en. Anything else is
 * BAD_USER_INPUT (UNSUPPORTED_LOCALE) on `field`.
 */
export function parseLocale(value: string | null | undefined, field = 'locale'): LocaleValue {
  if (value === null || value === undefined) return DEFAULT_LOCALE;
  const match = /^(zh|en)(?:[-_][A-Za-z0-9]{2,8})?$/i.exec(value.trim());
  if (!match) throw new BadInputError(field, 'UNSUPPORTED_LOCALE', `Supported locales: ${LOCALES.join(', ')}`);
  return match[1]!.toLowerCase() === 'en' ? 'en' : 'zh-CN';
}

/** A language the directory or a stored row names, zh-CN when it is none SalesTrail has. */
export function knownLocale(value: string | null | undefined): LocaleValue {
  return (LOCALES as readonly string[]).includes(value ?? '') ? (value as LocaleValue) : DEFAULT_LOCALE;
}

/**
 * Every text a person reads, from the catalogues, through one i18next instance per process: the shared
 * namespaces plus the service's own. Formats: `{{at, when}}` (`3月25日 18:00` in the time zone given),
 * `{{at, day}}` (`3月25日`), `{{ms, duration}}` (`36 小时`), `{{items, list}}` (`甲、乙和丙`), `{{items, lines}}` (one per line).
 */
export class Messages {
  private readonly i18n: i18n;

  constructor(service: Partial<Catalogues> = {}) {
    const resources = Object.fromEntries(
      LOCALES.map((locale) => [locale, { ...SHARED_CATALOGUES[locale], ...service[locale] }]),
    );
    this.i18n = i18next.createInstance();
    void this.i18n.init({
      resources,
      lng: DEFAULT_LOCALE,
      fallbackLng: DEFAULT_LOCALE,
      supportedLngs: [...LOCALES],
      defaultNS: 'common',
      ns: Object.keys(resources[DEFAULT_LOCALE] ?? {}),
      initAsync: false,
      // Plain text, never HTML: values are written as they are (e-mails are text/plain).
      interpolation: { escapeValue: false },
      returnNull: false,
    });
    const zone = (options: { timeZone?: unknown }) => (typeof options.timeZone === 'string' ? options.timeZone : DEFAULT_TIME_ZONE);
    const formatter = this.i18n.services.formatter!;
    formatter.add('when', (value, lng, options) => formatDateTime(new Date(value), knownLocale(lng), zone(options)));
    formatter.add('day', (value, lng, options) => formatDay(new Date(value), knownLocale(lng), zone(options)));
    formatter.add('lines', (value) => (Array.isArray(value) ? value.join('\n') : String(value)));
    formatter.add('duration', (value, lng) => {
      const { unit, count } = durationUnit(Number(value));
      return this.i18n.t(`common:${unit}`, { lng: knownLocale(lng), count });
    });
  }

  /** The text of `key` in `locale`, with `params` (messages among them written in the same language). */
  t(locale: LocaleValue, key: string, params: Record<string, MessageParam> = {}, options: RenderOptions = {}): string {
    const values = Object.fromEntries(Object.entries(params).map(([name, value]) => [name, this.value(locale, value, options)]));
    return this.i18n.t(key, { ...values, lng: locale, timeZone: options.timeZone ?? DEFAULT_TIME_ZONE });
  }

  /** A message in `locale`; a plain string is a text already written (kept as it is). */
  render(locale: LocaleValue, message: Message | string, options: RenderOptions = {}): string {
    return typeof message === 'string' ? message : this.t(locale, message.key, message.params, options);
  }

  /** The label of an enum value (`enum` namespace); the value itself when the catalogue has none. */
  enumLabel(enumName: string, value: string, locale: LocaleValue): string {
    const key = `enum:${enumName}.${value}`;
    return this.i18n.exists(key, { lng: locale }) ? this.i18n.t(key, { lng: locale }) : value;
  }

  /** The labels of every enum of the contract in `locale`, in catalogue order. */
  enumLabels(locale: LocaleValue): Array<{ enum: string; value: string; label: string }> {
    const enums = SHARED_CATALOGUES[DEFAULT_LOCALE].enum as Record<string, Catalogue>;
    return Object.entries(enums).flatMap(([name, values]) =>
      Object.keys(values).map((value) => ({ enum: name, value, label: this.enumLabel(name, value, locale) })),
    );
  }

  private value(locale: LocaleValue, value: MessageParam, options: RenderOptions): unknown {
    if (Array.isArray(value)) return value.map((v: MessageParam) => this.value(locale, v, options));
    if (value && typeof value === 'object' && !(value instanceof Date)) {
      const message = value as Message;
      return this.t(locale, message.key, message.params, options);
    }
    return value ?? '';
  }
}
