import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { badInput, installDomShims, Providers, testClient, viewerAs, viewerHandlers, type Handler } from '../../test/harness';
import ReviewsPage from './ReviewsPage';

installDomShims();
// Ant Design renders slowly in jsdom on a shared machine: the default 5 s is about speed, not behaviour.
vi.setConfig({ testTimeout: 60_000 });

const manager = viewerAs('SALES_MANAGER', 'manager-1', '陈经理');

const labels: Handler = (vars) => {
  const base = viewerHandlers.EnumLabels!(vars) as { data: { enumLabels: Array<{ enum: string; value: string; label: string }> } };
  return {
    data: {
      enumLabels: [
        ...base.data.enumLabels,
        { enum: 'RecordChangeKind', value: 'NEED_UPDATED', label: '修改需求' },
        { enum: 'RecordChangeKind', value: 'STAGE_CHANGED', label: '变更阶段' },
        { enum: 'SalesStage', value: 'NEGOTIATION', label: '谈判推进' },
      ],
    },
  };
};

const now = new Date().toISOString();
const queue: Handler = () => ({
  data: {
    reviewQueue: [
      {
        id: 'r-abc',
        submittedAt: now,
        note: null,
        customerVersion: 5,
        submitter: { id: 'rep-1', name: '李明' },
        customer: { id: 'c-abc', name: 'ABC公司', stage: 'NEGOTIATION' },
        findings: [{ code: 'OVERDUE_ACTION' }],
        answersReviewId: null,
      },
      {
        id: 'r-xyz',
        submittedAt: now,
        note: null,
        customerVersion: 2,
        submitter: { id: 'rep-1', name: '李明' },
        customer: { id: 'c-xyz', name: 'XYZ物流', stage: 'LEAD_NURTURING' },
        findings: [],
        answersReviewId: null,
      },
    ],
  },
});

const record: Handler = (vars) => ({
  data: {
    customer: {
      id: vars.id,
      name: vars.id === 'c-abc' ? 'ABC公司' : 'XYZ物流',
      kind: 'ENTERPRISE',
      industry: { code: 'C36', name: '汽车制造业', sectionName: '制造业' },
      sourceChannel: 'TRADE_SHOW',
      sourceDetail: null,
      firstContactDate: '2024-03-15',
      stage: 'NEGOTIATION',
      terminationReason: null,
      owner: { id: 'rep-1', name: '李明' },
      remarks: null,
      version: 5,
      contacts: [{ id: 'ct-1', name: '王总', role: 'DECISION_MAKER', title: null, phone: '13812345678', email: null }],
      interactions: { edges: [] },
      needs: [
        { id: 'n-1', kind: 'EXPLICIT', description: '预算60万以内' },
        { id: 'n-2', kind: 'EXPLICIT', description: '要求3年质保' },
      ],
      painPoints: [],
      stageHistory: [{ from: null, to: 'LEAD_NURTURING', at: '2024-03-15T09:00:00+08:00', reason: null }],
      nextActions: [],
      latestReview: {
        id: vars.id === 'c-abc' ? 'r-abc' : 'r-xyz',
        status: 'PENDING',
        note: null,
        findings: vars.id === 'c-abc' ? [{ code: 'OVERDUE_ACTION', field: 'nextActions', message: '“发送正式报价单”已逾期 1 天', codeLabel: '下一步行动逾期' }] : [],
        answers: null,
      },
      changesSinceApproval: {
        sinceVersion: 3,
        sinceAt: '2024-03-22T10:00:00+08:00',
        toVersion: 5,
        changes: [
          { kind: 'NEED_UPDATED', version: 4, at: '2024-03-25T10:00:00+08:00', refId: 'n-1', field: null, before: '预算50万以内', after: '预算60万以内', by: { id: 'rep-1', name: '李明' } },
          { kind: 'STAGE_CHANGED', version: 5, at: '2024-03-26T10:00:00+08:00', refId: null, field: null, before: 'LEAD_NURTURING', after: 'NEGOTIATION', by: { id: 'rep-1', name: '李明' } },
        ],
      },
    },
  },
});

function renderPage(extra: Record<string, Handler> = {}) {
  const client = testClient({ ...viewerHandlers, Viewer: manager, EnumLabels: labels, ReviewQueue: queue, ReviewRecord: record, ...extra });
  render(
    <Providers client={client.client} path="/reviews">
      <ReviewsPage />
    </Providers>,
  );
  return client;
}

describe('审核', () => {
  it('lists submissions with their findings and shows the first record with what changed since the approval', async () => {
    renderPage();
    expect(await screen.findByText('问题 1 项')).toBeInTheDocument();
    expect(screen.getByText('无问题')).toBeInTheDocument();
    expect(await screen.findByText(/“发送正式报价单”已逾期 1 天/)).toBeInTheDocument();
    const changes = await screen.findByRole('list', { name: '与上次通过版本相比的变更' });
    expect(within(changes).getByText('预算50万以内')).toBeInTheDocument();
    expect(within(changes).getByText('修改需求')).toBeInTheDocument();
    // The changed need is marked where it stands; the unchanged one is not.
    const changedNeed = screen.getAllByText('预算60万以内').find((el) => el.closest('li.ant-list-item'))!.closest('li')!;
    expect(within(changedNeed).getByText('已修改')).toBeInTheDocument();
    const unchangedNeed = screen.getByText('要求3年质保').closest('li')!;
    expect(within(unchangedNeed).queryByText('已修改')).not.toBeInTheDocument();
  });

  it('does not send a record back without comments', async () => {
    const user = userEvent.setup();
    const { calls } = renderPage({ DecideReview: () => ({ data: { decideReview: { id: 'r-abc', status: 'CHANGES_REQUESTED', comments: 'x', decidedAt: now } } }) });
    await user.click(await screen.findByRole('button', { name: '退回修改' }));
    expect(await screen.findByText('退回修改时请写明需要修改什么')).toBeInTheDocument();
    expect(calls.some((c) => c.operationName === 'DecideReview')).toBe(false);
  });

  it('puts the server’s refusal of the comments on the comments box', async () => {
    const user = userEvent.setup();
    const { calls } = renderPage({ DecideReview: () => badInput('comments', 'COMMENTS_REQUIRED', 'Say what needs to change') });
    await user.type(await screen.findByRole('textbox', { name: '审核意见' }), '   .');
    await user.click(screen.getByRole('button', { name: '退回修改' }));
    await waitFor(() => expect(calls.filter((c) => c.operationName === 'DecideReview')).toHaveLength(1));
    expect(calls.find((c) => c.operationName === 'DecideReview')!.variables).toEqual({ id: 'r-abc', decision: 'REQUEST_CHANGES', comments: '.' });
    const box = screen.getByRole('textbox', { name: '审核意见' });
    // The box is marked invalid and its help text (shown once its animation starts) says why.
    await waitFor(() => expect(box).toHaveAttribute('aria-invalid', 'true'));
    expect(await screen.findByText('退回修改时请写明需要修改什么')).toBeInTheDocument();
  });

  it('sends back with the comments, and approves the clean ones together', async () => {
    const user = userEvent.setup();
    const { calls } = renderPage({
      DecideReview: (vars) => ({ data: { decideReview: { id: vars.id, status: vars.decision === 'APPROVE' ? 'APPROVED' : 'CHANGES_REQUESTED', comments: vars.comments, decidedAt: now } } }),
    });
    await user.type(await screen.findByRole('textbox', { name: '审核意见' }), '报价单逾期，请先发出再提交');
    await user.click(screen.getByRole('button', { name: '退回修改' }));
    await waitFor(() =>
      expect(calls.find((c) => c.operationName === 'DecideReview')?.variables).toEqual({ id: 'r-abc', decision: 'REQUEST_CHANGES', comments: '报价单逾期，请先发出再提交' }),
    );
    // Only the record without findings can be picked for approving together.
    expect(screen.getByRole('checkbox', { name: '选择 ABC公司' })).toBeDisabled();
    await user.click(screen.getByRole('checkbox', { name: /全选无问题的（1 条）/ }));
    await user.click(screen.getByRole('button', { name: /批量通过（1 条）/ }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: /通\s?过/ }));
    await waitFor(() => expect(calls.filter((c) => c.operationName === 'DecideReview' && c.variables.decision === 'APPROVE')).toHaveLength(1));
    expect(calls.find((c) => c.variables.decision === 'APPROVE')!.variables).toEqual({ id: 'r-xyz', decision: 'APPROVE', comments: '' });
  });
});
