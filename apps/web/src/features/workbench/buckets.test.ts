import { bucketByDue } from './buckets';

const ids = (list: Array<{ id: string }>) => list.map((a) => a.id);

describe('the workbench order', () => {
  // Wednesday 2024-03-20 14:30 in Shanghai.
  const now = new Date('2024-03-20T06:30:00Z');
  const actions = [
    { id: 'sunday-night', dueAt: '2024-03-24T15:59:00Z' }, // Sunday 23:59 Shanghai: still this week
    { id: 'monday', dueAt: '2024-03-24T16:00:00Z' }, // Monday 00:00 Shanghai: next week
    { id: 'today-evening', dueAt: '2024-03-20T10:00:00Z' },
    { id: 'overdue-old', dueAt: '2024-03-15T10:00:00Z' },
    { id: 'overdue-this-morning', dueAt: '2024-03-20T01:00:00Z' },
    { id: 'friday', dueAt: '2024-03-22T10:00:00Z' },
  ];
  it('puts overdue first (longest first), then today, then the rest of the week to Sunday, then later', () => {
    const b = bucketByDue(actions, now, 'Asia/Shanghai');
    expect(ids(b.overdue)).toEqual(['overdue-old', 'overdue-this-morning']);
    expect(ids(b.today)).toEqual(['today-evening']);
    expect(ids(b.week)).toEqual(['friday', 'sunday-night']);
    expect(ids(b.later)).toEqual(['monday']);
  });
  it("counts days in the team's time zone, not the browser's", () => {
    // 2024-03-20 23:30 UTC is already Thursday in Shanghai but still Wednesday in New York.
    const late = [{ id: 'a', dueAt: '2024-03-21T05:00:00Z' }]; // Shanghai Thursday 13:00, New York Thursday 01:00
    const at = new Date('2024-03-20T23:30:00Z');
    expect(ids(bucketByDue(late, at, 'Asia/Shanghai').today)).toEqual(['a']);
    expect(ids(bucketByDue(late, at, 'America/New_York').week)).toEqual(['a']);
  });
});
