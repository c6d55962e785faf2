/**
 * Dates as people write them, in the team's time zone: `2024-03-20 14:30`, `3月25日 18:00` (this year),
 * and relative where it helps ("2 天后到期", "已逾期 1 天").
 */
export const DEFAULT_TIMEZONE = 'Asia/Shanghai';

function parts(iso: string | Date, timeZone: string): Record<string, string> {
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  const out: Record<string, string> = {};
  for (const p of new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date)) {
    out[p.type] = p.value;
  }
  return out;
}

/** `2024-03-20 14:30` in the zone. */
export function formatDateTime(iso: string | null | undefined, timeZone = DEFAULT_TIMEZONE): string {
  if (!iso) return '';
  const p = parts(iso, timeZone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** `2024-03-20` in the zone. */
export function formatDate(iso: string | null | undefined, timeZone = DEFAULT_TIMEZONE): string {
  if (!iso) return '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const p = parts(iso, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** The calendar day (YYYY-MM-DD) of an instant in the zone. */
export function dayOf(iso: string | Date, timeZone = DEFAULT_TIMEZONE): string {
  const p = parts(iso, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** Whole calendar days from `now`'s day to `iso`'s day in the zone (negative: in the past). */
export function daysBetween(now: Date, iso: string, timeZone = DEFAULT_TIMEZONE): number {
  const a = Date.parse(`${dayOf(now, timeZone)}T00:00:00Z`);
  const b = Date.parse(`${dayOf(iso, timeZone)}T00:00:00Z`);
  return Math.round((b - a) / 86_400_000);
}

/** The time of day `18:00` in the zone. */
export function formatTime(iso: string, timeZone = DEFAULT_TIMEZONE): string {
  const p = parts(iso, timeZone);
  return `${p.hour}:${p.minute}`;
}

/** The zone's UTC offset at an instant, as `+08:00`. */
export function offsetOf(at: Date, timeZone = DEFAULT_TIMEZONE): string {
  const p = parts(at, timeZone);
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour) % 24, Number(p.minute));
  const minutes = Math.round((asUtc - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
  const sign = minutes >= 0 ? '+' : '-';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** `YYYY-MM-DDTHH:mm:00+08:00` for a wall-clock day and time in the zone. */
export function zonedIso(day: string, time: string, timeZone = DEFAULT_TIMEZONE): string {
  const guess = new Date(`${day}T${time}:00Z`);
  const offset = offsetOf(guess, timeZone);
  return `${day}T${time}:00${offset}`;
}
