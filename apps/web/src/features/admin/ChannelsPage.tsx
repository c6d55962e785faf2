import { useMutation, useQuery } from '@apollo/client';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Grid, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../gql';
import type { WebhookDeliveryStatus } from '../../gql/graphql';
import { formatDateTime } from '../../ui/format';
import { useEnumLabels } from '../../ui/labels';
import { PageSkeleton } from '../../ui/PageSkeleton';
import { EmailChannelCard } from './EmailChannelCard';
import { WebhookForm } from './WebhookForm';
import './texts';

const ChannelsQuery = graphql(`
  query AdminChannels {
    webhooks {
      id
      teamId
      url
      active
      updatedAt
    }
    teams {
      id
      name
    }
  }
`);

const DeliveriesQuery = graphql(`
  query AdminWebhookDeliveries($status: WebhookDeliveryStatus, $locale: String) {
    webhookDeliveries(status: $status) {
      id
      webhookId
      teamId
      url
      status
      statusLabel(locale: $locale)
      attempts
      lastError
      responseStatus
      createdAt
      deliveredAt
      failedAt
    }
  }
`);

const ReplayMutation = graphql(`
  mutation AdminReplayDelivery($id: ID!) {
    replayWebhookDelivery(id: $id) {
      id
      status
      attempts
      lastError
      failedAt
    }
  }
`);

/** Solid or dark enough for AA contrast on the tag's fill; red only for what needs acting on. */
const STATUS_COLOR: Record<WebhookDeliveryStatus, string> = {
  PENDING: 'blue',
  DELIVERED: '#237804',
  FAILED: 'error',
};

/**
 * Notification channels: e-mail (on or not, its week, resending a waiting e-mail), each team's webhook,
 * and the delivery log with replay of a failed delivery.
 */
export default function ChannelsPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { labelOf } = useEnumLabels();
  const phone = !Grid.useBreakpoint().md;
  const [status, setStatus] = useState<WebhookDeliveryStatus | null>(null);
  const [editing, setEditing] = useState<{ teamId: string; url: string; active: boolean } | 'new' | null>(
    null,
  );
  const channels = useQuery(ChannelsQuery, { fetchPolicy: 'cache-and-network' });
  const deliveries = useQuery(DeliveriesQuery, {
    variables: { status, locale: i18n.language },
    fetchPolicy: 'cache-and-network',
  });
  const [replay] = useMutation(ReplayMutation);
  const teams = channels.data?.teams ?? [];
  const teamName = (id: string) => teams.find((x) => x.id === id)?.name ?? id;

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <EmailChannelCard />
      <Card
        title={
          <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>
            {t('admin.channels.heading')}
          </Typography.Title>
        }
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('admin.channels.add')}
          </Button>
        }
      >
        <Typography.Paragraph type="secondary">{t('admin.channels.intro')}</Typography.Paragraph>
        {channels.error && <Alert type="error" showIcon message={t('admin.common.loadFailed')} />}
        {!channels.data && channels.loading ? (
          <PageSkeleton rows={2} />
        ) : (
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={channels.data?.webhooks ?? []}
            scroll={phone ? undefined : { x: 640 }}
            locale={{ emptyText: <Empty description={t('admin.channels.empty')} /> }}
            columns={[
              {
                title: t('admin.channels.col.team'),
                dataIndex: 'teamId',
                render: (id: string) => teamName(id),
              },
              {
                title: t('admin.channels.col.url'),
                dataIndex: 'url',
                render: (url: string) => (
                  <Typography.Text code style={{ wordBreak: 'break-all' }}>
                    {url}
                  </Typography.Text>
                ),
              },
              {
                title: t('admin.channels.col.status'),
                dataIndex: 'active',
                responsive: ['md'],
                render: (active: boolean) => (
                  <Tag color={active ? '#237804' : 'default'}>
                    {active ? t('admin.channels.enabled') : t('admin.channels.disabled')}
                  </Tag>
                ),
              },
              {
                title: t('admin.channels.col.updated'),
                dataIndex: 'updatedAt',
                responsive: ['md'],
                render: (at: string) => formatDateTime(at),
              },
              {
                title: t('admin.common.actions'),
                key: 'edit',
                render: (_, hook) => (
                  <Button
                    type="link"
                    size="small"
                    aria-label={`${t('admin.common.edit')} ${teamName(hook.teamId)}`}
                    onClick={() => setEditing({ teamId: hook.teamId, url: hook.url, active: hook.active })}
                  >
                    {t('admin.common.edit')}
                  </Button>
                ),
              },
            ]}
          />
        )}
      </Card>
      <Card
        title={
          <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>
            {t('admin.channels.log.heading')}
          </Typography.Title>
        }
        extra={
          <Space wrap>
            <Select
              allowClear
              aria-label={t('admin.channels.log.statusFilter')}
              placeholder={t('admin.channels.log.statusFilter')}
              value={status}
              onChange={(v) => setStatus(v ?? null)}
              options={(['FAILED', 'PENDING', 'DELIVERED'] as const).map((s) => ({
                value: s,
                label: labelOf('WebhookDeliveryStatus', s),
              }))}
              style={{ width: 140 }}
            />
            <Button
              icon={<ReloadOutlined />}
              aria-label={t('admin.common.refresh')}
              onClick={() => void deliveries.refetch()}
            />
          </Space>
        }
      >
        {deliveries.error && <Alert type="error" showIcon message={t('admin.common.loadFailed')} />}
        <Table
          rowKey="id"
          size="small"
          loading={deliveries.loading && !deliveries.data}
          dataSource={deliveries.data?.webhookDeliveries ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={phone ? undefined : { x: 900 }}
          locale={{ emptyText: <Empty description={t('admin.channels.log.empty')} /> }}
          columns={[
            {
              title: t('admin.channels.log.col.at'),
              dataIndex: 'createdAt',
              render: (at: string) => formatDateTime(at),
            },
            {
              title: t('admin.channels.log.col.team'),
              dataIndex: 'teamId',
              responsive: ['md'],
              render: (id: string) => teamName(id),
            },
            {
              title: t('admin.channels.log.col.status'),
              dataIndex: 'status',
              render: (s: WebhookDeliveryStatus, d) => <Tag color={STATUS_COLOR[s]}>{d.statusLabel}</Tag>,
            },
            { title: t('admin.channels.log.col.attempts'), dataIndex: 'attempts', responsive: ['md'] },
            {
              title: t('admin.channels.log.col.response'),
              dataIndex: 'responseStatus',
              responsive: ['md'],
              render: (code: number | null) => code ?? '—',
            },
            {
              title: t('admin.channels.log.col.lastError'),
              dataIndex: 'lastError',
              responsive: ['md'],
              render: (e: string | null) => (e ? <Typography.Text type="danger">{e}</Typography.Text> : '—'),
            },
            {
              title: t('admin.channels.log.col.finished'),
              key: 'finished',
              responsive: ['md'],
              render: (_, d) => formatDateTime(d.deliveredAt ?? d.failedAt),
            },
            {
              title: t('admin.common.actions'),
              key: 'replay',
              render: (_, d) =>
                d.status === 'FAILED' ? (
                  <Button
                    size="small"
                    onClick={async () => {
                      try {
                        await replay({ variables: { id: d.id } });
                        void message.success(t('admin.channels.log.replayed'));
                      } catch {
                        void message.error(t('admin.common.loadFailed'));
                      }
                      void deliveries.refetch();
                    }}
                  >
                    {t('admin.channels.log.replay')}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>
      {editing && (
        <WebhookForm
          webhook={editing === 'new' ? null : editing}
          teams={teams}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void message.success(t('admin.common.saved'));
            void channels.refetch();
          }}
        />
      )}
    </Space>
  );
}
