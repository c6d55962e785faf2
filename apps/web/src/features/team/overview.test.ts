import { teamWeek, type TeamCustomer } from './overview';

const monday = new Date('2024-03-18T00:00:00+08:00');
const customer = (over: Partial<TeamCustomer>): TeamCustomer => ({
  id: 'c',
  name: 'ABC公司',
  ownerId: 'rep-1',
  version: 3,
  updatedAt: '2024-03-20T10:00:00+08:00',
  nextActions: [],
  interactions: { edges: [] },
  latestReview: null,
  ...over,
});

describe('the team overview', () => {
  it('counts per salesperson open and overdue actions, this week’s records and whether they went to review, late logs', () => {
    const rows = teamWeek(
      ['rep-1', 'rep-2'],
      [
        customer({
          id: 'abc',
          nextActions: [
            { ownerId: 'rep-1', overdue: true },
            { ownerId: 'rep-1', overdue: false },
          ],
          interactions: {
            edges: [
              { node: { authorId: 'rep-1', loggedAt: '2024-03-19T09:00:00+08:00', loggedLate: true } },
              { node: { authorId: 'rep-1', loggedAt: '2024-03-12T09:00:00+08:00', loggedLate: true } },
            ],
          },
          latestReview: { status: 'PENDING', customerVersion: 3, submittedAt: '2024-03-20T11:00:00+08:00' },
        }),
        customer({ id: 'xyz', name: 'XYZ物流', latestReview: { status: 'APPROVED', customerVersion: 2, submittedAt: '2024-03-11T11:00:00+08:00' } }),
        customer({ id: 'old', name: '旧公司', updatedAt: '2024-03-01T10:00:00+08:00' }),
        customer({ id: 'sent', name: '退回公司', ownerId: 'rep-2', latestReview: { status: 'CHANGES_REQUESTED', customerVersion: 3, submittedAt: '2024-03-19T11:00:00+08:00' } }),
      ],
      monday,
    );
    expect(rows[0]).toEqual({
      userId: 'rep-1',
      open: 2,
      overdue: 1,
      changed: [
        { id: 'abc', name: 'ABC公司', submitted: true, approved: false, sentBack: false },
        { id: 'xyz', name: 'XYZ物流', submitted: false, approved: false, sentBack: false },
      ],
      submitted: 1,
      loggedLate: 1,
    });
    expect(rows[1]).toMatchObject({ userId: 'rep-2', open: 0, submitted: 0, changed: [{ id: 'sent', sentBack: true }] });
  });

  it('lists someone with nothing this week with zeros', () => {
    expect(teamWeek(['rep-3'], [], monday)).toEqual([{ userId: 'rep-3', open: 0, overdue: 0, changed: [], submitted: 0, loggedLate: 0 }]);
  });
});
