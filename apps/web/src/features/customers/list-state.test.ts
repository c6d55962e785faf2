import { activeFilterCount, filterOf, nextDue, readListState, sortRows, withFilter, writeListState } from './list-state';

describe('the customer list state in the address', () => {
  it('reads filters from the address and writes the same address back', () => {
    const params = new URLSearchParams('q=王总&stage=NEGOTIATION&industry=C36&source=TRADE_SHOW&owner=rep-1&overdue=1&after=abc');
    const state = readListState(params);
    expect(state).toEqual({
      search: '王总',
      stage: 'NEGOTIATION',
      industryCode: 'C36',
      sourceChannel: 'TRADE_SHOW',
      ownerId: 'rep-1',
      overdue: true,
      after: 'abc',
    });
    expect(writeListState(state).toString()).toBe(params.toString());
  });

  it('ignores values that are not the API enums (a hand-edited link)', () => {
    const state = readListState(new URLSearchParams('stage=WON&source=TV'));
    expect(state.stage).toBeNull();
    expect(state.sourceChannel).toBeNull();
    expect(writeListState(state).toString()).toBe('');
  });

  it('starts again at the first page when a filter changes', () => {
    const state = readListState(new URLSearchParams('after=cursor-2'));
    expect(withFilter(state, { stage: 'AFTER_SALES' }).after).toBeNull();
  });

  it("builds the API's CustomerFilter with only what is set", () => {
    expect(filterOf(readListState(new URLSearchParams('')))).toEqual({});
    expect(filterOf(readListState(new URLSearchParams('q=%20138%20&overdue=1')))).toEqual({ search: '138', hasOverdueActions: true });
    expect(activeFilterCount(readListState(new URLSearchParams('q=a&stage=AFTER_SALES&after=x')))).toBe(2);
  });
});

describe('sorting the page in view and the next action shown', () => {
  const rows = [
    { name: '乙公司', stageRank: 2, lastInteractionAt: null, nextDueAt: '2024-03-25T10:00:00Z' },
    { name: 'ABC公司', stageRank: 0, lastInteractionAt: '2024-03-20T06:30:00Z', nextDueAt: null },
    { name: '甲公司', stageRank: 5, lastInteractionAt: '2024-03-21T06:30:00Z', nextDueAt: '2024-03-22T10:00:00Z' },
  ];
  it('orders by a column either way, empty values last both ways', () => {
    expect(sortRows(rows, 'lastInteractionAt', 'descend').map((r) => r.name)).toEqual(['甲公司', 'ABC公司', '乙公司']);
    expect(sortRows(rows, 'lastInteractionAt', 'ascend').map((r) => r.name)).toEqual(['ABC公司', '甲公司', '乙公司']);
    expect(sortRows(rows, 'nextDueAt', 'ascend').map((r) => r.name)).toEqual(['甲公司', '乙公司', 'ABC公司']);
    expect(sortRows(rows, 'stage', 'descend').map((r) => r.name)).toEqual(['甲公司', '乙公司', 'ABC公司']);
    expect(sortRows(rows, null, null)).toEqual(rows);
  });
  it('shows the earliest-due open action', () => {
    expect(nextDue([{ dueAt: '2024-03-25T10:00:00Z' }, { dueAt: '2024-03-22T10:00:00Z' }])).toEqual({ dueAt: '2024-03-22T10:00:00Z' });
    expect(nextDue([])).toBeNull();
  });
});
