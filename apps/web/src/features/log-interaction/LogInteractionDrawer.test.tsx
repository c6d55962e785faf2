import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { badInput, installDomShims, Providers, testClient, viewerHandlers, type Handler } from '../../test/harness';
import { LogInteractionDrawer, toLogInput } from './LogInteractionDrawer';
import dayjs from 'dayjs';

installDomShims();
// Ant Design renders slowly in jsdom on a shared machine: the default 5 s is about speed, not behaviour.
vi.setConfig({ testTimeout: 60_000 });

const people: Handler = () => ({
  data: {
    users: {
      edges: [
        { node: { id: 'dev-sales-rep', name: '李明', role: 'SALES_REP' } },
        { node: { id: 'dev-sales-rep-2', name: '张伟', role: 'SALES_REP' } },
      ],
    },
  },
});

function renderDrawer(logInteraction: Handler) {
  const harness = testClient({ ...viewerHandlers, ActionOwners: people, LogInteraction: logInteraction });
  render(
    <Providers client={harness.client}>
      <LogInteractionDrawer open onClose={() => undefined} customer={{ id: 'c-abc', name: 'ABC公司' }} />
    </Providers>,
  );
  return harness;
}

const logged: Handler = (vars) => ({
  data: {
    logInteraction: {
      id: 'i-1',
      customerId: 'c-abc',
      occurredAt: (vars.input as { occurredAt: string }).occurredAt,
      method: 'PHONE_CALL',
      summary: 's',
      isFirstContact: true,
      loggedLate: false,
      speculativeTerms: [],
      nextAction: { id: 'n-1', content: 'c', dueAt: '2024-03-25T10:00:00.000Z', status: 'OPEN' },
    },
  },
});

async function fillSummary(user: ReturnType<typeof userEvent.setup>, text: string) {
  const summary = await screen.findByLabelText('沟通内容摘要');
  await user.click(summary);
  await user.paste(text);
}

describe('记录沟通', () => {
  it('cannot be saved without a next action: says so and sends nothing', async () => {
    const user = userEvent.setup();
    const { calls } = renderDrawer(logged);
    await fillSummary(user, '客户表示当前供应商交付周期长');
    await user.click(screen.getByRole('button', { name: /保\s*存/ }));
    expect(await screen.findByText('每次沟通后都要写下一步行动')).toBeInTheDocument();
    expect(await screen.findByText('请选择计划完成时间')).toBeInTheDocument();
    expect(calls.some((c) => c.operationName === 'LogInteraction')).toBe(false);
  });

  it('shows VAGUE_NEXT_ACTION on the action with the form’s concrete example', async () => {
    const user = userEvent.setup();
    const { calls } = renderDrawer(() => badInput('input.nextAction.content', 'VAGUE_NEXT_ACTION', 'The next action is too vague'));
    await fillSummary(user, '客户有兴趣，约定3月25日现场演示产品');
    await user.type(screen.getByLabelText('行动内容'), '跟进客户');
    await user.click(screen.getByRole('button', { name: /明\s*天/ }));
    await user.click(screen.getByRole('button', { name: /保\s*存/ }));
    await waitFor(() => expect(calls.some((c) => c.operationName === 'LogInteraction')).toBe(true));
    // the server's reason on the field, once; the form's concrete example once, as the field's help
    const field = screen.getByLabelText('行动内容').closest('.ant-form-item') as HTMLElement;
    await waitFor(() => expect(field.querySelector('.ant-form-item-explain-error')).toHaveTextContent('太笼统了'));
    expect(field.querySelectorAll('.ant-form-item-explain-error')).toHaveLength(1);
    expect(within(field).getByText('例如：发送产品详细参数表至客户邮箱')).toBeInTheDocument();
    expect(field.textContent?.split('发送产品详细参数表至客户邮箱')).toHaveLength(2);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('on a CONFLICT offers to reload the record and keeps what was typed', async () => {
    const user = userEvent.setup();
    let attempts = 0;
    const { calls } = renderDrawer((vars) => {
      attempts += 1;
      return attempts === 1 ? badInput('', 'STALE_VERSION', 'The customer changed meanwhile', 'CONFLICT') : logged(vars);
    });
    await fillSummary(user, '客户确认了演示时间');
    await user.type(screen.getByLabelText('行动内容'), '发送产品详细参数表至客户邮箱');
    await user.click(screen.getByRole('button', { name: /明\s*天/ }));
    await user.click(screen.getByRole('button', { name: /保\s*存/ }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('这条记录刚被其他人修改过');
    await user.click(within(alert).getByRole('button', { name: /重新加载/ }));
    await waitFor(() => expect(screen.queryByRole('alert')).not.toBeInTheDocument());
    expect(screen.getByLabelText('沟通内容摘要')).toHaveValue('客户确认了演示时间');
    expect(screen.getByLabelText('行动内容')).toHaveValue('发送产品详细参数表至客户邮箱');
    await user.click(screen.getByRole('button', { name: /保\s*存/ }));
    await waitFor(() => expect(calls.filter((c) => c.operationName === 'LogInteraction')).toHaveLength(2));
    const second = calls.filter((c) => c.operationName === 'LogInteraction')[1]!.variables.input as { summary: string };
    expect(second.summary).toBe('客户确认了演示时间');
  });

  it('sends the owner (me by default), the time in the team’s zone and the deadline picked', async () => {
    const user = userEvent.setup();
    const { calls } = renderDrawer(logged);
    await fillSummary(user, '客户有兴趣，约定3月25日现场演示产品');
    await user.type(screen.getByLabelText('行动内容'), '发送产品详细参数表至客户邮箱');
    await user.click(screen.getByRole('button', { name: '下周一' }));
    await user.click(screen.getByRole('button', { name: /保\s*存/ }));
    await waitFor(() => expect(calls.some((c) => c.operationName === 'LogInteraction')).toBe(true));
    const input = calls.find((c) => c.operationName === 'LogInteraction')!.variables.input as Record<string, unknown> & {
      nextAction: { ownerId: string; dueAt: string; content: string };
    };
    expect(input.customerId).toBe('c-abc');
    expect(input.method).toBe('PHONE_CALL');
    expect(input.occurredAt).toMatch(/\+08:00$/);
    expect(input.nextAction).toEqual({ content: '发送产品详细参数表至客户邮箱', ownerId: 'dev-sales-rep', dueAt: expect.stringMatching(/T18:00:00\+08:00$/) });
    expect(new Date(input.nextAction.dueAt).getUTCDay()).toBe(1);
  });

  it('a pain point must be linked to a need before anything is sent', async () => {
    const user = userEvent.setup();
    const { calls } = renderDrawer(logged);
    await fillSummary(user, '客户表示人工分拣慢');
    await user.click(screen.getByRole('button', { name: /添加痛点/ }));
    await user.type(screen.getByLabelText('痛点 1'), '人工分拣效率低，产能不足');
    await user.type(screen.getByLabelText('行动内容'), '发送产品详细参数表至客户邮箱');
    await user.click(screen.getByRole('button', { name: /明\s*天/ }));
    await user.click(screen.getByRole('button', { name: /保\s*存/ }));
    expect(await screen.findByText('每个痛点都要对应一条需求')).toBeInTheDocument();
    expect(calls.some((c) => c.operationName === 'LogInteraction')).toBe(false);
  });

  it('lands a server error on the indexed pain point it names', async () => {
    const user = userEvent.setup();
    renderDrawer(() => badInput('painPoints.0.description', 'TOO_LONG'));
    await fillSummary(user, '客户表示人工分拣慢');
    await user.click(screen.getByRole('button', { name: /添加需求/ }));
    await user.type(screen.getByLabelText('需求 1'), '提升分拣效率');
    await user.click(screen.getByRole('button', { name: /添加痛点/ }));
    await user.type(screen.getByLabelText('痛点 1'), '人工分拣效率低');
    await user.type(screen.getByLabelText('行动内容'), '发送产品详细参数表至客户邮箱');
    await user.click(screen.getByRole('button', { name: /明\s*天/ }));
    await user.click(screen.getByRole('button', { name: /保\s*存/ }));
    const field = screen.getByLabelText('痛点 1').closest('.ant-form-item') as HTMLElement;
    expect(await within(field).findByText('内容太长了。')).toBeInTheDocument();
  });

  it('Enter moves from one field to the next; Ctrl+Enter saves', async () => {
    const user = userEvent.setup();
    const { calls } = renderDrawer(logged);
    await fillSummary(user, '客户表示交付周期长');
    await user.click(screen.getByRole('button', { name: /添加需求/ }));
    const need = screen.getByLabelText('需求 1');
    await waitFor(() => expect(need).toHaveFocus());
    await user.type(need, '交付周期缩短至7天{Enter}');
    await waitFor(() => expect(need).not.toHaveFocus());
    expect(need).toHaveValue('交付周期缩短至7天');
    const content = screen.getByLabelText('行动内容');
    await user.click(content);
    await user.paste('发送产品详细参数表至客户邮箱');
    await user.keyboard('{Enter}');
    await waitFor(() => expect(content).not.toHaveFocus());
    await user.click(screen.getByRole('button', { name: /明\s*天/ }));
    await user.click(screen.getByLabelText('沟通内容摘要'));
    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() => expect(calls.some((c) => c.operationName === 'LogInteraction')).toBe(true));
    const input = calls.find((c) => c.operationName === 'LogInteraction')!.variables.input as { summary: string; needs: unknown };
    expect(input.summary).toBe('客户表示交付周期长');
    expect(input.needs).toEqual([{ kind: 'EXPLICIT', description: '交付周期缩短至7天' }]);
  });
});

describe('toLogInput', () => {
  it('reads the pickers as wall-clock times in the team’s zone and keeps pain points on their needs', () => {
    const input = toLogInput(
      {
        occurredAt: dayjs('2024-03-20 14:30', 'YYYY-MM-DD HH:mm'),
        method: 'PHONE_CALL',
        summary: '  客户有兴趣  ',
        needs: [
          { kind: 'EXPLICIT', description: '预算50万以内' },
          { kind: 'INFERRED', description: '成本敏感，可能关注长期维护成本' },
        ],
        painPoints: [{ description: '人工分拣效率低', needIndexes: [1] }],
        nextAction: { content: '发送产品详细参数表至客户邮箱', ownerId: 'u1', dueAt: dayjs('2024-03-25 18:00', 'YYYY-MM-DD HH:mm') },
      },
      'c1',
      'Asia/Shanghai',
    );
    expect(input.occurredAt).toBe('2024-03-20T14:30:00+08:00');
    expect(input.nextAction.dueAt).toBe('2024-03-25T18:00:00+08:00');
    expect(input.summary).toBe('客户有兴趣');
    expect(input.painPoints).toEqual([{ description: '人工分拣效率低', needIndexes: [1] }]);
  });
});
