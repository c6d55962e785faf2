import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { installDomShims, Providers, testClient, viewerHandlers, type Handler } from '../../test/harness';
import WorkbenchPage from './WorkbenchPage';

installDomShims();
// Ant Design renders slowly in jsdom on a shared machine: the default 5 s is about speed, not behaviour.
vi.setConfig({ testTimeout: 60_000 });

const hours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
const action = (id: string, content: string, dueAt: string, customer: { id: string; name: string } | null) => ({
  node: { id, content, dueAt, overdue: Date.parse(dueAt) < Date.now(), customerId: customer?.id ?? 'c-hidden', customer },
});

function page(after: unknown): ReturnType<Handler> {
  const first = !after;
  return {
    data: {
      myNextActions: {
        totalCount: 3,
        counts: { overdue: 1, today: 0, thisWeek: 2 },
        pageInfo: { hasNextPage: first, endCursor: first ? 'cursor-2' : 'cursor-3' },
        edges: first
          ? [
              action('n-1', '发送正式报价单至王总邮箱', hours(-30), { id: 'c-abc', name: 'ABC公司' }),
              action('n-2', '把合同模板发给乙公司法务', hours(200), null),
            ]
          : [action('n-3', '现场演示智能仓储系统', hours(400), { id: 'c-xyz', name: 'XYZ物流' })],
      },
      weeklySubmission: [{ sentBack: true }, { sentBack: false }],
    },
  };
}

describe('工作台', () => {
  it('shows the server’s counts and order, a customer the rep may not read as restricted, and pages on', async () => {
    const user = userEvent.setup();
    const { client, calls } = testClient({ ...viewerHandlers, Workbench: (vars) => page(vars.after) });
    render(
      <Providers client={client}>
        <WorkbenchPage />
      </Providers>,
    );
    const counts = await screen.findByRole('group', { name: '下一步行动统计' });
    expect(within(counts).getByText('已逾期').closest('.ant-statistic')).toHaveTextContent('1');
    expect(within(counts).getByText('本周').closest('.ant-statistic')).toHaveTextContent('2');
    expect(within(screen.getByRole('list', { name: '已逾期' })).getByText('发送正式报价单至王总邮箱')).toBeInTheDocument();
    const later = screen.getByRole('list', { name: '以后' });
    expect(within(later).getByLabelText('受限')).toBeInTheDocument();
    expect(screen.getByText(/本周需提交审核：2 条记录/)).toBeInTheDocument();
    expect(screen.getByText('（1 条被退回）')).toBeInTheDocument();
    expect(calls.find((c) => c.operationName === 'Workbench')!.variables).toMatchObject({ timeZone: 'Asia/Shanghai', first: 50 });
    await user.click(screen.getByRole('button', { name: /加载更多/ }));
    await waitFor(() => expect(screen.getByText('现场演示智能仓储系统')).toBeInTheDocument());
    expect(calls.filter((c) => c.operationName === 'Workbench').at(-1)!.variables).toMatchObject({ after: 'cursor-2' });
    expect(screen.getByText('发送正式报价单至王总邮箱')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /加载更多/ })).not.toBeInTheDocument();
  });
});
