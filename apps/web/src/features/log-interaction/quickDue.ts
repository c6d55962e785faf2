import { dayOf } from '../../ui/format';

/** Adds whole days to a calendar day (YYYY-MM-DD). */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export type QuickPick = 'todayEnd' | 'tomorrow' | 'nextMonday';

/**
 * The deadline's quick picks as a wall-clock day and time in the team's zone: 今天下班前 (today at the
 * team's end of work), 明天 and 下周一 (at the end of that working day too). Monday-first weeks: on a
 * Monday, 下周一 is seven days on.
 */
export function quickDue(pick: QuickPick, now: Date, timeZone: string, workdayEnd = '18:00'): { day: string; time: string } {
  const today = dayOf(now, timeZone);
  if (pick === 'todayEnd') return { day: today, time: workdayEnd };
  if (pick === 'tomorrow') return { day: addDays(today, 1), time: workdayEnd };
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay(); // 0 Sunday … 6 Saturday
  const toMonday = weekday === 0 ? 1 : 8 - weekday;
  return { day: addDays(today, toMonday), time: workdayEnd };
}

/** The wall-clock `YYYY-MM-DD HH:mm` of an instant in the zone (what the pickers show and edit). */
export function wallClock(at: Date, timeZone: string): string {
  const p: Record<string, string> = {};
  for (const part of new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at)) {
    p[part.type] = part.value;
  }
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}
