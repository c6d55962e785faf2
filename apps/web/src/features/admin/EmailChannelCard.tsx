import { useMutation, useQuery } from '@apollo/client';
import { ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Empty, Grid, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../gql';
import type { EmailState } from '../../gql/graphql';
import { mapGraphQLErrors } from '../../ui/errors';
import { formatDateTime } from '../../ui/format';
import { useEnumLabels } from '../../ui/labels';
import { PageSkeleton } from '../../ui/PageSkeleton';
import { Pager } from './Pager';
import './texts';

const EmailChannelQuery = graphql(`
  query AdminEmailChannel {
    emailChannel {
      enabled
      from
      smtpHost
      since
      sent
      noAddress
      pending
    }
  }
`);

const EmailNotificationsQuery = graphql(`
  query AdminEmailNotifications($state: EmailState, $first: Int, $offset: Int) {
    emailNotifications(state: $state, first: $first, offset: $offset) {
      id
      recipientId
      recipientName
      title
      createdAt
      emailedAt
      state
    }
  }
`);

const ResendEmailMutation = graphql(`
  mutation AdminResendEmail($notificationId: ID!) {
    resendEmail(notificationId: $notificationId) {
      id
      state
      emailedAt
    }
  }
`);

export const EMAIL_PAGE = 20;

/** Solid or dark enough for AA contrast on the tag's fill; dark orange for what may need acting on. */
const STATE_COLOR: Record<EmailState, string> = {
  SENT: '#237804',
  NO_ADDRESS: 'default',
  PENDING: '#ad4e00',
};

/**
 * The e-mail channel: whether the operator turned it on (SMTP_URL), what it did in the last 7 days, and
 * the notifications with their e-mail state, a waiting one resent on request.
 */
export function EmailChannelCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { labelOf } = useEnumLabels();
  const phone = !Grid.useBreakpoint().md;
  const [state, setState] = useState<EmailState | null>(null);
  const [page, setPage] = useState(0);
  const channel = useQuery(EmailChannelQuery, { fetchPolicy: 'cache-and-network' });
  const list = useQuery(EmailNotificationsQuery, {
    variables: { state, first: EMAIL_PAGE + 1, offset: page * EMAIL_PAGE },
    fetchPolicy: 'cache-and-network',
  });
  const [resend] = useMutation(ResendEmailMutation);
  const info = channel.data?.emailChannel;
  const rows = list.data?.emailNotifications ?? [];
  const refresh = () => {
    void channel.refetch();
    void list.refetch();
  };

  return (
    <Card
      title={
        <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>
          {t('admin.channels.email.heading')}
        </Typography.Title>
      }
      extra={<Button icon={<ReloadOutlined />} aria-label={t('admin.channels.email.refresh')} onClick={refresh} />}
    >
      {channel.error && <Alert type="error" showIcon message={t('admin.common.loadFailed')} />}
      {!info && channel.loading ? (
        <PageSkeleton rows={2} />
      ) : info ? (
        <Space direction="vertical" size={12} style={{ width: '100%' }}>
          <Space wrap>
            <Tag color={info.enabled ? '#237804' : 'default'}>
              {info.enabled ? t('admin.channels.email.on') : t('admin.channels.email.offTag')}
            </Tag>
          </Space>
          {info.enabled ? (
            <Descriptions size="small" column={phone ? 1 : 2}>
              <Descriptions.Item label={t('admin.channels.email.from')}>{info.from}</Descriptions.Item>
              <Descriptions.Item label={t('admin.channels.email.host')}>
                <Typography.Text code>{info.smtpHost}</Typography.Text>
              </Descriptions.Item>
            </Descriptions>
          ) : (
            <Alert type="info" showIcon message={t('admin.channels.email.off')} />
          )}
          <Typography.Text type="secondary">{t('admin.channels.email.window', { since: formatDateTime(info.since) })}</Typography.Text>
          <Space size={32} wrap>
            <Statistic title={t('admin.channels.email.count.sent')} value={info.sent} />
            <Statistic title={t('admin.channels.email.count.noAddress')} value={info.noAddress} />
            <Statistic
              title={t('admin.channels.email.count.pending')}
              value={info.pending}
              valueStyle={info.pending > 0 ? { color: '#ad4e00' } : undefined}
            />
          </Space>
        </Space>
      ) : null}
      <Space wrap style={{ margin: '16px 0 8px' }}>
        <Select
          allowClear
          aria-label={t('admin.channels.email.stateFilter')}
          placeholder={t('admin.channels.email.stateFilter')}
          value={state}
          onChange={(v) => {
            setState(v ?? null);
            setPage(0);
          }}
          options={(['PENDING', 'NO_ADDRESS', 'SENT'] as const).map((s) => ({ value: s, label: labelOf('EmailState', s) }))}
          style={{ width: 210 }}
        />
      </Space>
      {list.error && <Alert type="error" showIcon message={t('admin.common.loadFailed')} />}
      <Table
        rowKey="id"
        size="small"
        loading={list.loading && !list.data}
        dataSource={rows.slice(0, EMAIL_PAGE)}
        pagination={false}
        scroll={phone ? undefined : { x: 800 }}
        locale={{ emptyText: <Empty description={t('admin.channels.email.empty')} /> }}
        columns={[
          {
            title: t('admin.channels.email.col.createdAt'),
            dataIndex: 'createdAt',
            render: (at: string) => formatDateTime(at),
          },
          {
            title: t('admin.channels.email.col.recipient'),
            dataIndex: 'recipientName',
            render: (name: string | null, n) => name ?? `${n.recipientId} (${t('admin.channels.email.notInDirectory')})`,
          },
          { title: t('admin.channels.email.col.title'), dataIndex: 'title', responsive: ['md'] },
          {
            title: t('admin.channels.email.col.state'),
            dataIndex: 'state',
            // With e-mail off nothing is on its way: "waiting" would promise an e-mail that needs SMTP_URL first.
            render: (s: EmailState) =>
              s === 'PENDING' && info && !info.enabled ? (
                <Tag>{t('admin.channels.email.notSentOff')}</Tag>
              ) : (
                <Tag color={STATE_COLOR[s]}>{labelOf('EmailState', s)}</Tag>
              ),
          },
          {
            title: t('admin.channels.email.col.emailedAt'),
            dataIndex: 'emailedAt',
            responsive: ['md'],
            render: (at: string | null) => (at ? formatDateTime(at) : '—'),
          },
          {
            title: t('admin.common.actions'),
            key: 'resend',
            render: (_, n) =>
              // Resending needs a mail server: with e-mail off the server would refuse (EMAIL_DISABLED).
              n.state === 'PENDING' && info?.enabled ? (
                <Button
                  size="small"
                  aria-label={`${t('admin.channels.email.resend')} ${n.title}`}
                  onClick={async () => {
                    try {
                      await resend({ variables: { notificationId: n.id } });
                      void message.success(t('admin.channels.email.resent'));
                    } catch (error) {
                      const mapped = mapGraphQLErrors(error, t);
                      const reason = mapped.reasons[0];
                      void message.error(
                        reason
                          ? t(`admin.channels.email.reason.${reason}`, { defaultValue: mapped.general[0] })
                          : (mapped.general[0] ?? t('admin.common.loadFailed')),
                      );
                    }
                    refresh();
                  }}
                >
                  {t('admin.channels.email.resend')}
                </Button>
              ) : null,
          },
        ]}
      />
      <Pager page={page} hasNext={rows.length > EMAIL_PAGE} onPage={setPage} />
    </Card>
  );
}
