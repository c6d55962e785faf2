import { act, render, screen, waitFor, within } from '@testing-library/react';
import i18n from '../../i18n';
import userEvent from '@testing-library/user-event';
import type { FetchResult } from '@apollo/client';
import { enumLabelsOf, installDomShims, Providers, testClient, type Call, type Handler } from '../../test/harness';
import ChannelsPage from './ChannelsPage';
import { EMAIL_PAGE, EmailChannelCard } from './EmailChannelCard';

installDomShims();
// Ant Design renders slowly in jsdom on a shared machine: the default 5 s is about speed, not behaviour.
vi.setConfig({ testTimeout: 60_000 });

const labels: Record<string, Handler> = {
  EnumLabels: enumLabelsOf([
    ['EmailState', 'SENT', '已发送'],
    ['EmailState', 'NO_ADDRESS', '无邮箱地址'],
    ['EmailState', 'PENDING', '待发送'],
  ]),
};

const ON = {
  enabled: true,
  from: 'SalesTrail <no-reply@corp.example>',
  smtpHost: 'mail.corp.example:587',
  since: '2026-11-23T04:00:00.000Z',
  sent: 12,
  noAddress: 3,
  pending: 2,
};
const OFF = { ...ON, enabled: false, from: null, smtpHost: null, sent: 0, noAddress: 0, pending: 0 };

const note = (id: string, title: string, state: string, recipientName: string | null = '李明') => ({
  id,
  recipientId: `rep-${id}`,
  recipientName,
  title,
  createdAt: '2026-11-30T02:00:00.000Z',
  emailedAt: state === 'SENT' ? '2026-11-30T02:00:05.000Z' : null,
  state,
});
const ROWS = [
  note('n-1', '审核申请: ABC公司', 'PENDING', '陈经理'),
  note('n-2', '审核结果: ABC公司', 'SENT'),
  note('n-3', '工作交接', 'NO_ADDRESS', null),
];

function renderCard(handlers: Record<string, Handler>, ui: React.ReactNode = <EmailChannelCard />) {
  const harness = testClient({ ...labels, ...handlers });
  render(<Providers client={harness.client}>{ui}</Providers>);
  return harness;
}

const sent = (calls: Call[], name: string) => calls.filter((c) => c.operationName === name);

describe('电子邮件 (the e-mail channel)', () => {
  it('sits on the channels page above the webhooks', async () => {
    renderCard(
      {
        AdminEmailChannel: () => ({ data: { emailChannel: ON } }),
        AdminEmailNotifications: () => ({ data: { emailNotifications: [] } }),
        AdminChannels: () => ({ data: { webhooks: [], teams: [] } }),
        AdminWebhookDeliveries: () => ({ data: { webhookDeliveries: [] } }),
      },
      <ChannelsPage />,
    );
    const headings = await screen.findAllByRole('heading', { level: 2 });
    expect(headings.map((h) => h.textContent)).toEqual(['电子邮件', 'Webhook 推送', expect.any(String)]);
  });

  it('shows that e-mail is on, where it is sent from, the week’s counts, and each notification’s state', async () => {
    renderCard({
      AdminEmailChannel: () => ({ data: { emailChannel: ON } }),
      AdminEmailNotifications: () => ({ data: { emailNotifications: ROWS } }),
    });
    expect(await screen.findByText('已启用')).toBeInTheDocument();
    expect(screen.getByText('SalesTrail <no-reply@corp.example>')).toBeInTheDocument();
    expect(screen.getByText('mail.corp.example:587')).toBeInTheDocument();
    expect(screen.queryByText(/SMTP_URL/)).not.toBeInTheDocument();
    expect(screen.getByText('已发送邮件')).toBeInTheDocument();
    expect(screen.getByText('无邮箱地址或已停用')).toBeInTheDocument();
    expect(screen.getByText('等待中或失败（超过 5 分钟）')).toBeInTheDocument();
    for (const n of ['12', '3', '2']) expect(screen.getByText(n)).toBeInTheDocument();

    const row = async (title: string) => (await screen.findByText(title)).closest('tr')!;
    expect(within(await row('审核申请: ABC公司')).getByText('待发送')).toBeInTheDocument();
    expect(within(await row('审核申请: ABC公司')).getByText('陈经理')).toBeInTheDocument();
    expect(within(await row('审核结果: ABC公司')).getByText('已发送')).toBeInTheDocument();
    expect(within(await row('工作交接')).getByText('rep-n-3 (人员目录中没有此人)')).toBeInTheDocument();
    // Only a waiting e-mail can be sent again.
    expect(screen.getAllByRole('button', { name: /重新发送/ })).toHaveLength(1);
    expect(within(await row('审核申请: ABC公司')).getByRole('button', { name: /重新发送/ })).toBeInTheDocument();
  });

  it('says, when e-mail is off, that the operator sets SMTP_URL, and offers no resend', async () => {
    renderCard({
      AdminEmailChannel: () => ({ data: { emailChannel: OFF } }),
      AdminEmailNotifications: () => ({ data: { emailNotifications: ROWS } }),
    });
    expect(await screen.findByText('未启用')).toBeInTheDocument();
    expect(screen.getByText('未配置邮件服务器，不发送邮件通知：由运维人员设置 SMTP_URL 后启用。')).toBeInTheDocument();
    expect(screen.queryByText('SMTP 服务器')).not.toBeInTheDocument();
    expect(await screen.findByText('审核申请: ABC公司')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /重新发送/ })).not.toBeInTheDocument();
    // Nothing is on its way while e-mail is off: the row says not sent, not waiting.
    const row = (await screen.findByText('审核申请: ABC公司')).closest('tr')!;
    expect(within(row).getByText('未发送（未启用邮件）')).toBeInTheDocument();
    expect(within(row).queryByText('待发送')).not.toBeInTheDocument();
  });

  it('says so in English too', async () => {
    renderCard({
      AdminEmailChannel: () => ({ data: { emailChannel: OFF } }),
      AdminEmailNotifications: () => ({ data: { emailNotifications: [] } }),
    });
    await screen.findByText('未启用');
    await act(() => i18n.changeLanguage('en'));
    expect(await screen.findByText('No mail server is configured, so no notification is e-mailed: the operator sets SMTP_URL to turn e-mail on.')).toBeInTheDocument();
    expect(screen.getByText('No notifications in the last 7 days')).toBeInTheDocument();
    await act(() => i18n.changeLanguage('zh-CN'));
  });

  it('resends a waiting e-mail and asks again for the counts and the list', async () => {
    const user = userEvent.setup();
    const { calls } = renderCard({
      AdminEmailChannel: () => ({ data: { emailChannel: ON } }),
      AdminEmailNotifications: () => ({ data: { emailNotifications: ROWS } }),
      AdminResendEmail: (v) => ({ data: { resendEmail: { id: v.notificationId, state: 'PENDING', emailedAt: null } } }),
    });
    await user.click(await screen.findByRole('button', { name: /重新发送/ }));
    expect(await screen.findByText('邮件已重新排队发送')).toBeInTheDocument();
    expect(sent(calls, 'AdminResendEmail').map((c) => c.variables)).toEqual([{ notificationId: 'n-1' }]);
    await waitFor(() => expect(sent(calls, 'AdminEmailChannel').length).toBeGreaterThanOrEqual(2));
    expect(sent(calls, 'AdminEmailNotifications').length).toBeGreaterThanOrEqual(2);
  });

  it('tells in its own words why the server refused to resend', async () => {
    const user = userEvent.setup();
    renderCard({
      AdminEmailChannel: () => ({ data: { emailChannel: ON } }),
      AdminEmailNotifications: () => ({ data: { emailNotifications: ROWS } }),
      AdminResendEmail: () =>
        ({ errors: [{ message: 'already e-mailed', extensions: { code: 'CONFLICT', reason: 'ALREADY_SENT' } }] }) as unknown as FetchResult,
    });
    await user.click(await screen.findByRole('button', { name: /重新发送/ }));
    expect(await screen.findByText('这条通知的邮件已经发送过。')).toBeInTheDocument();
    expect(screen.queryByText('邮件已重新排队发送')).not.toBeInTheDocument();
  });

  it('filters by state from the first page, and pages with first and offset', async () => {
    const user = userEvent.setup();
    const many = Array.from({ length: EMAIL_PAGE + 1 }, (_, i) => note(`p-${i}`, `通知 ${i}`, 'PENDING'));
    const { calls } = renderCard({
      AdminEmailChannel: () => ({ data: { emailChannel: ON } }),
      AdminEmailNotifications: (v) => ({ data: { emailNotifications: v.offset === 0 ? many : many.slice(0, 3) } }),
    });
    expect(await screen.findByText('通知 0')).toBeInTheDocument();
    expect(screen.queryByText(`通知 ${EMAIL_PAGE}`)).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: /下一页/ }));
    await waitFor(() => expect(sent(calls, 'AdminEmailNotifications').at(-1)!.variables).toMatchObject({ offset: EMAIL_PAGE, first: EMAIL_PAGE + 1 }));
    await user.click(screen.getByRole('combobox', { name: '按邮件状态筛选' }));
    await user.click(await screen.findByTitle('无邮箱地址'));
    await waitFor(() =>
      expect(sent(calls, 'AdminEmailNotifications').at(-1)!.variables).toEqual({ state: 'NO_ADDRESS', first: EMAIL_PAGE + 1, offset: 0 }),
    );
  });
});
