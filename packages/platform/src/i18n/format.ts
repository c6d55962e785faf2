import type { LocaleValue } from '@salestrail/contract';

function parts(at: Date, locale: LocaleValue, timeZone: string, options: Intl.DateTimeFormatOptions) {
  const found = new Intl.DateTimeFormat(locale === 'en' ? 'en-US' : 'zh-CN', { timeZone, hourCycle: 'h23', ...options })
    .formatToParts(at)
    .reduce<Record<string, string>>((all, p) => ({ ...all, [p.type]: p.value }), {});
  return (type: Intl.DateTimeFormatPartTypes) => found[type] ?? '';
}

/**
 * A moment as people write it, in a time zone: `3月25日 18:00` in Chinese, `Mar 25, 18:00` in English
 * (24-hour clock both; the year is left out, as in a note about this week's work).
 */
export function formatDateTime(at: Date, locale: LocaleValue, timeZone: string): string {
  const p = parts(at, locale, timeZone, {
    month: locale === 'en' ? 'short' : 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
  return locale === 'en' ? `${p('month')} ${p('day')}, ${p('hour')}:${p('minute')}` : `${p('month')}月${p('day')}日 ${p('hour')}:${p('minute')}`;
}

/** A day as people write it, in a time zone: `3月25日` in Chinese, `Mar 25` in English. */
export function formatDay(at: Date, locale: LocaleValue, timeZone: string): string {
  const p = parts(at, locale, timeZone, { month: locale === 'en' ? 'short' : 'numeric', day: 'numeric' });
  return locale === 'en' ? `${p('month')} ${p('day')}` : `${p('month')}月${p('day')}日`;
}

/**
 * A duration in the unit people would say: whole days from two days on (a day is said "24 小时"), else
 * hours (one decimal at most), else minutes, else seconds.
 */
export function durationUnit(ms: number): { unit: 'days' | 'hours' | 'minutes' | 'seconds'; count: number } {
  const hours = ms / 3_600_000;
  if (hours >= 48 && Number.isInteger(hours / 24)) return { unit: 'days', count: hours / 24 };
  if (hours >= 1) return { unit: 'hours', count: Math.round(hours * 10) / 10 };
  if (ms >= 60_000) return { unit: 'minutes', count: Math.round(ms / 60_000) };
  return { unit: 'seconds', count: Math.max(1, Math.round(ms / 1000)) };
}
