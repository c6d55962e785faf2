import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { installDomShims, Providers, testClient, viewerHandlers, type Handler } from '../../test/harness';
import FridayPage from './FridayPage';

installDomShims();
// Ant Design renders slowly in jsdom on a shared machine: the default 5 s is about speed, not behaviour.
vi.setConfig({ testTimeout: 60_000 });

const now = Date.now();
const hoursAgo = (h: number) => new Date(now - h * 3_600_000).toISOString();
const review = (status: string, customerVersion: number, comments: string | null = null) => ({
  id: `r-${status}`,
  status,
  comments,
  customerVersion,
  submittedAt: hoursAgo(48),
  decidedAt: status === 'PENDING' ? null : hoursAgo(24),
  reviewer: { id: 'dev-sales-manager', name: '王经理' },
  findings: status === 'CHANGES_REQUESTED' ? [{ code: 'NEEDS_WITHOUT_PAIN_POINTS', message: 'needs without pain points', field: 'painPoints' }] : [],
});

const records: Handler = () => ({
  data: {
    customers: {
      totalCount: 4,
      edges: [
        { node: { id: 'c-abc', name: 'ABC公司', stage: 'NEEDS_CONFIRMED', version: 4, updatedAt: hoursAgo(0.5), nextActions: [{ id: 'n1', overdue: false }], latestReview: null } },
        { node: { id: 'c-xyz', name: 'XYZ物流', stage: 'NEGOTIATION', version: 7, updatedAt: hoursAgo(0.2), nextActions: [], latestReview: review('CHANGES_REQUESTED', 7, '痛点要对应到需求，补充后再提交') } },
        { node: { id: 'c-done', name: '已提交公司', stage: 'LEAD_NURTURING', version: 2, updatedAt: hoursAgo(0.1), nextActions: [{ id: 'n2', overdue: false }], latestReview: review('PENDING', 2) } },
        { node: { id: 'c-old', name: '很久没动的公司', stage: 'LEAD_NURTURING', version: 1, updatedAt: hoursAgo(24 * 30), nextActions: [], latestReview: null } },
      ],
    },
  },
});

describe('本周提交', () => {
  it('lists the records sent back with the manager’s comments and this week’s changes with what is missing', async () => {
    const { client } = testClient({ ...viewerHandlers, FridayRecords: records });
    render(
      <Providers client={client} path="/friday">
        <FridayPage />
      </Providers>,
    );
    expect(await screen.findByText('痛点要对应到需求，补充后再提交')).toBeInTheDocument();
    expect(screen.getByText('被退回，需修改')).toBeInTheDocument();
    expect(screen.getByText('有需求但没有分析痛点')).toBeInTheDocument();
    expect(screen.getByText('没有进行中的下一步行动')).toBeInTheDocument();
    expect(screen.getByText('已提交，待审核')).toBeInTheDocument();
    expect(screen.queryByText('很久没动的公司')).not.toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: '选择 已提交公司' })).toBeDisabled();
  });

  it('select all submits every record that can go, in one request, and says to whom', async () => {
    const user = userEvent.setup();
    const { client, calls } = testClient({
      ...viewerHandlers,
      FridayRecords: records,
      SubmitForReview: (vars) => ({
        data: {
          submitForReview: (vars.customerIds as string[]).map((id) => ({
            id: `r-${id}`,
            status: 'PENDING',
            customer: { id, name: id === 'c-abc' ? 'ABC公司' : 'XYZ物流' },
            reviewer: { id: 'dev-sales-manager', name: '王经理' },
            findings: id === 'c-xyz' ? [{ code: 'NO_OPEN_NEXT_ACTION', message: 'no open next action' }] : [],
          })),
        },
      }),
    });
    render(
      <Providers client={client} path="/friday">
        <FridayPage />
      </Providers>,
    );
    const submit = await screen.findByRole('button', { name: /提交审核（0 条）/ });
    expect(submit).toBeDisabled();
    await user.click(screen.getByRole('checkbox', { name: /全选可提交的记录（2 条）/ }));
    await user.click(screen.getByRole('button', { name: /提交审核（2 条）/ }));
    await waitFor(() => expect(calls.filter((c) => c.operationName === 'SubmitForReview')).toHaveLength(1));
    const sent = calls.find((c) => c.operationName === 'SubmitForReview')!.variables;
    expect([...(sent.customerIds as string[])].sort()).toEqual(['c-abc', 'c-xyz']);
    expect(await screen.findByText('已提交 2 条记录给 王经理 审核')).toBeInTheDocument();
  });
});
