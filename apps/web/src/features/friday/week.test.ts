import { fridayRecords, fridayStatus, weekStart } from './week';

describe('this week', () => {
  it('starts on Monday 00:00 in the team’s zone', () => {
    // Friday 2024-03-22 17:00 in Shanghai
    expect(weekStart(new Date('2024-03-22T09:00:00Z'), 'Asia/Shanghai').toISOString()).toBe('2024-03-17T16:00:00.000Z');
    // Sunday belongs to the week that began six days before
    expect(weekStart(new Date('2024-03-24T09:00:00Z'), 'Asia/Shanghai').toISOString()).toBe('2024-03-17T16:00:00.000Z');
    // Monday 01:00 in Shanghai is still Sunday in UTC
    expect(weekStart(new Date('2024-03-24T17:00:00Z'), 'Asia/Shanghai').toISOString()).toBe('2024-03-24T16:00:00.000Z');
  });
});

describe('a record on Friday', () => {
  const base = { id: 'c', version: 5, updatedAt: '2024-03-21T02:00:00Z' };
  it('sent back whatever changed since; submitted or approved only while unchanged', () => {
    expect(fridayStatus({ ...base, latestReview: { status: 'CHANGES_REQUESTED', customerVersion: 4 } })).toBe('sentBack');
    expect(fridayStatus({ ...base, latestReview: { status: 'PENDING', customerVersion: 5 } })).toBe('submitted');
    expect(fridayStatus({ ...base, latestReview: { status: 'PENDING', customerVersion: 4 } })).toBe('toSubmit');
    expect(fridayStatus({ ...base, latestReview: { status: 'APPROVED', customerVersion: 5 } })).toBe('approved');
    expect(fridayStatus({ ...base, latestReview: { status: 'APPROVED', customerVersion: 3 } })).toBe('toSubmit');
    expect(fridayStatus({ ...base, latestReview: null })).toBe('toSubmit');
  });

  it('lists this week’s changes and every record sent back, sent back first', () => {
    const now = new Date('2024-03-22T09:00:00Z');
    const records = fridayRecords(
      [
        { id: 'old', version: 1, updatedAt: '2024-03-15T02:00:00Z', latestReview: null },
        { id: 'changed', version: 2, updatedAt: '2024-03-21T02:00:00Z', latestReview: null },
        { id: 'back', version: 3, updatedAt: '2024-03-10T02:00:00Z', latestReview: { status: 'CHANGES_REQUESTED' as const, customerVersion: 3 } },
        { id: 'monday', version: 1, updatedAt: '2024-03-17T16:00:00Z', latestReview: null },
        { id: 'sunday-night', version: 1, updatedAt: '2024-03-17T15:59:00Z', latestReview: null },
      ],
      now,
      'Asia/Shanghai',
    );
    expect(records.map((r) => r.id)).toEqual(['back', 'changed', 'monday']);
  });
});
