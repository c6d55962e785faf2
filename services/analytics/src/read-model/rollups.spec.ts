import { coveringRollup, periodSegments, rollupDeltas, rollupKey, ROLLUPS } from './rollups';

describe('periodSegments', () => {
  it('reads a calendar year as one year', () => {
    expect(periodSegments('2024-01-01', '2024-12-31')).toEqual({ coarse: { year: ['2024-01-01'], month: [] }, days: [] });
  });

  it('reads whole months and the days after the last one', () => {
    expect(periodSegments('2024-01-01', '2024-03-15')).toEqual({
      coarse: { year: [], month: ['2024-01-01', '2024-02-01'] },
      days: [['2024-03-01', '2024-03-15']],
    });
  });

  it('uses the whole months after leading days (leap February included)', () => {
    expect(periodSegments('2024-02-10', '2024-05-31')).toEqual({
      coarse: { year: [], month: ['2024-03-01', '2024-04-01', '2024-05-01'] },
      days: [['2024-02-10', '2024-02-29']],
    });
  });

  it('uses a whole year inside the period, and the months before it', () => {
    expect(periodSegments('2023-07-01', '2024-12-31')).toEqual({
      coarse: { year: ['2024-01-01'], month: ['2023-07-01', '2023-08-01', '2023-09-01', '2023-10-01', '2023-11-01', '2023-12-01'] },
      days: [],
    });
  });

  it('reads a single day or a part of one month from the daily table', () => {
    expect(periodSegments('2024-03-01', '2024-03-01')).toEqual({ coarse: { year: [], month: [] }, days: [['2024-03-01', '2024-03-01']] });
    expect(periodSegments('2024-03-05', '2024-03-20')).toEqual({ coarse: { year: [], month: [] }, days: [['2024-03-05', '2024-03-20']] });
  });
});

describe('rollupDeltas', () => {
  const key = ['day', 'prev_day', 'stage', 'owner_id', 'team_id', 'industry_code', 'source_channel'];
  const metrics = ['entries', 'advanced'];
  const owner = ROLLUPS.find((r) => r.name === 'owner')!;

  it('projects daily deltas onto month and year rows of the roll-up key, dropping what cancels out', () => {
    expect(rollupKey(key, owner)).toEqual(['grain', 'period', 'prev_period', 'stage', 'owner_id', 'team_id']);
    const rows = [
      { day: '2024-03-05', prev_day: '-infinity', stage: 'NEGOTIATION', owner_id: 'r', team_id: 't', industry_code: 'C34', source_channel: 'REFERRAL', entries: 1, advanced: 1 },
      { day: '2024-03-20', prev_day: '-infinity', stage: 'NEGOTIATION', owner_id: 'r', team_id: 't', industry_code: 'I65', source_channel: 'OTHER', entries: 1, advanced: 0 },
      // A transition moved from 2 April to 28 February: its month rows change, its year row nets to 0.
      { day: '2024-04-02', prev_day: '2024-01-10', stage: 'NEGOTIATION', owner_id: 'r', team_id: 't', industry_code: 'C34', source_channel: 'REFERRAL', entries: -1, advanced: 0 },
      { day: '2024-02-28', prev_day: '2024-01-10', stage: 'NEGOTIATION', owner_id: 'r', team_id: 't', industry_code: 'C34', source_channel: 'REFERRAL', entries: 1, advanced: 0 },
    ];
    const deltas = rollupDeltas(rows, key, metrics, owner);
    const base = { stage: 'NEGOTIATION', owner_id: 'r', team_id: 't' };
    expect(deltas).toEqual(
      expect.arrayContaining([
        { grain: 'month', period: '2024-03-01', prev_period: '-infinity', ...base, entries: 2, advanced: 1 },
        { grain: 'month', period: '2024-04-01', prev_period: '2024-01-01', ...base, entries: -1, advanced: 0 },
        { grain: 'month', period: '2024-02-01', prev_period: '2024-01-01', ...base, entries: 1, advanced: 0 },
        { grain: 'year', period: '2024-01-01', prev_period: '-infinity', ...base, entries: 2, advanced: 1 },
      ]),
    );
    expect(deltas).toHaveLength(4);
  });

  it('picks the smallest roll-up holding every touched column, none when no single one does', () => {
    expect(coveringRollup([])?.name).toBe('segment');
    expect(coveringRollup(['industry_code'])?.name).toBe('segment');
    expect(coveringRollup(['owner_id', 'team_id'])?.name).toBe('owner');
    expect(coveringRollup(['team_id', 'industry_code'])).toBeNull();
  });
});
