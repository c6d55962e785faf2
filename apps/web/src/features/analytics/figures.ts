/** A rate (0..1) as a percentage in the reader's language, one decimal at most; `null` is no rate (nothing to divide). */
export function formatRate(rate: number | null | undefined, locale: string): string | null {
  if (rate === null || rate === undefined) return null;
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(rate);
}

/** A measure such as days or hours, one decimal at most. */
export function formatAmount(value: number | null | undefined, locale: string): string | null {
  if (value === null || value === undefined) return null;
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value);
}

export type Direction = 'up' | 'down' | 'same';

/**
 * How a figure moved from the previous period: its direction, and the size of the change (percentage
 * points for a rate); null when either side has no value.
 */
export function trendOf(
  current: number | null | undefined,
  previous: number | null | undefined,
  isRate: boolean,
): { direction: Direction; delta: number } | null {
  if (current === null || current === undefined || previous === null || previous === undefined) return null;
  const raw = isRate ? (current - previous) * 100 : current - previous;
  const delta = Math.round(raw * 10) / 10;
  return { direction: delta > 0 ? 'up' : delta < 0 ? 'down' : 'same', delta: Math.abs(delta) };
}
