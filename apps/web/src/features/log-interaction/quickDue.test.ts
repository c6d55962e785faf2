import { quickDue, wallClock } from './quickDue';

describe('deadline quick picks', () => {
  // Wednesday 2024-03-20 14:30 in Shanghai
  const wednesday = new Date('2024-03-20T06:30:00Z');
  it('今天下班前 is today at the team’s end of work', () => {
    expect(quickDue('todayEnd', wednesday, 'Asia/Shanghai', '18:00')).toEqual({ day: '2024-03-20', time: '18:00' });
  });
  it('明天 is tomorrow at the end of work', () => {
    expect(quickDue('tomorrow', wednesday, 'Asia/Shanghai', '17:30')).toEqual({ day: '2024-03-21', time: '17:30' });
  });
  it('下周一 is the coming Monday, a week on when today is Monday, the next day on a Sunday', () => {
    expect(quickDue('nextMonday', wednesday, 'Asia/Shanghai').day).toBe('2024-03-25');
    expect(quickDue('nextMonday', new Date('2024-03-25T02:00:00Z'), 'Asia/Shanghai').day).toBe('2024-04-01');
    expect(quickDue('nextMonday', new Date('2024-03-24T02:00:00Z'), 'Asia/Shanghai').day).toBe('2024-03-25');
  });
  it('counts days in the team’s zone, not the browser’s', () => {
    // Sunday 20:00 UTC is already Monday 04:00 in Shanghai
    const lateSundayUtc = new Date('2024-03-24T20:00:00Z');
    expect(quickDue('todayEnd', lateSundayUtc, 'Asia/Shanghai').day).toBe('2024-03-25');
    expect(quickDue('nextMonday', lateSundayUtc, 'Asia/Shanghai').day).toBe('2024-04-01');
    expect(quickDue('nextMonday', lateSundayUtc, 'Europe/Berlin').day).toBe('2024-03-25');
    expect(wallClock(lateSundayUtc, 'Asia/Shanghai')).toBe('2024-03-25 04:00');
  });
});
