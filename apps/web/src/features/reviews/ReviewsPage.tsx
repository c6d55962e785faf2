import { useApolloClient, useQuery } from '@apollo/client';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, App, Badge, Button, Card, Checkbox, Col, Empty, Grid, List, Result, Row, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { graphql } from '../../gql';
import { formatDateTime } from '../../ui/format';
import { PageSkeleton } from '../../ui/PageSkeleton';
import { StageTag } from '../../ui/StageTag';
import { useViewer } from '../../ui/useTimezone';
import { weekStart } from '../friday/week';
import { DecideReviewMutation, DecisionPanel } from './DecisionPanel';
import { ReviewRecord } from './ReviewRecord';
import { canReview } from '../../ui/roles';
import './texts';

export const ReviewQueueQuery = graphql(`
  query ReviewQueue {
    reviewQueue(status: PENDING) {
      id
      submittedAt
      note
      customerVersion
      submitter {
        id
        name
      }
      customer {
        id
        name
        stage
      }
      answersReviewId
      # The count only: the messages come with the record (a queue holds up to 500, each with its findings).
      findings {
        code
      }
    }
  }
`);

/**
 * 审核: the manager's queue of submissions (who, which customer, how many findings) and, beside it, the
 * record as the form with what changed since its last approval, the comments box and the decision. On a
 * phone the list comes first and a submission opens on its own.
 */
export default function ReviewsPage() {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const client = useApolloClient();
  const { me, timezone } = useViewer();
  const desk = !!Grid.useBreakpoint().lg;
  const [params, setParams] = useSearchParams();
  const allowed = canReview(me?.role);
  // Asked at once, beside the viewer: a caller who may not review is told so when the viewer arrives.
  const { data, loading, error, refetch } = useQuery(ReviewQueueQuery, { skip: !!me && !allowed, fetchPolicy: 'cache-and-network' });
  const [checked, setChecked] = useState<string[]>([]);
  const [bulkBusy, setBulkBusy] = useState(false);

  const queue = useMemo(() => data?.reviewQueue ?? [], [data]);
  const since = weekStart(new Date(), timezone).getTime();
  const clean = queue.filter((r) => r.findings.length === 0);
  const chosen = checked.filter((id) => clean.some((r) => r.id === id));
  const selectedId = params.get('review');
  const selected = queue.find((r) => r.id === selectedId) ?? (desk ? queue[0] : undefined);

  if (me && !allowed) return <Result status="403" title={t('reviews.forbidden')} />;
  if (!data && (loading || !me)) return <PageSkeleton rows={8} />;
  if (error && !data) return <Alert type="error" showIcon message={t('errors.loadFailed')} description={error.message} />;

  const select = (id: string | null) => {
    const next = new URLSearchParams(params);
    if (id) next.set('review', id);
    else next.delete('review');
    setParams(next);
  };

  const afterDecision = async () => {
    const rest = queue.filter((r) => r.id !== selected?.id);
    await refetch();
    setChecked((c) => c.filter((id) => id !== selected?.id));
    select(desk ? (rest[0]?.id ?? null) : null);
  };

  const approveChosen = () => {
    modal.confirm({
      title: t('reviews.approveSelectedTitle', { count: chosen.length }),
      content: t('reviews.approveSelectedBody'),
      okText: t('reviews.approve'),
      onOk: async () => {
        setBulkBusy(true);
        let done = 0;
        try {
          for (const id of chosen) {
            await client.mutate({ mutation: DecideReviewMutation, variables: { id, decision: 'APPROVE', comments: '' } });
            done += 1;
          }
        } catch {
          // one decided meanwhile by someone else: the count says what went through; the list is refreshed
        } finally {
          setBulkBusy(false);
          setChecked([]);
          void message.success(t('reviews.approvedMany', { count: done }));
          await refetch();
          select(null);
        }
      },
    });
  };

  const list = (
    <Card
      size="small"
      title={
        <Space size={8}>
          {t('reviews.queue')}
          <Badge count={queue.length} showZero color="#0958d9" overflowCount={999} aria-label={t('reviews.queueCount', { count: queue.length })} />
        </Space>
      }
      styles={{ body: { padding: 0 } }}
    >
      {queue.length === 0 ? (
        <Empty style={{ padding: 24 }} description={<>{t('reviews.empty')}<br />{t('reviews.emptyHint')}</>} />
      ) : (
        <>
          <Space wrap style={{ padding: '8px 12px', borderBottom: '1px solid #f0f0f0', width: '100%' }}>
            <Checkbox
              checked={clean.length > 0 && chosen.length === clean.length}
              indeterminate={chosen.length > 0 && chosen.length < clean.length}
              disabled={clean.length === 0}
              onChange={(e) => setChecked(e.target.checked ? clean.map((r) => r.id) : [])}
            >
              {t('reviews.selectClean', { count: clean.length })}
            </Checkbox>
            <Button size="small" type="primary" disabled={chosen.length === 0} loading={bulkBusy} onClick={approveChosen}>
              {t('reviews.approveSelected', { count: chosen.length })}
            </Button>
          </Space>
          <List
            dataSource={queue}
            renderItem={(r) => {
              const active = selected?.id === r.id;
              return (
                <List.Item
                  key={r.id}
                  style={{ padding: '8px 12px', background: active ? '#e6f4ff' : undefined, alignItems: 'flex-start' }}
                >
                  <Space align="start" style={{ width: '100%' }}>
                    <Checkbox
                      aria-label={t('reviews.selectOne', { name: r.customer.name })}
                      disabled={r.findings.length > 0}
                      checked={chosen.includes(r.id)}
                      onChange={(e) => setChecked((c) => (e.target.checked ? [...c, r.id] : c.filter((x) => x !== r.id)))}
                    />
                    <div style={{ minWidth: 0 }}>
                      <Button
                        type="link"
                        aria-current={active ? 'true' : undefined}
                        onClick={() => select(r.id)}
                        style={{ padding: 0, height: 'auto', fontWeight: 600, whiteSpace: 'normal', textAlign: 'left' }}
                      >
                        {r.customer.name}
                      </Button>
                      <div>
                        <Space wrap size={4}>
                          <StageTag stage={r.customer.stage} />
                          {r.findings.length > 0 ? (
                            <Tag color="#ad4e00">{t('reviews.findingsCount', { count: r.findings.length })}</Tag>
                          ) : (
                            <Tag color="#237804">{t('reviews.noFindings')}</Tag>
                          )}
                          {r.answersReviewId && <Tag>{t('reviews.resubmission')}</Tag>}
                          {Date.parse(r.submittedAt) < since && <Tag>{t('reviews.lastWeek')}</Tag>}
                        </Space>
                      </div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('reviews.submittedBy', { name: r.submitter?.name ?? '', at: formatDateTime(r.submittedAt, timezone) })}
                      </Typography.Text>
                    </div>
                  </Space>
                </List.Item>
              );
            }}
          />
        </>
      )}
    </Card>
  );

  const detail = selected ? (
    <div>
      {!desk && (
        <Button icon={<ArrowLeftOutlined />} type="link" onClick={() => select(null)} style={{ paddingLeft: 0, marginBottom: 8 }}>
          {t('reviews.backToList')}
        </Button>
      )}
      <ReviewRecord
        key={`record-${selected.id}`}
        customerId={selected.customer.id}
        timezone={timezone}
        submittedVersion={selected.customerVersion}
        decision={<DecisionPanel key={selected.id} reviewId={selected.id} customerName={selected.customer.name} onDecided={() => void afterDecision()} />}
      />
    </div>
  ) : (
    <Card>
      <Empty description={t('reviews.pickOne')} />
    </Card>
  );

  return (
    <div style={{ maxWidth: 1400, margin: '0 auto' }}>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('reviews.title')}
      </Typography.Title>
      {desk ? (
        <Row gutter={16} align="top">
          {/* The queue stays in view while the record beside it scrolls. */}
          <Col span={8} style={{ position: 'sticky', top: 16 }}>
            {list}
          </Col>
          <Col span={16}>{queue.length > 0 && detail}</Col>
        </Row>
      ) : selected ? (
        detail
      ) : (
        list
      )}
    </div>
  );
}
