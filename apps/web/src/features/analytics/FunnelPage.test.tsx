import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { installDomShims, Providers, testClient, viewerAs, viewerHandlers, type Handler } from '../../test/harness';
import AnalyticsPage from './AnalyticsPage';

installDomShims();
vi.setConfig({ testTimeout: 60_000 });
// Ant Design renders slowly in jsdom on a shared machine: waits are about behaviour, not speed.
const SLOW = { timeout: 15_000 };
// jsdom has no canvas: the chart is left out here (the browser test draws it); its figures are in the table.
vi.mock('./EChart', () => ({ default: () => null }));

const viewer = (role: string, id = 'mgr-1') => viewerAs(role, id, '陈经理', { teamName: '华东销售组' });

const STAGE_LABELS: Array<[string, string]> = [
  ['LEAD_NURTURING', '线索培育'],
  ['NEEDS_CONFIRMED', '需求确认'],
  ['PROPOSAL_PRESENTED', '方案呈现'],
  ['NEGOTIATION', '谈判推进'],
  ['DEAL_SIGNING', '成交签约'],
  ['AFTER_SALES', '售后维护'],
  ['LEAD_TERMINATED', '线索终止'],
];
const labels: Handler = () => ({
  data: { enumLabels: STAGE_LABELS.map(([value, label]) => ({ enum: 'SalesStage', value, label })) },
});

const key = (ownerId: string | null = null) => ({
  ownerId,
  teamId: null,
  industryCode: null,
  sourceChannel: null,
});
const stages = (figures: Record<string, [number, number, number, number | null, number | null]>) =>
  STAGE_LABELS.map(([stage]) => {
    const [entered, advanced, terminated, conversionRate, medianDaysInStage] = figures[stage] ?? [
      0,
      0,
      0,
      null,
      null,
    ];
    return { stage, entered, advanced, terminated, conversionRate, medianDaysInStage };
  });

const funnel: Handler = (vars) => ({
  data: {
    total: [
      {
        __typename: 'FunnelGroup',
        key: key(),
        stages: stages({
          LEAD_NURTURING: [3, 2, 1, 2 / 3, 3],
          NEEDS_CONFIRMED: [2, 2, 0, 1, 1.25],
          LEAD_TERMINATED: [1, 0, 0, 0, null],
        }),
        winRate: 0.5,
      },
    ],
    ...(vars.grouped
      ? {
          groups: [
            {
              __typename: 'FunnelGroup',
              key: key('rep-1'),
              stages: stages({ LEAD_NURTURING: [2, 1, 1, 0.5, 2] }),
              winRate: null,
            },
            {
              __typename: 'FunnelGroup',
              key: key('rep-2'),
              stages: stages({ LEAD_NURTURING: [1, 1, 0, 1, 4], DEAL_SIGNING: [1, 0, 0, 0, null] }),
              winRate: 1,
            },
          ],
        }
      : {}),
  },
});

const stageCustomers: Handler = () => ({
  data: {
    funnelStageCustomers: [
      {
        __typename: 'FunnelStageCustomer',
        enteredAt: '2024-03-05T02:00:00Z',
        advanced: true,
        terminated: false,
        customer: { __typename: 'Customer', id: 'c-abc', name: 'ABC公司', stage: 'NEGOTIATION' },
      },
      {
        __typename: 'FunnelStageCustomer',
        enteredAt: '2024-03-02T02:00:00Z',
        advanced: false,
        terminated: true,
        customer: null,
      },
    ],
  },
});

const people: Handler = (vars) => ({
  data: { user: { id: vars.id, name: vars.id === 'rep-1' ? '李明' : '王芳' } },
});

function renderAt(path: string, handlers: Record<string, Handler>) {
  const { client, calls } = testClient({
    ...viewerHandlers,
    EnumLabels: labels,
    AnalyticsTeams: () => ({ data: { teams: [] } }),
    AnalyticsPerson: people,
    ...handlers,
  });
  render(
    <Providers client={client} path={path}>
      <Routes>
        <Route path="/analytics/*" element={<AnalyticsPage />} />
      </Routes>
    </Providers>,
  );
  return calls;
}

function cells(rowName: RegExp): string[] {
  const row = screen.getAllByRole('row').find((r) => within(r).queryByRole('button', { name: rowName }));
  if (!row) throw new Error(`no row ${rowName}`);
  return within(row)
    .getAllByRole('cell')
    .map((c) => c.textContent ?? '');
}

describe('转化漏斗', () => {
  beforeEach(() => {
    // Wednesday 20 March 2024, 10:00 in Shanghai.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2024-03-20T02:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('asks for the chosen period and shows each stage’s figures in the table', async () => {
    const user = userEvent.setup();
    const calls = renderAt('/analytics/funnel?period=month', {
      Viewer: viewer('SALES_MANAGER'),
      AnalyticsFunnel: funnel,
    });
    await screen.findByRole('button', { name: '查看线索培育的客户' }, SLOW);
    expect(calls.find((c) => c.operationName === 'AnalyticsFunnel')?.variables).toEqual({
      from: '2024-03-01',
      to: '2024-03-31',
      filter: null,
      groupBy: null,
      grouped: false,
    });
    expect(cells(/线索培育/)).toEqual(['线索培育', '3', '2', '1', '66.7%', '3 天']);
    expect(cells(/需求确认/)).toEqual(['需求确认', '2', '2', '0', '100%', '1.3 天']);
    expect(cells(/谈判推进/)).toEqual(['谈判推进', '0', '0', '0', '—', '—']);
    expect(cells(/线索终止/)).toEqual(['线索终止', '1', '0', '0', '0%', '—']);
    expect(screen.getByText('50%')).toBeInTheDocument();

    await user.click(screen.getByRole('radio', { name: '本季度' }).closest('label')!);
    await waitFor(
      () =>
        expect(calls.filter((c) => c.operationName === 'AnalyticsFunnel').at(-1)?.variables).toMatchObject({
          from: '2024-01-01',
          to: '2024-03-31',
        }),
      SLOW,
    );
    await user.click(screen.getByRole('radio', { name: '本周' }).closest('label')!);
    await waitFor(
      () =>
        expect(calls.filter((c) => c.operationName === 'AnalyticsFunnel').at(-1)?.variables).toMatchObject({
          from: '2024-03-18',
          to: '2024-03-24',
        }),
      SLOW,
    );
  });

  it('lists a stage’s customers in place when the stage is clicked, narrowed to the group being viewed', async () => {
    const user = userEvent.setup();
    const calls = renderAt('/analytics/funnel?period=month&groupBy=OWNER', {
      Viewer: viewer('SALES_MANAGER'),
      AnalyticsFunnel: funnel,
      FunnelStageCustomers: stageCustomers,
    });
    expect(await screen.findByText('王芳', {}, SLOW)).toBeInTheDocument();
    expect(calls.find((c) => c.operationName === 'AnalyticsFunnel')?.variables).toMatchObject({
      groupBy: ['OWNER'],
      grouped: true,
    });
    const rep2 = screen.getAllByRole('row').find((r) => within(r).queryByText('王芳'))!;
    await user.click(within(rep2).getByRole('button', { name: '看这组的漏斗' }));
    await waitFor(() => expect(cells(/线索培育/)).toEqual(['线索培育', '1', '1', '0', '100%', '4 天']), SLOW);
    await user.click(screen.getByRole('button', { name: '查看线索培育的客户' }));
    expect(await screen.findByRole('link', { name: 'ABC公司' }, SLOW)).toHaveAttribute(
      'href',
      '/customers/c-abc',
    );
    expect(screen.getByText('无权查看此记录')).toBeInTheDocument();
    expect(screen.getByText('已推进')).toBeInTheDocument();
    expect(calls.find((c) => c.operationName === 'FunnelStageCustomers')?.variables).toEqual({
      from: '2024-03-01',
      to: '2024-03-31',
      stage: 'LEAD_NURTURING',
      filter: { ownerId: 'rep-2' },
      first: 100,
    });
  });

  it('tells a salesperson and after-sales staff they have no access, and asks the API for nothing', async () => {
    for (const role of ['SALES_REP', 'AFTER_SALES']) {
      const calls = renderAt('/analytics/funnel', { Viewer: viewer(role, 'rep-1') });
      expect(await screen.findByRole('heading', { name: '你没有查看分析的权限' }, SLOW)).toBeInTheDocument();
      expect(calls.map((c) => c.operationName)).not.toContain('AnalyticsFunnel');
      document.body.innerHTML = '';
    }
  });
});
