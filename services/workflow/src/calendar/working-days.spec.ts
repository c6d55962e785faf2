import { addDays, isWorkingDay, lastWorkingDay, mondayOf, zonedInstant, type CalendarDayKindValue } from './working-days';

const none = new Map<string, CalendarDayKindValue>();

describe('working days and the weekly deadline', () => {
  it('works Monday to Friday and ends the week on Friday without a calendar', () => {
    expect(mondayOf('2026-03-06')).toBe('2026-03-02');
    expect(mondayOf('2026-03-08')).toBe('2026-03-02');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(isWorkingDay('2026-03-07', none)).toBe(false);
    expect(lastWorkingDay('2026-03-02', none)).toBe('2026-03-06');
    expect(lastWorkingDay('2026-03-08', none)).toBe('2026-03-06');
  });

  it('follows 调休: a Friday holiday moves the deadline back, a make-up Saturday moves it forward', () => {
    // 2026 国庆节: Thursday 1 to Wednesday 7 October off; Saturday 10 October worked.
    const national = new Map<string, CalendarDayKindValue>([
      ['2026-10-01', 'HOLIDAY'],
      ['2026-10-02', 'HOLIDAY'],
      ['2026-10-05', 'HOLIDAY'],
      ['2026-10-06', 'HOLIDAY'],
      ['2026-10-07', 'HOLIDAY'],
      ['2026-10-10', 'WORKING_DAY'],
    ]);
    expect(lastWorkingDay('2026-09-30', national)).toBe('2026-09-30'); // Wednesday before the holiday
    expect(lastWorkingDay('2026-10-05', national)).toBe('2026-10-10'); // the make-up Saturday
    const fridayOff = new Map<string, CalendarDayKindValue>([['2026-03-06', 'HOLIDAY']]);
    expect(lastWorkingDay('2026-03-04', fridayOff)).toBe('2026-03-05');
    const weekOff = new Map<string, CalendarDayKindValue>(['02', '03', '04', '05', '06'].map((d) => [`2026-03-${d}`, 'HOLIDAY']));
    expect(lastWorkingDay('2026-03-04', weekOff)).toBeNull();
  });

  it('places a local wall-clock time in its zone, across daylight saving', () => {
    expect(zonedInstant('2026-03-06', '18:00', 'Asia/Shanghai').toISOString()).toBe('2026-03-06T10:00:00.000Z');
    expect(zonedInstant('2026-03-06', '18:00', 'America/New_York').toISOString()).toBe('2026-03-06T23:00:00.000Z');
    expect(zonedInstant('2026-03-13', '18:00', 'America/New_York').toISOString()).toBe('2026-03-13T22:00:00.000Z');
    expect(zonedInstant('2026-03-06', '00:30', 'Asia/Shanghai').toISOString()).toBe('2026-03-05T16:30:00.000Z');
  });
});
