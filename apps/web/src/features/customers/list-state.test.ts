import { activeFilterCount, filterOf, nextDue, orderOf, readListState, withFilter, writeListState } from './list-state';

describe('the customer list state in the address', () => {
  it('reads filters from the address and writes the same address back', () => {
    const params = new URLSearchParams('q=王总&stage=NEGOTIATION&industry=C36&source=TRADE_SHOW&owner=rep-1&overdue=1&sort=nextDueAt&dir=desc&after=abc');
    const state = readListState(params);
    expect(state).toEqual({
      search: '王总',
      stage: 'NEGOTIATION',
      industryCode: 'C36',
      sourceChannel: 'TRADE_SHOW',
      ownerId: 'rep-1',
      overdue: true,
      sort: 'nextDueAt',
      descending: true,
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

describe('the order the server sorts by, and the next action shown', () => {
  it('asks the server for the column and direction, and for none without a sort', () => {
    expect(orderOf(readListState(new URLSearchParams('')))).toBeNull();
    expect(orderOf(readListState(new URLSearchParams('sort=lastInteractionAt&dir=desc')))).toEqual({ field: 'LAST_INTERACTION', direction: 'DESC' });
    expect(orderOf(readListState(new URLSearchParams('sort=stage')))).toEqual({ field: 'STAGE', direction: 'ASC' });
    expect(orderOf(readListState(new URLSearchParams('sort=budget')))).toBeNull();
  });
  it('starts again at the first page when the order changes (a cursor belongs to one order)', () => {
    const state = readListState(new URLSearchParams('sort=name&after=cursor-2'));
    expect(withFilter(state, { sort: 'stage' }).after).toBeNull();
  });
  it('shows the earliest-due open action', () => {
    expect(nextDue([{ dueAt: '2024-03-25T10:00:00Z' }, { dueAt: '2024-03-22T10:00:00Z' }])).toEqual({ dueAt: '2024-03-22T10:00:00Z' });
    expect(nextDue([])).toBeNull();
  });
});
