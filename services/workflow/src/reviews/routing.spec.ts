import { chooseReviewer } from './routing';

describe('chooseReviewer', () => {
  const team = { managerId: 'manager-1' };
  it('gives a salesperson’s submission to the team manager', () => {
    expect(chooseReviewer(team, 'rep-1', 'rep-1', 'admin-1')).toBe('manager-1');
    expect(chooseReviewer(team, 'admin-9', 'rep-1', 'admin-1')).toBe('manager-1');
  });
  it('falls back to the ADMIN reviewer for the manager’s own submissions or customers, and teams without a manager', () => {
    expect(chooseReviewer(team, 'manager-1', 'rep-1', 'admin-1')).toBe('admin-1');
    expect(chooseReviewer(team, 'rep-1', 'manager-1', 'admin-1')).toBe('admin-1');
    expect(chooseReviewer({ managerId: null }, 'rep-1', 'rep-1', 'admin-1')).toBe('admin-1');
    expect(chooseReviewer(null, 'rep-1', 'rep-1', 'admin-1')).toBe('admin-1');
  });
});
