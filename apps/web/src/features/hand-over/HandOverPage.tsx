import { useMutation, useQuery } from '@apollo/client';
import { Alert, App, Button, Card, Empty, Form, Input, List, Result, Segmented, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { graphql } from '../../gql';
import { applyFieldErrors } from '../../ui/errors';
import { formatDateTime } from '../../ui/format';
import { mapFormErrors } from '../../ui/formErrors';
import { FormSelect } from '../../ui/FormSelect';
import { PageSkeleton } from '../../ui/PageSkeleton';
import { canHandOver } from '../../ui/roles';
import { useViewer } from '../../ui/useTimezone';
import './texts';

const HandOverChoicesQuery = graphql(`
  query HandOverChoices($teamId: ID, $search: String) {
    users(filter: { teamId: $teamId }, first: 100) {
      edges {
        node {
          id
          name
          role
          active
        }
      }
    }
    customers(filter: { teamId: $teamId, search: $search }, first: 50) {
      edges {
        node {
          id
          name
          owner {
            id
            name
          }
        }
      }
    }
  }
`);

const HoldingsQuery = graphql(`
  query HandOverHoldings($id: ID!) {
    user(id: $id) {
      id
      name
      holdings {
        customerCount
        openNextActionCount
        pendingReviewsSubmitted {
          id
        }
      }
    }
  }
`);

const RecentHandOversQuery = graphql(`
  query RecentHandOvers {
    handOvers(first: 10) {
      id
      status
      reason
      requestedAt
      completedAt
      customersMoved
      nextActionsMoved
      reviewsMoved
      from {
        id
        name
      }
      to {
        id
        name
      }
    }
  }
`);

const TransferCustomerMutation = graphql(`
  mutation TransferCustomer($customerIds: [ID!]!, $toUserId: ID!, $reason: String!) {
    transferCustomers(customerIds: $customerIds, toUserId: $toUserId, reason: $reason) {
      id
      ownerId
      owner {
        id
        name
      }
    }
  }
`);

const HandOverAllMutation = graphql(`
  mutation HandOverAll($fromUserId: ID!, $toUserId: ID!, $reason: String!) {
    handOver(fromUserId: $fromUserId, toUserId: $toUserId, reason: $reason) {
      id
      status
      customersMoved
      nextActionsMoved
      reviewsMoved
    }
  }
`);

type Mode = 'one' | 'all';
interface Values {
  customerId?: string;
  fromUserId?: string;
  toUserId?: string;
  reason?: string;
}

const FIELDS = ['customerIds', 'fromUserId', 'toUserId', 'reason'];

/**
 * 交接: move one customer to a successor (transferCustomers), or everything a leaving salesperson holds
 * (handOver: customers, open next actions, pending reviews), each after a confirmation, with the count.
 */
export default function HandOverPage() {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const { me, timezone } = useViewer();
  const allowed = canHandOver(me?.role);
  const teamId = me?.role === 'ADMIN' ? null : (me?.teamId ?? null);
  const [mode, setMode] = useState<Mode>('one');
  const [search, setSearch] = useState('');
  const [form] = Form.useForm<Values>();
  const fromUserId = Form.useWatch('fromUserId', form);
  const [general, setGeneral] = useState<string[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const [runningId, setRunningId] = useState<string | null>(null);
  const [runningTo, setRunningTo] = useState('');

  const choices = useQuery(HandOverChoicesQuery, { variables: { teamId, search: search || null }, skip: !allowed, fetchPolicy: 'cache-and-network' });
  const holdings = useQuery(HoldingsQuery, { variables: { id: fromUserId ?? '' }, skip: !fromUserId || mode !== 'all', fetchPolicy: 'network-only' });
  const recent = useQuery(RecentHandOversQuery, { skip: !allowed, fetchPolicy: 'cache-and-network', pollInterval: runningId ? 1000 : 0 });
  const [transfer, transferState] = useMutation(TransferCustomerMutation);
  const [handOver, handOverState] = useMutation(HandOverAllMutation);

  // A hand-over runs in the background: its counts arrive once it completes.
  const running = recent.data?.handOvers.find((h) => h.id === runningId);
  useEffect(() => {
    if (running?.status === 'COMPLETED') {
      setDone(
        t('handOver.movedAll', {
          customers: running.customersMoved ?? 0,
          actions: running.nextActionsMoved ?? 0,
          reviews: running.reviewsMoved,
          to: runningTo,
        }),
      );
      setRunningId(null);
      void choices.refetch();
    }
  }, [running, runningTo, t, choices]);

  if (me && !allowed) return <Result status="403" title={t('handOver.forbidden')} />;
  if (!me || (!choices.data && choices.loading && !search)) return <PageSkeleton rows={6} />;

  const people = choices.data?.users.edges.map((e) => e.node) ?? [];
  const successors = people.filter((p) => p.active && (p.role === 'SALES_REP' || p.role === 'SALES_MANAGER' || p.role === 'AFTER_SALES'));
  const nameOf = (id: string | undefined) => people.find((p) => p.id === id)?.name ?? id ?? '';
  const customers = choices.data?.customers.edges.map((e) => e.node) ?? [];
  const busy = transferState.loading || handOverState.loading || runningId !== null;

  const fail = (e: unknown) => {
    const mapped = mapFormErrors(e, t, 'handOver', FIELDS);
    const fields = { ...mapped.fields };
    if (fields.customerIds) {
      fields.customerId = fields.customerIds;
      delete fields.customerIds;
    }
    applyFieldErrors(form, { ...mapped, fields });
    setGeneral(mapped.general);
  };

  const submit = async () => {
    setGeneral([]);
    setDone(null);
    const v = form.getFieldsValue();
    const reason = v.reason?.trim() ?? '';
    const to = nameOf(v.toUserId);
    modal.confirm({
      title:
        mode === 'one'
          ? t('handOver.confirmOneTitle', { customer: customers.find((c) => c.id === v.customerId)?.name ?? '', to })
          : t('handOver.confirmAllTitle', { from: nameOf(v.fromUserId), to }),
      content: t('handOver.confirmBody', { reason }),
      okText: t('handOver.confirm'),
      cancelText: t('handOver.cancel'),
      onOk: async () => {
        try {
          if (mode === 'one') {
            const res = await transfer({ variables: { customerIds: [v.customerId!], toUserId: v.toUserId!, reason } });
            setDone(t('handOver.movedOne', { count: res.data?.transferCustomers.length ?? 0, to }));
            form.resetFields(['customerId', 'reason']);
            void choices.refetch();
          } else {
            const res = await handOver({ variables: { fromUserId: v.fromUserId!, toUserId: v.toUserId!, reason } });
            const h = res.data?.handOver;
            if (h?.status === 'COMPLETED') {
              setDone(t('handOver.movedAll', { customers: h.customersMoved ?? 0, actions: h.nextActionsMoved ?? 0, reviews: h.reviewsMoved, to }));
            } else if (h) {
              setRunningTo(to);
              setRunningId(h.id);
            }
            form.resetFields(['fromUserId', 'reason']);
          }
          void recent.refetch();
        } catch (e) {
          fail(e);
        }
      },
    });
  };

  const required = [{ required: true, message: t('handOver.required') }];
  return (
    <div style={{ maxWidth: 720, margin: '0 auto' }}>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('handOver.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('handOver.intro')}</Typography.Paragraph>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Segmented<Mode>
          block
          value={mode}
          onChange={(m) => {
            setMode(m);
            setGeneral([]);
            form.resetFields(['customerId', 'fromUserId']);
          }}
          options={[
            { value: 'one', label: t('handOver.modeOne') },
            { value: 'all', label: t('handOver.modeAll') },
          ]}
          style={{ marginBottom: 16 }}
        />
        <Form form={form} layout="vertical" onFinish={() => void submit()}>
          {mode === 'one' ? (
            <Form.Item name="customerId" label={t('handOver.customer')} rules={required}>
              <FormSelect
                showSearch
                filterOption={false}
                onSearch={setSearch}
                placeholder={t('handOver.customerPlaceholder')}
                loading={choices.loading}
                options={customers.map((c) => ({ value: c.id, label: c.owner ? `${c.name} · ${c.owner.name}` : c.name }))}
              />
            </Form.Item>
          ) : (
            <Form.Item name="fromUserId" label={t('handOver.from')} rules={required}>
              <FormSelect
                showSearch
                optionFilterProp="label"
                placeholder={t('handOver.fromPlaceholder')}
                options={people.filter((p) => p.id !== me.id).map((p) => ({ value: p.id, label: p.name }))}
              />
            </Form.Item>
          )}
          {mode === 'all' && holdings.data?.user?.holdings && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 16 }}
              message={t('handOver.holds', {
                name: holdings.data.user.name,
                customers: holdings.data.user.holdings.customerCount,
                actions: holdings.data.user.holdings.openNextActionCount,
                reviews: holdings.data.user.holdings.pendingReviewsSubmitted.length,
              })}
            />
          )}
          <Form.Item name="toUserId" label={t('handOver.to')} rules={required}>
            <FormSelect showSearch optionFilterProp="label" placeholder={t('handOver.toPlaceholder')} options={successors.map((p) => ({ value: p.id, label: p.name }))} />
          </Form.Item>
          <Form.Item name="reason" label={t('handOver.reasonField')} rules={[{ required: true, whitespace: true, message: t('handOver.reasonRequired') }]}>
            <Input maxLength={1000} placeholder={t('handOver.reasonPlaceholder')} />
          </Form.Item>
          {general.length > 0 && <Alert type="error" showIcon role="alert" message={general.join(' ')} style={{ marginBottom: 12 }} />}
          {runningId && <Alert type="info" showIcon message={t('handOver.running')} style={{ marginBottom: 12 }} />}
          {done && <Alert type="success" showIcon role="status" message={done} style={{ marginBottom: 12 }} />}
          <Button type="primary" htmlType="submit" loading={busy}>
            {mode === 'one' ? t('handOver.submitOne') : t('handOver.submitAll')}
          </Button>
        </Form>
      </Card>
      <Card size="small" title={t('handOver.recent')}>
        <List
          size="small"
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('handOver.recentEmpty')} /> }}
          dataSource={recent.data?.handOvers ?? []}
          renderItem={(h) => (
            <List.Item key={h.id}>
              <Space direction="vertical" size={0}>
                <Typography.Text>
                  {t('handOver.recentItem', { from: h.from?.name ?? '', to: h.to?.name ?? '', at: formatDateTime(h.requestedAt, timezone) })}
                </Typography.Text>
                <Typography.Text type="secondary">
                  {h.reason}
                  {h.status === 'COMPLETED' ? ` · ${t('handOver.recentCounts', { customers: h.customersMoved ?? 0, actions: h.nextActionsMoved ?? 0 })}` : ` · ${t('handOver.running')}`}
                </Typography.Text>
                {h.to && (
                  <Link to={`/customers?owner=${encodeURIComponent(h.to.id)}`} style={{ textDecoration: 'underline' }}>
                    {h.to.name}
                  </Link>
                )}
              </Space>
            </List.Item>
          )}
        />
      </Card>
    </div>
  );
}
