import { dayOf } from '../../ui/format';
import { addDays } from '../log-interaction/quickDue';

export type PeriodKind = 'week' | 'month' | 'quarter' | 'custom';
export const PERIOD_KINDS: PeriodKind[] = ['week', 'month', 'quarter', 'custom'];

/** A report period as the API takes it: calendar days `from`..`to`, both included, in the team's zone. */
export interface Period {
  from: string;
  to: string;
}

/** The analytics API's longest period (three years, leap day included): a custom range past it is refused there. */
export const MAX_PERIOD_DAYS = 3 * 365 + 1;

function monthStart(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

function addMonths(firstOfMonth: string, months: number): string {
  const d = new Date(`${firstOfMonth}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

export function daysIn(period: Period): number {
  return (
    Math.round((Date.parse(`${period.to}T00:00:00Z`) - Date.parse(`${period.from}T00:00:00Z`)) / 86_400_000) +
    1
  );
}

/**
 * The calendar period `kind` names around `now` in the team's zone: this week (Monday to Sunday, as
 * weeks run in China), this month, this quarter; `custom` is the range given.
 */
export function periodOf(kind: PeriodKind, now: Date, timeZone: string, custom?: Period | null): Period {
  const today = dayOf(now, timeZone);
  switch (kind) {
    case 'week': {
      const weekday = new Date(`${today}T00:00:00Z`).getUTCDay(); // 0 Sunday … 6 Saturday
      const monday = addDays(today, weekday === 0 ? -6 : 1 - weekday);
      return { from: monday, to: addDays(monday, 6) };
    }
    case 'month': {
      const first = monthStart(today);
      return { from: first, to: addDays(addMonths(first, 1), -1) };
    }
    case 'quarter': {
      const month = Number(today.slice(5, 7));
      const first = `${today.slice(0, 4)}-${String(month - ((month - 1) % 3)).padStart(2, '0')}-01`;
      return { from: first, to: addDays(addMonths(first, 3), -1) };
    }
    case 'custom':
      return custom ?? { from: today, to: today };
  }
}

/**
 * The period a trend compares with: the week, month or quarter before; for a custom range, as many days
 * just before it.
 */
export function previousPeriod(kind: PeriodKind, period: Period): Period {
  switch (kind) {
    case 'week':
      return { from: addDays(period.from, -7), to: addDays(period.from, -1) };
    case 'month':
      return { from: addMonths(period.from, -1), to: addDays(period.from, -1) };
    case 'quarter':
      return { from: addMonths(period.from, -3), to: addDays(period.from, -1) };
    case 'custom':
      return { from: addDays(period.from, -daysIn(period)), to: addDays(period.from, -1) };
  }
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The period in the address (`?period=month` or `?period=custom&from=…&to=…`), this week when absent or malformed. */
export function periodFromSearch(
  search: URLSearchParams,
  fallback: PeriodKind = 'week',
): { kind: PeriodKind; custom: Period | null } {
  const kind = search.get('period');
  if (kind === 'custom') {
    const from = search.get('from') ?? '';
    const to = search.get('to') ?? '';
    if (DAY.test(from) && DAY.test(to) && from <= to) return { kind, custom: { from, to } };
    return { kind: fallback, custom: null };
  }
  return { kind: PERIOD_KINDS.includes(kind as PeriodKind) ? (kind as PeriodKind) : fallback, custom: null };
}
