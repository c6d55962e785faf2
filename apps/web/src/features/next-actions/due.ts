import { daysBetween, formatDateTime, formatTime } from '../../ui/format';

import type { TFunction } from 'i18next';

type Translate = TFunction;

/** "已逾期 2 天", "今天 18:00 到期", "2 天后到期", or the date for further away. */
export function dueText(dueAt: string, now: Date, timeZone: string, t: Translate): { text: string; overdue: boolean } {
  const days = daysBetween(now, dueAt, timeZone);
  if (Date.parse(dueAt) < now.getTime()) {
    return { text: days === 0 ? t('due.overdueToday', { time: formatTime(dueAt, timeZone) }) : t('due.overdueDays', { count: -days }), overdue: true };
  }
  if (days === 0) return { text: t('due.today', { time: formatTime(dueAt, timeZone) }), overdue: false };
  if (days === 1) return { text: t('due.tomorrow', { time: formatTime(dueAt, timeZone) }), overdue: false };
  if (days <= 7) return { text: t('due.inDays', { count: days }), overdue: false };
  return { text: t('due.on', { date: formatDateTime(dueAt, timeZone) }), overdue: false };
}
