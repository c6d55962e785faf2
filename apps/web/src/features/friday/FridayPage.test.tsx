import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { installDomShims, Providers, testClient, viewerHandlers, type Handler } from '../../test/harness';
import FridayPage from './FridayPage';

installDomShims();
// Ant Design renders slowly in jsdom on a shared machine: the default 5 s is about speed, not behaviour.
vi.setConfig({ testTimeout: 60_000 });

const now = Date.now();
const hoursAgo = (h: number) => new Date(now - h * 3_600_000).toISOString();
const finding = (code: string, message: string, refId: string | null = null) => ({ code, codeLabel: code, message, field: null, refId });

const records: Handler = () => ({
  data: {
    weeklySubmission: [
      {
        sentBack: true,
        changedAt: hoursAgo(0.2),
        findings: [finding('PAIN_POINT_WITHOUT_NEED', '有痛点没有对应到任何需求', 'p-1')],
        customer: {
          id: 'c-xyz',
          name: 'XYZ物流',
          stage: 'NEGOTIATION',
          latestReview: {
            id: 'r-1',
            status: 'CHANGES_REQUESTED',
            comments: '痛点要对应到需求，补充后再提交',
            decidedAt: hoursAgo(24),
            reviewer: { id: 'dev-sales-manager', name: '王经理' },
          },
        },
      },
      {
        sentBack: false,
        changedAt: hoursAgo(0.5),
        findings: [finding('NO_OPEN_NEXT_ACTION', '没有进行中的下一步行动：记录一次沟通并写下一步')],
        customer: { id: 'c-abc', name: 'ABC公司', stage: 'NEEDS_CONFIRMED', latestReview: null },
      },
      {
        sentBack: false,
        changedAt: hoursAgo(1),
        findings: [],
        customer: { id: 'c-ok', name: '齐全公司', stage: 'LEAD_NURTURING', latestReview: null },
      },
    ],
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
    // the server's findings, each with its fix: the section of the customer page, or the drawer
    const abc = screen.getByRole('list', { name: 'ABC公司 的缺项' });
    expect(within(abc).getByText('没有进行中的下一步行动：记录一次沟通并写下一步')).toBeInTheDocument();
    expect(within(abc).getByRole('link', { name: '去补充 →' })).toHaveAttribute('href', '/customers/c-abc#section-nextActions');
    expect(within(abc).getByRole('button', { name: '记录沟通 · ABC公司' })).toBeInTheDocument();
    const xyz = screen.getByRole('list', { name: 'XYZ物流 的缺项' });
    expect(within(xyz).getByRole('link', { name: '去补充 →' })).toHaveAttribute('href', '/customers/c-xyz#section-painPoints');
    expect(screen.queryByRole('list', { name: '齐全公司 的缺项' })).not.toBeInTheDocument();
    expect(screen.getByText('没有发现缺项')).toBeInTheDocument();
    expect(screen.getByText('2 条有缺项')).toBeInTheDocument();
  });

  it('opens the drawer for the customer from a finding that logging a call fixes', async () => {
    const user = userEvent.setup();
    const { client } = testClient({ ...viewerHandlers, FridayRecords: records });
    render(
      <Providers client={client} path="/friday">
        <FridayPage />
      </Providers>,
    );
    await user.click(await screen.findByRole('button', { name: '记录沟通 · ABC公司' }));
    expect(await screen.findByRole('dialog', { name: '记录沟通 · ABC公司' })).toBeInTheDocument();
  });

  it('select all submits every record listed, in one request, and says to whom', async () => {
    const user = userEvent.setup();
    const { client, calls } = testClient({
      ...viewerHandlers,
      FridayRecords: records,
      SubmitForReview: (vars) => ({
        data: {
          submitForReview: (vars.customerIds as string[]).map((id) => ({
            id: `r-${id}`,
            status: 'PENDING',
            customer: { id, name: id === 'c-abc' ? 'ABC公司' : id === 'c-ok' ? '齐全公司' : 'XYZ物流' },
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
    await user.click(screen.getByRole('checkbox', { name: /全选可提交的记录（3 条）/ }));
    await user.click(screen.getByRole('button', { name: /提交审核（3 条）/ }));
    await waitFor(() => expect(calls.filter((c) => c.operationName === 'SubmitForReview')).toHaveLength(1));
    const sent = calls.find((c) => c.operationName === 'SubmitForReview')!.variables;
    expect([...(sent.customerIds as string[])].sort()).toEqual(['c-abc', 'c-ok', 'c-xyz']);
    expect(await screen.findByText('已提交 3 条记录给 王经理 审核')).toBeInTheDocument();
  });
});
