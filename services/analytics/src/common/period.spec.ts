import { BadInputError } from '@salestrail/platform';
import { MAX_PERIOD_DAYS, median, rate, validatePeriod } from './period';

describe('report periods and figures', () => {
  it('accepts a one-day period and up to three years, rejects a reversed or longer one as INVALID_PERIOD', () => {
    expect(() => validatePeriod('2024-03-01', '2024-03-01')).not.toThrow();
    expect(() => validatePeriod('2022-01-01', '2024-12-31')).not.toThrow(); // 1096 days, a leap year inside
    expect(MAX_PERIOD_DAYS).toBe(1096);
    for (const [from, to, field] of [
      ['2024-03-02', '2024-03-01', 'from'],
      ['2021-12-31', '2024-12-31', 'to'],
    ] as const) {
      try {
        validatePeriod(from, to);
        throw new Error('accepted');
      } catch (error) {
        expect(error).toBeInstanceOf(BadInputError);
        expect((error as BadInputError).details).toEqual({ field, reason: 'INVALID_PERIOD' });
      }
    }
  });

  it('takes the median of odd and even counts and answers null for nothing', () => {
    expect(median([5, 1, 8])).toBe(5);
    expect(median([96, 56])).toBe(76);
    expect(median([])).toBeNull();
  });

  it('answers a null rate when the denominator is 0', () => {
    expect(rate(2, 3)).toBeCloseTo(0.6667, 4);
    expect(rate(0, 0)).toBeNull();
    expect(rate(0, 4)).toBe(0);
  });
});
