/**
 * Working days of a team's week. Monday to Friday work and Saturday and Sunday rest, unless the team's
 * calendar says otherwise for a date: a HOLIDAY (国庆节 on a Wednesday) does not work, a WORKING_DAY (a
 * 调休 Saturday made up for the holiday) does. The weekly deadline is the last working day of the week
 * (Monday to Sunday), usually Friday; a week without a working day has none.
 */

export type CalendarDayKindValue = 'HOLIDAY' | 'WORKING_DAY';

/** ISO weekday of a `YYYY-MM-DD` date: 1 Monday … 7 Sunday. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** `YYYY-MM-DD` `days` later (earlier when negative). */
export function addDays(date: string, days: number): string {
  return new Date(new Date(`${date}T00:00:00Z`).getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

/** The Monday of the week holding `date`. */
export function mondayOf(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

export function isWorkingDay(date: string, exceptions: ReadonlyMap<string, CalendarDayKindValue>): boolean {
  const kind = exceptions.get(date);
  if (kind) return kind === 'WORKING_DAY';
  return isoWeekday(date) <= 5;
}

/** The last working day of the week holding `date`, or null when the whole week is off. */
export function lastWorkingDay(date: string, exceptions: ReadonlyMap<string, CalendarDayKindValue>): string | null {
  const monday = mondayOf(date);
  for (let i = 6; i >= 0; i -= 1) {
    const day = addDays(monday, i);
    if (isWorkingDay(day, exceptions)) return day;
  }
  return null;
}

/** The instant of wall-clock `date` `HH:mm` in `timeZone` (a time skipped by a DST change moves forward). */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [h, min] = time.split(':').map(Number) as [number, number];
  const wanted = Date.UTC(y, m - 1, d, h, min);
  let at = wanted;
  // Two corrections by the zone's offset at the guess settle it, across a DST change too.
  for (let i = 0; i < 2; i += 1) at = wanted - offsetMs(at, timeZone);
  return new Date(at);
}

function offsetMs(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const n = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - Math.floor(at / 1000) * 1000;
}

/** YYYY-MM-DD of an instant in `timezone`. */
export function localDate(at: Date, timezone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}
