import { configure, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { installDomShims, Providers, testClient, viewerHandlers, type Handler } from '../../test/harness';
import ArchivedFormPage from './ArchivedFormPage';

installDomShims();
vi.setConfig({ testTimeout: 60_000 });
// Waiting on what the screen shows (typing, the search's pause, answers), not on a clock: a busy machine may take a while.
configure({ asyncUtilTimeout: 15_000 });

// The form's ABC公司 example, frozen as records stores it.
const snapshot = {
  archiveCode: 'ABC公司_20240315',
  customerVersion: 6,
  basics: {
    id: 'c-abc',
    name: 'ABC公司',
    kind: 'ENTERPRISE',
    industryCode: 'C3612',
    sourceChannel: 'TRADE_SHOW',
    sourceDetail: null,
    firstContactDate: '2024-03-15',
    ownerId: 'rep-1',
    teamId: 'team-east',
    remarks: '客户对价格敏感，注意长期维护成本',
  },
  stage: 'NEEDS_CONFIRMED',
  terminationReason: null,
  contacts: [
    { id: 'k1', name: '王总', role: 'DECISION_MAKER', title: null, phone: '13800138000', email: null },
  ],
  interactions: [
    {
      id: 'i1',
      occurredAt: '2024-03-20T06:30:00.000Z',
      method: 'PHONE_CALL',
      summary: '客户表示现有供应商交货周期长，希望缩短至7天',
      isFirstContact: true,
      loggedAt: '2024-03-20T07:00:00.000Z',
      loggedLate: false,
      authorId: 'rep-1',
      nextActionId: 'n1',
    },
  ],
  needs: [
    { id: 'need-1', kind: 'EXPLICIT', description: '预算50万以内', active: true, retiredReason: null },
    { id: 'need-2', kind: 'INFERRED', description: '对长期维护成本敏感', active: true, retiredReason: null },
  ],
  painPoints: [
    {
      id: 'p1',
      description: '现有系统长期维护费用高，超出预算',
      needIds: ['need-2'],
      active: true,
      retiredReason: null,
    },
  ],
  nextActions: [
    {
      id: 'n1',
      content: '发送产品详细参数表至客户邮箱',
      ownerId: 'rep-1',
      dueAt: '2024-03-25T10:00:00.000Z',
      status: 'OPEN',
      completedAt: null,
      cancelReason: null,
    },
  ],
  stageHistory: [],
  transfers: [],
  signature: { salespersonId: 'rep-1', salespersonName: '李明', submittedAt: '2024-03-22T08:00:00.000Z' },
  review: {
    reviewId: 'r1',
    status: 'APPROVED',
    decision: 'APPROVE',
    reviewerId: 'manager-1',
    reviewerName: '陈经理',
    comments: '记录完整，同意归档',
    customerVersion: 5,
    decidedAt: '2024-03-22T09:00:00.000Z',
  },
};

const record: Handler = (vars) => ({
  data: {
    archivedRecord:
      vars.id === 'a-1'
        ? {
            id: 'a-1',
            customerId: 'c-abc',
            archiveCode: 'ABC公司_20240315',
            archivedAt: '2024-03-22T10:00:00.000Z',
            archiver: { id: 'assistant-1', name: '王助理' },
            people: [
              { id: 'rep-1', name: '李明' },
              { id: 'manager-1', name: '陈经理' },
            ],
            snapshot: JSON.stringify(snapshot),
          }
        : null,
  },
});

const handlers: Record<string, Handler> = {
  ...viewerHandlers,
  ArchivedForm: record,
  ArchiveIndustry: () => ({
    data: { industries: [{ code: 'C3612', sectionName: '制造业', name: '新能源车整车制造' }] },
  }),
  EnumLabels: () => ({
    data: {
      enumLabels: [
        ['CustomerKind', 'ENTERPRISE', '企业'],
        ['ContactRole', 'DECISION_MAKER', '决策人'],
        ['SourceChannel', 'TRADE_SHOW', '展会推荐'],
        ['InteractionMethod', 'PHONE_CALL', '电话'],
        ['NeedKind', 'EXPLICIT', '明确需求'],
        ['NeedKind', 'INFERRED', '潜在需求'],
        ['NextActionStatus', 'OPEN', '进行中'],
        ...['线索培育', '需求确认', '方案呈现', '谈判推进', '成交签约', '售后维护'].map((label, i) => [
          'SalesStage',
          [
            'LEAD_NURTURING',
            'NEEDS_CONFIRMED',
            'PROPOSAL_PRESENTED',
            'NEGOTIATION',
            'DEAL_SIGNING',
            'AFTER_SALES',
          ][i]!,
          label,
        ]),
      ].map(([e, value, label]) => ({ enum: e, value, label })),
    },
  }),
};

function renderAt(path: string) {
  const { client } = testClient(handlers);
  return render(
    <Providers client={client} path={path}>
      <Routes>
        <Route path="/archive/snapshots/:id" element={<ArchivedFormPage />} />
      </Routes>
    </Providers>,
  );
}

describe('an archived form', () => {
  it('reads as the paper form: its sections in the form’s order and words, with the record’s data', async () => {
    renderAt('/archive/snapshots/a-1');
    const form = await screen.findByRole('article', { name: '销售过程标准记录表' });
    expect(
      within(form)
        .getAllByRole('heading', { level: 2 })
        .map((h) => h.textContent),
    ).toEqual([
      '一、客户基础信息',
      '二、沟通记录',
      '三、客户需求关键点',
      '四、客户痛点分析',
      '五、当前销售阶段',
      '六、下一步行动计划',
      '七、备注',
      '八、审核信息',
    ]);
    const section = (name: RegExp) => within(form).getByRole('region', { name });
    expect(section(/客户基础信息/)).toHaveTextContent('ABC公司');
    expect(section(/客户基础信息/)).toHaveTextContent('王总（决策人） · 13800138000');
    expect(
      await within(section(/客户基础信息/)).findByText('制造业 / 新能源车整车制造（C3612）'),
    ).toBeInTheDocument();
    expect(section(/客户基础信息/)).toHaveTextContent('2024-03-15');
    expect(section(/客户基础信息/)).toHaveTextContent('展会推荐');
    expect(section(/沟通记录/)).toHaveTextContent('2024-03-20 14:30');
    expect(section(/沟通记录/)).toHaveTextContent('首次沟通');
    expect(section(/客户需求关键点/)).toHaveTextContent('预算50万以内');
    expect(section(/客户痛点分析/)).toHaveTextContent('现有系统长期维护费用高，超出预算需求 2');
    expect(
      within(section(/当前销售阶段/))
        .getByText('需求确认')
        .closest('li'),
    ).toHaveClass('pf-on');
    expect(
      within(section(/当前销售阶段/))
        .getByText('线索培育')
        .closest('li'),
    ).not.toHaveClass('pf-on');
    expect(section(/下一步行动计划/)).toHaveTextContent(
      '发送产品详细参数表至客户邮箱李明2024-03-25 18:00进行中',
    );
    expect(section(/备注/)).toHaveTextContent('客户对价格敏感，注意长期维护成本');
    const review = section(/审核信息/);
    expect(review).toHaveTextContent('销售人员签字李明日期2024-03-22');
    expect(review).toHaveTextContent('经理审核意见通过记录完整，同意归档');
    expect(review).toHaveTextContent('审核人陈经理日期2024-03-22');
    expect(within(form).getByText('ABC公司_20240315')).toBeInTheDocument();
    expect(within(form).getByText('王助理')).toBeInTheDocument();
  });

  it('prints from its [打印] button', async () => {
    const user = userEvent.setup();
    const print = vi.spyOn(window, 'print').mockImplementation(() => undefined);
    renderAt('/archive/snapshots/a-1');
    await user.click(await screen.findByRole('button', { name: /打\s*印/ }));
    expect(print).toHaveBeenCalledTimes(1);
    expect(document.title).toBe('ABC公司_20240315');
  });

  it('says so when the archive does not exist or is not the caller’s to see', async () => {
    renderAt('/archive/snapshots/nope');
    expect(await screen.findByText('找不到这份归档，可能你无权查看')).toBeInTheDocument();
    expect(screen.queryByRole('article')).not.toBeInTheDocument();
  });
});
