import { BadInputError } from '@salestrail/platform';

/** The longest period a report accepts, in days (three years, leap day included). */
export const MAX_PERIOD_DAYS = 3 * 365 + 1;

function dayNumber(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / 86_400_000;
}

/** A report period `from..to` (calendar dates, both included): `from` after `to` or longer than three years is rejected. */
export function validatePeriod(from: string, to: string): void {
  const days = dayNumber(to) - dayNumber(from) + 1;
  if (!Number.isFinite(days) || days < 1) {
    throw new BadInputError('from', 'INVALID_PERIOD', '`from` must not be after `to`');
  }
  if (days > MAX_PERIOD_DAYS) {
    throw new BadInputError('to', 'INVALID_PERIOD', `A period covers at most ${MAX_PERIOD_DAYS} days`);
  }
}

/** Median of a list of numbers (mean of the two middle values for an even count); null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** a / b, or null when b is 0 (a rate over nothing is unknown, not zero). */
export function rate(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}
