import { dayOf, daysBetween } from '../../ui/format';

export interface DueItem {
  id: string;
  dueAt: string;
}

export interface Buckets<T extends DueItem> {
  overdue: T[];
  today: T[];
  week: T[];
  later: T[];
}

/** Days from `day` (YYYY-MM-DD) to the Sunday ending its week (Monday-first weeks, as in China). */
function daysToSunday(day: string): number {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 Sunday … 6 Saturday
  return weekday === 0 ? 0 : 7 - weekday;
}

/**
 * The workbench's order: overdue first (the longest overdue first), then due today, then the rest of
 * this week (to Sunday), then later; each by due time. Days are the team's calendar days.
 */
export function bucketByDue<T extends DueItem>(items: readonly T[], now: Date, timeZone: string): Buckets<T> {
  const sorted = [...items].sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt) || a.id.localeCompare(b.id));
  const today = dayOf(now, timeZone);
  const toSunday = daysToSunday(today);
  const out: Buckets<T> = { overdue: [], today: [], week: [], later: [] };
  for (const item of sorted) {
    const days = daysBetween(now, item.dueAt, timeZone);
    if (Date.parse(item.dueAt) < now.getTime()) out.overdue.push(item);
    else if (days === 0) out.today.push(item);
    else if (days <= toSunday) out.week.push(item);
    else out.later.push(item);
  }
  return out;
}
