import { periodFromSearch, periodOf, previousPeriod } from './period';
import { readAnalyticsParams } from './params';

const SH = 'Asia/Shanghai';
// Wednesday 20 March 2024, 23:30 in Shanghai (15:30 UTC).
const wednesday = new Date('2024-03-20T15:30:00Z');
// Sunday 24 March 2024 at 00:30 in Shanghai: still Saturday in UTC.
const sundayEarly = new Date('2024-03-23T16:30:00Z');

describe('report periods in the team’s time zone', () => {
  it('maps 本周 / 本月 / 本季度 to Monday–Sunday, the calendar month and the calendar quarter', () => {
    expect(periodOf('week', wednesday, SH)).toEqual({ from: '2024-03-18', to: '2024-03-24' });
    expect(periodOf('week', sundayEarly, SH)).toEqual({ from: '2024-03-18', to: '2024-03-24' });
    expect(periodOf('week', sundayEarly, 'UTC')).toEqual({ from: '2024-03-18', to: '2024-03-24' });
    expect(periodOf('month', wednesday, SH)).toEqual({ from: '2024-03-01', to: '2024-03-31' });
    expect(periodOf('month', new Date('2024-02-10T00:00:00Z'), SH)).toEqual({
      from: '2024-02-01',
      to: '2024-02-29',
    });
    expect(periodOf('quarter', wednesday, SH)).toEqual({ from: '2024-01-01', to: '2024-03-31' });
    expect(periodOf('quarter', new Date('2024-11-05T00:00:00Z'), SH)).toEqual({
      from: '2024-10-01',
      to: '2024-12-31',
    });
    // 31 March 23:30 UTC is already 1 April in Shanghai: the second quarter there.
    expect(periodOf('quarter', new Date('2024-03-31T16:30:00Z'), SH)).toEqual({
      from: '2024-04-01',
      to: '2024-06-30',
    });
    expect(periodOf('custom', wednesday, SH, { from: '2024-01-05', to: '2024-02-05' })).toEqual({
      from: '2024-01-05',
      to: '2024-02-05',
    });
  });

  it('compares with the week, month or quarter before, and a custom range with as many days before it', () => {
    expect(previousPeriod('week', { from: '2024-03-18', to: '2024-03-24' })).toEqual({
      from: '2024-03-11',
      to: '2024-03-17',
    });
    expect(previousPeriod('month', { from: '2024-03-01', to: '2024-03-31' })).toEqual({
      from: '2024-02-01',
      to: '2024-02-29',
    });
    expect(previousPeriod('quarter', { from: '2024-01-01', to: '2024-03-31' })).toEqual({
      from: '2023-10-01',
      to: '2023-12-31',
    });
    expect(previousPeriod('custom', { from: '2024-03-10', to: '2024-03-19' })).toEqual({
      from: '2024-02-29',
      to: '2024-03-09',
    });
  });

  it('reads the period, grouping and team from the address, ignoring what does not fit', () => {
    expect(periodFromSearch(new URLSearchParams('period=custom&from=2024-03-01&to=2024-03-10'))).toEqual({
      kind: 'custom',
      custom: { from: '2024-03-01', to: '2024-03-10' },
    });
    expect(periodFromSearch(new URLSearchParams('period=custom&from=2024-03-10&to=2024-03-01'))).toEqual({
      kind: 'week',
      custom: null,
    });
    expect(periodFromSearch(new URLSearchParams('period=year'))).toEqual({ kind: 'week', custom: null });
    const search = new URLSearchParams('period=month&groupBy=OWNER&team=team-east&stage=NEGOTIATION');
    expect(readAnalyticsParams(search, wednesday, SH, 'MARKETING')).toMatchObject({
      period: { from: '2024-03-01', to: '2024-03-31' },
      previous: { from: '2024-02-01', to: '2024-02-29' },
      groupBy: 'OWNER',
      filter: { teamId: 'team-east' },
      stage: 'NEGOTIATION',
    });
    // A manager's figures are their team's: a team in the address changes nothing.
    expect(readAnalyticsParams(search, wednesday, SH, 'SALES_MANAGER').filter).toBeNull();
    expect(
      readAnalyticsParams(new URLSearchParams('groupBy=COLOUR&stage=WON'), wednesday, SH, 'MARKETING'),
    ).toMatchObject({ groupBy: null, stage: null });
  });
});
