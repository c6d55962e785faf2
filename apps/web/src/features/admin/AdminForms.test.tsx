import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  badInput,
  enumLabelsOf,
  installDomShims,
  Providers,
  testClient,
  type Call,
  type Handler,
} from '../../test/harness';
import { DeactivateDialog } from './DeactivateDialog';
import { PersonForm } from './PersonForm';
import { TeamForm } from './TeamForm';
import { WebhookForm } from './WebhookForm';

installDomShims();
// Ant Design renders slowly in jsdom on a shared machine: the default 5 s is about speed, not behaviour.
vi.setConfig({ testTimeout: 60_000 });

const labels: Record<string, Handler> = {
  EnumLabels: enumLabelsOf([
    ['Role', 'SALES_REP', '销售代表'],
    ['Role', 'SALES_MANAGER', '销售经理'],
    ['Role', 'TEAM_ASSISTANT', '团队助理'],
    ['Role', 'MARKETING', '市场部'],
    ['Role', 'AFTER_SALES', '售后'],
    ['Role', 'ADMIN', '管理员'],
  ]),
  AdminPickPeople: () => ({
    data: {
      users: {
        edges: [
          { node: { id: 'rep-2', name: '王芳', role: 'SALES_REP', teamId: 'team-east' } },
          { node: { id: 'mgr-1', name: '陈经理', role: 'SALES_MANAGER', teamId: 'team-east' } },
        ],
      },
    },
  }),
};

const TEAMS = [{ id: 'team-east', name: '华东销售组' }];

function renderWith(handlers: Record<string, Handler>, ui: React.ReactNode) {
  const harness = testClient({ ...labels, ...handlers });
  render(<Providers client={harness.client}>{ui}</Providers>);
  return harness;
}

const sent = (calls: Call[], name: string) => calls.filter((c) => c.operationName === name);

describe('人员表单', () => {
  it('asks for the account, the name and the role before sending anything', async () => {
    const user = userEvent.setup();
    const onSaved = vi.fn();
    const { calls } = renderWith(
      {},
      <PersonForm person={null} teams={TEAMS} onClose={() => undefined} onSaved={onSaved} />,
    );
    await user.click(await screen.findByRole('button', { name: /保\s*存/ }));
    expect(await screen.findByText('请填写登录账号')).toBeInTheDocument();
    // each field's message appears on its own (validation and its animation run per field)
    expect(await screen.findByText('请填写姓名')).toBeInTheDocument();
    expect(await screen.findByText('请选择角色')).toBeInTheDocument();
    expect(sent(calls, 'AdminAddUser')).toHaveLength(0);
    expect(onSaved).not.toHaveBeenCalled();
  });

  it('puts the server’s refusals on the fields it names, in the form’s own words', async () => {
    const user = userEvent.setup();
    const onSaved = vi.fn();
    const { calls } = renderWith(
      {
        AdminAddUser: () =>
          ({
            errors: [
              {
                message: 'A SALES_REP belongs to a team',
                extensions: { code: 'BAD_USER_INPUT', field: 'teamId', reason: 'TEAM_REQUIRED' },
              },
            ],
          }) as never,
      },
      <PersonForm person={null} teams={TEAMS} onClose={() => undefined} onSaved={onSaved} />,
    );
    await user.type(await screen.findByLabelText('登录账号'), 'rep-9');
    await user.type(screen.getByLabelText('姓名'), '张伟');
    await user.click(screen.getByLabelText('角色'));
    await user.click(await screen.findByTitle('销售代表'));
    await user.type(screen.getByLabelText('邮箱'), 'zhang@example.com');
    await user.click(screen.getByRole('button', { name: /保\s*存/ }));
    const teamItem = screen.getByLabelText('团队').closest('.ant-form-item') as HTMLElement;
    expect(await within(teamItem).findByText('这个角色必须选择团队。')).toBeInTheDocument();
    expect(sent(calls, 'AdminAddUser')[0]!.variables).toEqual({
      input: {
        id: 'rep-9',
        name: '张伟',
        role: 'SALES_REP',
        teamId: null,
        email: 'zhang@example.com',
        phone: null,
        locale: 'zh-CN',
      },
    });
    expect(onSaved).not.toHaveBeenCalled();
  });

  it('changes a person without touching their account id', async () => {
    const user = userEvent.setup();
    const onSaved = vi.fn();
    const { calls } = renderWith(
      {
        AdminUpdateUser: (v) => ({
          data: {
            updateUser: {
              id: v.id,
              name: '李明',
              role: 'SALES_MANAGER',
              teamId: 'team-east',
              email: null,
              phone: null,
              locale: 'zh-CN',
              active: true,
              version: 2,
            },
          },
        }),
      },
      <PersonForm
        person={{
          id: 'rep-1',
          name: '李明',
          role: 'SALES_REP',
          teamId: 'team-east',
          email: null,
          phone: null,
          locale: 'zh-CN',
        }}
        teams={TEAMS}
        onClose={() => undefined}
        onSaved={onSaved}
      />,
    );
    expect(await screen.findByLabelText('登录账号')).toBeDisabled();
    await user.click(screen.getByLabelText('角色'));
    await user.click(await screen.findByTitle('销售经理'));
    await user.click(screen.getByRole('button', { name: /保\s*存/ }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith('李明'));
    expect(sent(calls, 'AdminUpdateUser')[0]!.variables).toEqual({
      id: 'rep-1',
      input: {
        name: '李明',
        role: 'SALES_MANAGER',
        teamId: 'team-east',
        email: null,
        phone: null,
        locale: 'zh-CN',
      },
    });
  });
});

describe('团队表单', () => {
  it('asks for the id and the name, checks the workday end’s format, and sends nothing until they are right', async () => {
    const user = userEvent.setup();
    const { calls } = renderWith(
      {},
      <TeamForm team={null} onClose={() => undefined} onSaved={() => undefined} />,
    );
    const end = await screen.findByLabelText('下班时间');
    await user.clear(end);
    await user.type(end, '6pm');
    await user.click(screen.getByRole('button', { name: /保\s*存/ }));
    expect(await screen.findByText('请填写团队编号')).toBeInTheDocument();
    expect(await screen.findByText('请填写团队名称')).toBeInTheDocument();
    expect(await screen.findByText('请按 18:00 的格式填写')).toBeInTheDocument();
    expect(sent(calls, 'AdminUpsertTeam')).toHaveLength(0);
  });

  it('sends the manager picked from the directory, and shows an unknown time zone on its field', async () => {
    const user = userEvent.setup();
    const onSaved = vi.fn();
    const { calls } = renderWith(
      { AdminUpsertTeam: () => badInput('timezone', 'UNKNOWN_TIME_ZONE', 'Unknown time zone') },
      <TeamForm team={null} onClose={() => undefined} onSaved={onSaved} />,
    );
    await user.type(await screen.findByLabelText('团队编号'), 'team-south');
    await user.type(screen.getByLabelText('团队名称'), '华南销售组');
    await user.click(screen.getByLabelText('经理'));
    await user.click(await screen.findByText('陈经理 · 销售经理'));
    await user.click(screen.getByRole('button', { name: /保\s*存/ }));
    const zoneItem = screen.getByLabelText('时区').closest('.ant-form-item') as HTMLElement;
    expect(await within(zoneItem).findByText('没有这个时区。')).toBeInTheDocument();
    expect(sent(calls, 'AdminUpsertTeam')[0]!.variables).toEqual({
      input: {
        id: 'team-south',
        name: '华南销售组',
        managerId: 'mgr-1',
        assistantId: null,
        timezone: 'Asia/Shanghai',
        workdayEnd: '18:00',
      },
    });
    expect(onSaved).not.toHaveBeenCalled();
  });
});

describe('Webhook 表单', () => {
  it('asks for the team, the URL and the secret, and lands the server’s refusal on the secret', async () => {
    const user = userEvent.setup();
    const onSaved = vi.fn();
    const { calls } = renderWith(
      {
        AdminUpsertWebhook: () =>
          ({
            errors: [
              {
                message: 'secret needs at least 16 characters',
                extensions: { code: 'BAD_USER_INPUT', field: 'secret', reason: 'TOO_SHORT' },
              },
            ],
          }) as never,
      },
      <WebhookForm webhook={null} teams={TEAMS} onClose={() => undefined} onSaved={onSaved} />,
    );
    await user.click(await screen.findByRole('button', { name: /保\s*存/ }));
    expect(await screen.findByText('请选择团队')).toBeInTheDocument();
    expect(await screen.findByText('请填写接收地址')).toBeInTheDocument();
    expect(await screen.findByText('请填写签名密钥')).toBeInTheDocument();
    expect(sent(calls, 'AdminUpsertWebhook')).toHaveLength(0);

    await user.click(screen.getByLabelText('团队'));
    await user.click(await screen.findByTitle('华东销售组'));
    await user.type(screen.getByLabelText('接收地址'), 'https://hooks.example.com/st');
    await user.type(screen.getByLabelText('签名密钥'), 'short');
    await user.click(screen.getByRole('button', { name: /保\s*存/ }));
    const secretItem = screen.getByLabelText('签名密钥').closest('.ant-form-item') as HTMLElement;
    expect(await within(secretItem).findByText('密钥至少 16 个字符。')).toBeInTheDocument();
    expect(sent(calls, 'AdminUpsertWebhook')[0]!.variables).toEqual({
      input: { teamId: 'team-east', url: 'https://hooks.example.com/st', secret: 'short', active: true },
    });
    expect(onSaved).not.toHaveBeenCalled();
  });
});

describe('停用人员', () => {
  const holdings: Handler = () => ({
    data: {
      user: {
        id: 'rep-1',
        holdings: {
          customerCount: 3,
          openNextActionCount: 2,
          pendingReviewsSubmitted: [{ id: 'r1' }],
          pendingReviewsToDecide: [],
        },
      },
    },
  });

  it('says how many customers move, and will not deactivate without a successor while they own customers', async () => {
    const user = userEvent.setup();
    const onDone = vi.fn();
    const { calls } = renderWith(
      { AdminHoldings: holdings },
      <DeactivateDialog person={{ id: 'rep-1', name: '李明' }} onClose={() => undefined} onDone={onDone} />,
    );
    expect(
      await screen.findByText('此人目前负责 3 个客户、2 条未完成行动、1 条待处理审核。'),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '停用并移交 3 个客户' }));
    expect(await screen.findByText('此人还负责客户，请选择接手人')).toBeInTheDocument();
    expect(sent(calls, 'AdminDeactivateUser')).toHaveLength(0);
    expect(onDone).not.toHaveBeenCalled();
  });

  it('sends the successor, and shows a refused successor on its field', async () => {
    const user = userEvent.setup();
    const onDone = vi.fn();
    const { calls } = renderWith(
      {
        AdminHoldings: holdings,
        AdminDeactivateUser: () =>
          badInput('successorId', 'OWNER_NOT_ALLOWED', 'A MARKETING does not own customers'),
      },
      <DeactivateDialog person={{ id: 'rep-1', name: '李明' }} onClose={() => undefined} onDone={onDone} />,
    );
    await screen.findByText(/此人目前负责 3 个客户/);
    await user.click(screen.getByLabelText('接手人'));
    await user.click(await screen.findByText('王芳 · 销售代表'));
    await user.type(screen.getByLabelText('原因'), '离职');
    await user.click(screen.getByRole('button', { name: '停用并移交 3 个客户' }));
    const item = screen.getByLabelText('接手人').closest('.ant-form-item') as HTMLElement;
    expect(await within(item).findByText('这个角色不能负责客户，请换一位接手人。')).toBeInTheDocument();
    expect(sent(calls, 'AdminDeactivateUser')[0]!.variables).toEqual({
      id: 'rep-1',
      successorId: 'rep-2',
      reason: '离职',
    });
    expect(onDone).not.toHaveBeenCalled();
  });

  it('reports the hand-over once done', async () => {
    const user = userEvent.setup();
    const onDone = vi.fn();
    renderWith(
      {
        AdminHoldings: holdings,
        AdminDeactivateUser: () => ({
          data: {
            deactivateUser: {
              user: { id: 'rep-1', active: false, deactivatedAt: '2024-03-20T06:30:00.000Z', version: 3 },
              holdings: { customerCount: 3 },
              handOver: {
                id: 'h1',
                status: 'RUNNING',
                customersMoved: null,
                to: { id: 'rep-2', name: '王芳' },
              },
            },
          },
        }),
      },
      <DeactivateDialog person={{ id: 'rep-1', name: '李明' }} onClose={() => undefined} onDone={onDone} />,
    );
    await screen.findByText(/此人目前负责 3 个客户/);
    await user.click(screen.getByLabelText('接手人'));
    await user.click(await screen.findByText('王芳 · 销售代表'));
    await user.click(screen.getByRole('button', { name: '停用并移交 3 个客户' }));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith('李明 已停用，3 个客户正在移交给 王芳'));
  });
});
