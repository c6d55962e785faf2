import { useQuery } from '@apollo/client';
import { Alert, Button, Card, Skeleton, Space, Table, Typography } from 'antd';
import { lazy, Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { graphql } from '../../gql';
import type { SalesStage } from '../../gql/graphql';
import { useEnumLabels } from '../../ui/labels';
import { STAGE_COLOURS, STAGE_ORDER } from '../../ui/StageTag';
import { ExportButton, TeamPicker } from './AnalyticsPage';
import { exportUrl } from './exportCsv';
import { useAnalyticsParams } from './params';
import './texts';

const EChart = lazy(() => import('./EChart'));

export const AnalyticsPipelineQuery = graphql(`
  query AnalyticsPipeline($filter: AnalyticsFilter) {
    pipeline(filter: $filter) {
      stage
      count
    }
  }
`);

/** 销售管道: customers per current stage, now (the period does not apply), and its CSV export. */
export default function PipelinePage() {
  const { t, i18n } = useTranslation();
  const { labelOf } = useEnumLabels();
  const { filter } = useAnalyticsParams();
  const { data, loading, error, refetch } = useQuery(AnalyticsPipelineQuery, { variables: { filter } });
  const stages = data?.pipeline ?? [];
  const order: SalesStage[] = [...STAGE_ORDER, 'LEAD_TERMINATED'];
  const rows = order.map((stage) => ({ stage, count: stages.find((s) => s.stage === stage)?.count ?? 0 }));
  const total = rows.reduce((sum, r) => sum + r.count, 0);
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: rows.map((r) => labelOf('SalesStage', r.stage)) },
      series: [
        {
          type: 'bar',
          name: t('analytics.pipelineView.count'),
          label: { show: true, position: 'right' },
          data: rows.map((r) => ({ value: r.count, itemStyle: { color: STAGE_COLOURS[r.stage] } })),
        },
      ],
    }),
    [JSON.stringify(rows), labelOf('SalesStage', 'LEAD_NURTURING'), i18n.language],
  );
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap size="small" style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Text type="secondary">{t('analytics.pipelineView.now')}</Typography.Text>
        <Space wrap size="small">
          <TeamPicker />
          <ExportButton url={exportUrl('pipeline', { filter, locale: i18n.language })} />
        </Space>
      </Space>
      {error && !data && (
        <Alert
          type="error"
          showIcon
          message={t('analytics.error', { message: error.message })}
          action={<Button onClick={() => void refetch()}>{t('analytics.retry')}</Button>}
        />
      )}
      {loading && !data ? (
        <Card>
          <Skeleton active paragraph={{ rows: 6 }} />
        </Card>
      ) : data ? (
        <Card
          title={
            <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
              {t('analytics.pipelineView.title')}
            </Typography.Title>
          }
        >
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
            {t('analytics.chartNote')}
          </Typography.Paragraph>
          <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 280 }} />}>
            <EChart option={option} height={280} />
          </Suspense>
          <Table
            rowKey="stage"
            size="small"
            pagination={false}
            dataSource={rows}
            columns={[
              {
                title: t('analytics.stage.stage'),
                dataIndex: 'stage',
                render: (stage: SalesStage) => labelOf('SalesStage', stage),
              },
              { title: t('analytics.pipelineView.count'), dataIndex: 'count', align: 'right' },
              {
                title: t('analytics.pipelineView.listHeader'),
                key: 'list',
                render: (_, r) => (
                  <Link
                    to={`/customers?stage=${r.stage}`}
                    aria-label={t('analytics.pipelineView.list', { stage: labelOf('SalesStage', r.stage) })}
                  >
                    {t('analytics.pipelineView.listShort')}
                  </Link>
                ),
              },
            ]}
            summary={() => (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>
                  <strong>{t('analytics.pipelineView.total')}</strong>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={1} align="right">
                  <strong>{total}</strong>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={2} />
              </Table.Summary.Row>
            )}
          />
        </Card>
      ) : null}
    </Space>
  );
}
