import { render, screen, within } from '@testing-library/react';
import { installDomShims, Providers, testClient, viewerAs, viewerHandlers, type Handler } from '../../test/harness';
import TeamPage from './TeamPage';

installDomShims();
// Ant Design renders slowly in jsdom on a shared machine: the default 5 s is about speed, not behaviour.
vi.setConfig({ testTimeout: 60_000 });

const manager = viewerAs('SALES_MANAGER', 'manager-1', '陈经理');

const person = (over: Record<string, unknown>) => ({
  openNextActions: 0,
  overdueNextActions: 0,
  changedCount: 0,
  submittedCount: 0,
  loggedLateCount: 0,
  changedRecords: [],
  ...over,
});

/** The week as workflow counts it over the whole team: 李明 has 130 records changed, 50 of them listed. */
const week: Handler = () => ({
  data: {
    teamWeek: {
      teamId: 'team-east',
      weekStart: '2026-03-01T16:00:00.000Z',
      people: [
        person({ userId: 'manager-1', user: { id: 'manager-1', name: '陈经理', role: 'SALES_MANAGER' } }),
        person({
          userId: 'rep-1',
          user: { id: 'rep-1', name: '李明', role: 'SALES_REP' },
          openNextActions: 240,
          overdueNextActions: 117,
          changedCount: 130,
          submittedCount: 2,
          loggedLateCount: 104,
          changedRecords: [
            { customerId: 'c-abc', customerName: 'ABC公司', reviewState: 'SUBMITTED' },
            { customerId: 'c-xyz', customerName: 'XYZ物流', reviewState: 'APPROVED' },
            { customerId: 'c-back', customerName: '退回公司', reviewState: 'SENT_BACK' },
            ...Array.from({ length: 47 }, (_, i) => ({ customerId: `c-${i}`, customerName: `客户${i}`, reviewState: 'NOT_SUBMITTED' })),
          ],
        }),
        person({ userId: 'rep-2', user: { id: 'rep-2', name: '王芳', role: 'SALES_REP' } }),
        person({ userId: 'aftersales-1', user: { id: 'aftersales-1', name: '赵强', role: 'AFTER_SALES' }, openNextActions: 1, overdueNextActions: 1 }),
      ],
    },
  },
});

function renderPage(viewer: Handler = manager) {
  const client = testClient({ ...viewerHandlers, Viewer: viewer, TeamOverview: week });
  render(
    <Providers client={client.client} path="/team">
      <TeamPage />
    </Providers>,
  );
  return client;
}

const rowOf = (name: string) => screen.getByRole('link', { name: `查看 ${name} 的客户` }).closest('tr')!;

describe('团队', () => {
  it('shows each salesperson’s week as the server counts it over the whole team, with links to the records', async () => {
    const { calls } = renderPage();
    await screen.findByRole('link', { name: '查看 李明 的客户' });
    expect(calls.filter((c) => c.operationName === 'TeamOverview').map((c) => c.variables)).toEqual([{ teamId: 'team-east' }]);

    const li = within(rowOf('李明'));
    expect(li.getByRole('cell', { name: '240' })).toBeInTheDocument();
    expect(li.getByRole('link', { name: '117 个逾期，查看 李明 的这些客户' })).toHaveAttribute('href', '/customers?owner=rep-1&overdue=1');
    expect(li.getByText('128 条未提交')).toBeInTheDocument();
    expect(li.getByRole('cell', { name: '104' })).toBeInTheDocument();
    // each listed record links to it, with where its current version stands
    expect(li.getByRole('link', { name: 'ABC公司' })).toHaveAttribute('href', '/customers/c-abc');
    expect(li.getByRole('link', { name: 'ABC公司' }).closest('li')).toHaveTextContent('已提交');
    expect(li.getByRole('link', { name: 'XYZ物流' }).closest('li')).toHaveTextContent('已通过');
    expect(li.getByRole('link', { name: '退回公司' }).closest('li')).toHaveTextContent('被退回');
    expect(li.getByRole('link', { name: '客户0' }).closest('li')).toHaveTextContent('未提交');
    // the 80 records beyond the listed 50 lead to the salesperson's customers
    expect(li.getByRole('link', { name: '还有 80 条' })).toHaveAttribute('href', '/customers?owner=rep-1');
  });

  it('always lists salespeople, others only when they hold something', async () => {
    renderPage();
    await screen.findByRole('link', { name: '查看 李明 的客户' });
    expect(within(rowOf('王芳')).getByText('本周无修改')).toBeInTheDocument();
    expect(within(rowOf('赵强')).getByRole('link', { name: '1 个逾期，查看 赵强 的这些客户' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: '查看 陈经理 的客户' })).not.toBeInTheDocument();
    expect(screen.queryByText(/前 100 个客户/)).not.toBeInTheDocument();
  });

  it('is the manager’s screen: a salesperson is told so and nothing is asked', async () => {
    const { calls } = renderPage(viewerHandlers.Viewer);
    expect(await screen.findByText('只有销售经理查看团队概况。')).toBeInTheDocument();
    expect(calls.some((c) => c.operationName === 'TeamOverview')).toBe(false);
  });
});
