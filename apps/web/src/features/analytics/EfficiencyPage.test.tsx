import { render, screen, within } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { installDomShims, Providers, testClient, viewerAs, viewerHandlers, type Handler } from '../../test/harness';
import AnalyticsPage from './AnalyticsPage';

installDomShims();
vi.setConfig({ testTimeout: 60_000 });
// jsdom has no canvas: the chart is left out here (the browser test draws it); its figures are in the table.
vi.mock('./EChart', () => ({ default: () => null }));

const figures = (ownerId: string | null, f: Partial<Record<string, number | null>>) => ({
  __typename: 'FollowUpGroup',
  key: { ownerId },
  interactionsLogged: 0,
  loggedWithin24hRate: null,
  actionsDue: 0,
  actionsCompletedOnTime: 0,
  onTimeRate: null,
  medianHoursToComplete: null,
  openOverdue: 0,
  ...f,
});

const followUp: Handler = () => ({
  data: {
    people: [
      figures('rep-1', {
        interactionsLogged: 8,
        loggedWithin24hRate: 0.75,
        actionsDue: 4,
        actionsCompletedOnTime: 3,
        onTimeRate: 0.75,
        medianHoursToComplete: 26.5,
        openOverdue: 2,
      }),
      // 王芳 logged nothing last week: absent from that answer.
      figures('rep-2', { interactionsLogged: 2, loggedWithin24hRate: 1 }),
    ],
    previousPeople: [
      figures('rep-1', {
        interactionsLogged: 5,
        loggedWithin24hRate: 0.8,
        actionsDue: 4,
        actionsCompletedOnTime: 2,
        onTimeRate: 0.5,
        medianHoursToComplete: 30,
      }),
    ],
    total: [
      figures(null, {
        interactionsLogged: 10,
        loggedWithin24hRate: 0.75,
        actionsDue: 4,
        actionsCompletedOnTime: 3,
        onTimeRate: 0.75,
        medianHoursToComplete: 26.5,
        openOverdue: 2,
      }),
    ],
    previousTotal: [figures(null, { interactionsLogged: 5 })],
  },
});

describe('跟进效率', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2024-03-20T02:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('shows each salesperson’s figures with the change since last week, and asks for both weeks', async () => {
    const { client, calls } = testClient({
      ...viewerHandlers,
      Viewer: viewerAs('MARKETING', 'mkt-1', '刘芳', { teamId: null, teamName: '华东销售组' }),
      AnalyticsFollowUp: followUp,
      AnalyticsTeams: () => ({ data: { teams: [{ id: 'team-east', name: '华东销售组' }] } }),
      AnalyticsPerson: (vars) => ({
        data: { user: { id: vars.id, name: vars.id === 'rep-1' ? '李明' : '王芳' } },
      }),
      AnalyticsPeople: () => ({
        data: {
          users: {
            edges: [{ node: { id: 'rep-1', name: '李明' } }, { node: { id: 'rep-2', name: '王芳' } }],
          },
        },
      }),
    });
    render(
      <Providers client={client} path="/analytics/efficiency?team=team-east">
        <Routes>
          <Route path="/analytics/*" element={<AnalyticsPage />} />
        </Routes>
      </Providers>,
    );
    const name = await screen.findByText('李明', {}, { timeout: 15_000 });
    expect(calls.find((c) => c.operationName === 'AnalyticsFollowUp')?.variables).toEqual({
      from: '2024-03-18',
      to: '2024-03-24',
      previousFrom: '2024-03-11',
      previousTo: '2024-03-17',
      filter: { teamId: 'team-east' },
    });
    const row = name.closest('tr')!;
    const values = within(row)
      .getAllByRole('cell')
      .map((c) => c.textContent);
    expect(values).toEqual([
      '李明',
      '8较上周上升 3',
      '75%较上周下降 5 个百分点',
      '4较上周持平',
      '3',
      '75%较上周上升 25 个百分点',
      '26.5 小时较上周下降 3.5',
      '2',
    ]);
    // Overdue actions are the one red figure.
    expect(within(row).getByText('2').closest('span')).toHaveClass('ant-typography-danger');
    const wang = screen.getByText('王芳').closest('tr')!;
    expect(within(wang).getAllByRole('cell')[1]?.textContent).toBe('2较上周上升 2');
    expect(within(wang).getAllByRole('cell')[2]?.textContent).toBe('100%');
    const total = screen.getByText('全部').closest('tr')!;
    expect(within(total).getAllByRole('cell')[1]?.textContent).toBe('10较上周上升 5');
  });
});
