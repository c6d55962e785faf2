import { useQuery } from '@apollo/client';
import { Alert, Button, Card, Skeleton, Space, Statistic, Table, Tag, Typography } from 'antd';
import { lazy, Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { getFragmentData, graphql } from '../../gql';
import type { FunnelDimension, SalesStage } from '../../gql/graphql';
import { formatDateTime } from '../../ui/format';
import { useEnumLabels } from '../../ui/labels';
import { STAGE_COLOURS, STAGE_ORDER, StageTag } from '../../ui/StageTag';
import { useViewer } from '../../ui/useTimezone';
import { ExportButton, GroupByPicker, PeriodPicker, TeamPicker } from './AnalyticsPage';
import { exportUrl } from './exportCsv';
import { formatAmount, formatRate } from './figures';
import { GroupName } from './GroupName';
import { filterForGroup, keyId, useAnalyticsParams, type GroupKeyLike } from './params';
import './texts';

const EChart = lazy(() => import('./EChart'));

export const FunnelFiguresFragment = graphql(`
  fragment FunnelFigures on FunnelGroup {
    # Named here: the app sends persisted documents as written (no __typename added), and the cache matches
    # fragments by it.
    __typename
    key {
      ownerId
      teamId
      industryCode
      sourceChannel
    }
    stages {
      stage
      entered
      advanced
      terminated
      conversionRate
      medianDaysInStage
    }
    winRate
  }
`);

export const AnalyticsFunnelQuery = graphql(`
  query AnalyticsFunnel(
    $from: Date!
    $to: Date!
    $filter: AnalyticsFilter
    $groupBy: [FunnelDimension!]
    $grouped: Boolean!
  ) {
    total: conversionFunnel(from: $from, to: $to, filter: $filter) {
      ...FunnelFigures
    }
    groups: conversionFunnel(from: $from, to: $to, filter: $filter, groupBy: $groupBy)
      @include(if: $grouped) {
      ...FunnelFigures
    }
  }
`);

export const FunnelStageCustomersQuery = graphql(`
  query FunnelStageCustomers(
    $from: Date!
    $to: Date!
    $stage: SalesStage!
    $filter: AnalyticsFilter
    $first: Int
  ) {
    funnelStageCustomers(from: $from, to: $to, stage: $stage, filter: $filter, first: $first) {
      enteredAt
      advanced
      terminated
      customer {
        id
        name
        stage
      }
    }
  }
`);

/** The customers listed under a stage at once (the API's cap is 200). */
const STAGE_CUSTOMERS_SHOWN = 100;

export interface StageFigures {
  stage: SalesStage;
  entered: number;
  advanced: number;
  terminated: number;
  conversionRate?: number | null;
  medianDaysInStage?: number | null;
}

export interface FunnelFigures {
  key: GroupKeyLike;
  stages: StageFigures[];
  winRate?: number | null;
}

/** The variables the funnel screen sends for its period, filter and grouping. */
export function funnelVariables(p: {
  period: { from: string; to: string };
  filter: Record<string, unknown> | null;
  groupBy: FunnelDimension | null;
}) {
  return {
    from: p.period.from,
    to: p.period.to,
    filter: p.filter,
    groupBy: p.groupBy ? [p.groupBy] : null,
    grouped: p.groupBy !== null,
  };
}

/** 转化漏斗: per stage entered → advanced, conversion, median days; win rate; a stage's customers on click. */
export default function FunnelPage() {
  const { i18n, t } = useTranslation();
  const params = useAnalyticsParams();
  const { period, filter, groupBy, group, stage, update } = params;
  const { data, loading, error, refetch } = useQuery(AnalyticsFunnelQuery, {
    variables: funnelVariables(params),
  });
  const groups: FunnelFigures[] = (data?.groups ?? []).map((g) => getFragmentData(FunnelFiguresFragment, g));
  const total: FunnelFigures | undefined = data?.total.map((g) =>
    getFragmentData(FunnelFiguresFragment, g),
  )[0];
  const selected = groupBy && group ? (groups.find((g) => keyId(g.key) === group) ?? null) : null;
  const shown = selected ?? total ?? null;
  const selectStage = (next: SalesStage | null) => update({ stage: next });

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap size="small" style={{ justifyContent: 'space-between', width: '100%' }}>
        <PeriodPicker />
        <Space wrap size="small">
          <TeamPicker />
          <GroupByPicker />
          <ExportButton
            url={exportUrl('conversion-funnel', { period, filter, groupBy, locale: i18n.language })}
          />
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
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      ) : shown ? (
        <>
          {groupBy && (
            <GroupsTable
              groups={groups}
              dimension={groupBy}
              selected={selected ? group : null}
              onSelect={(id) => update({ group: id, stage: null })}
            />
          )}
          <FunnelCard
            figures={shown}
            title={selected ? <GroupName dimension={groupBy} groupKey={selected.key} /> : null}
            activeStage={stage}
            onStage={selectStage}
          />
          {stage && (
            <StageCustomers
              stage={stage}
              variables={{
                from: period.from,
                to: period.to,
                stage,
                filter: filterForGroup(filter, selected?.key ?? null),
                first: STAGE_CUSTOMERS_SHOWN,
              }}
              onClose={() => selectStage(null)}
            />
          )}
        </>
      ) : null}
    </Space>
  );
}

function FunnelCard({
  figures,
  title,
  activeStage,
  onStage,
}: {
  figures: FunnelFigures;
  title: React.ReactNode;
  activeStage: SalesStage | null;
  onStage: (stage: SalesStage) => void;
}) {
  const { t, i18n } = useTranslation();
  const { labelOf } = useEnumLabels();
  const ordered = STAGE_ORDER.map((s) => figures.stages.find((x) => x.stage === s)).filter(
    (s): s is StageFigures => Boolean(s),
  );
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'item', formatter: '{b}: {c}' },
      series: [
        {
          type: 'funnel',
          sort: 'none',
          gap: 2,
          min: 0,
          max: Math.max(1, ...ordered.map((s) => s.entered)),
          // Wide enough for the stage's name and figure inside even at 0.
          minSize: '34%',
          left: '5%',
          width: '90%',
          top: 4,
          bottom: 4,
          label: { show: true, position: 'inside', color: '#fff', formatter: '{b}  {c}', fontSize: 13 },
          data: ordered.map((s) => ({
            name: labelOf('SalesStage', s.stage),
            value: s.entered,
            itemStyle: { color: STAGE_COLOURS[s.stage] },
          })),
        },
      ],
    }),
    [JSON.stringify(ordered), labelOf('SalesStage', 'LEAD_NURTURING')],
  );
  const enteredOf = (stage: string) => figures.stages.find((s) => s.stage === stage)?.entered ?? 0;
  const byLabel = (name: string) => ordered.find((s) => labelOf('SalesStage', s.stage) === name)?.stage;
  const none = t('analytics.none');
  const rows = [...ordered, ...figures.stages.filter((s) => s.stage === 'LEAD_TERMINATED')];
  return (
    <Card
      title={
        <Space wrap>
          <span>{t('analytics.stage.chartTitle')}</span>
          {title && <Tag>{title}</Tag>}
        </Space>
      }
    >
      <Space size="large" wrap style={{ marginBottom: 12 }}>
        <Statistic
          title={t('analytics.stage.winRate')}
          value={formatRate(figures.winRate, i18n.language) ?? none}
          valueStyle={{ fontSize: 22 }}
        />
        <Statistic
          title={t('analytics.stage.newLeads')}
          value={enteredOf('LEAD_NURTURING')}
          valueStyle={{ fontSize: 22 }}
        />
        <Statistic
          title={t('analytics.stage.signed')}
          value={enteredOf('DEAL_SIGNING')}
          valueStyle={{ fontSize: 22 }}
        />
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('analytics.stage.winRateHint')} · {t('analytics.chartNote')}
      </Typography.Paragraph>
      <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 240 }} />}>
        <EChart
          option={option}
          height={240}
          onItemClick={(name) => {
            const stage = byLabel(name);
            if (stage) onStage(stage);
          }}
        />
      </Suspense>
      <Table
        rowKey="stage"
        size="small"
        pagination={false}
        scroll={{ x: 'max-content' }}
        caption={
          <Typography.Title level={2} style={{ fontSize: 16, textAlign: 'left', margin: '16px 0 8px' }}>
            {t('analytics.stage.title')}
          </Typography.Title>
        }
        dataSource={rows}
        columns={[
          {
            title: t('analytics.stage.stage'),
            dataIndex: 'stage',
            render: (stage: SalesStage) => (
              <Button
                type="link"
                size="small"
                // The stage listed below is marked by weight and underline (a filled button's hover colour is too light for white text).
                style={{
                  paddingInline: 0,
                  ...(stage === activeStage ? { fontWeight: 600, textDecoration: 'underline' } : {}),
                }}
                aria-label={t('analytics.stage.show', { stage: labelOf('SalesStage', stage) })}
                aria-pressed={stage === activeStage}
                onClick={() => onStage(stage)}
              >
                {labelOf('SalesStage', stage)}
              </Button>
            ),
          },
          { title: t('analytics.stage.entered'), dataIndex: 'entered', align: 'right' },
          { title: t('analytics.stage.advanced'), dataIndex: 'advanced', align: 'right' },
          { title: t('analytics.stage.terminated'), dataIndex: 'terminated', align: 'right' },
          {
            title: t('analytics.stage.conversionRate'),
            dataIndex: 'conversionRate',
            align: 'right',
            render: (value: number | null) => formatRate(value, i18n.language) ?? none,
          },
          {
            title: t('analytics.stage.medianDays'),
            dataIndex: 'medianDaysInStage',
            align: 'right',
            render: (value: number | null) => {
              const amount = formatAmount(value, i18n.language);
              return amount === null ? none : t('analytics.stage.days', { value: amount });
            },
          },
        ]}
      />
    </Card>
  );
}

function GroupsTable({
  groups,
  dimension,
  selected,
  onSelect,
}: {
  groups: FunnelFigures[];
  dimension: FunnelDimension;
  selected: string | null;
  onSelect: (id: string | null) => void;
}) {
  const { t, i18n } = useTranslation();
  const entered = (g: FunnelFigures, stage: SalesStage) =>
    g.stages.find((s) => s.stage === stage)?.entered ?? 0;
  return (
    <Card
      title={
        <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
          {t('analytics.groups.title')}
        </Typography.Title>
      }
      size="small"
    >
      <Table
        rowKey={(g) => keyId(g.key)}
        size="small"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={groups}
        columns={[
          {
            title: t('analytics.groups.group'),
            key: 'group',
            render: (_, g) => <GroupName dimension={dimension} groupKey={g.key} />,
          },
          {
            title: t('analytics.groups.entered'),
            key: 'entered',
            align: 'right',
            render: (_, g) => entered(g, 'LEAD_NURTURING'),
          },
          {
            title: t('analytics.groups.signed'),
            key: 'signed',
            align: 'right',
            render: (_, g) => entered(g, 'DEAL_SIGNING'),
          },
          {
            title: t('analytics.stage.winRate'),
            key: 'winRate',
            align: 'right',
            render: (_, g) => formatRate(g.winRate, i18n.language) ?? t('analytics.none'),
          },
          {
            title: t('analytics.groups.view'),
            key: 'view',
            render: (_, g) => {
              const id = keyId(g.key);
              const active = id === selected;
              return (
                <Button
                  size="small"
                  aria-pressed={active}
                  style={active ? { fontWeight: 600, borderColor: 'currentColor' } : undefined}
                  onClick={() => onSelect(active ? null : id)}
                >
                  {t('analytics.groups.view')}
                </Button>
              );
            },
          },
        ]}
      />
    </Card>
  );
}

function StageCustomers({
  stage,
  variables,
  onClose,
}: {
  stage: SalesStage;
  variables: {
    from: string;
    to: string;
    stage: SalesStage;
    filter: Record<string, unknown> | null;
    first: number;
  };
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { labelOf } = useEnumLabels();
  const { timezone } = useViewer();
  const { data, loading, error } = useQuery(FunnelStageCustomersQuery, { variables });
  const list = data?.funnelStageCustomers ?? [];
  const stageName = labelOf('SalesStage', stage);
  return (
    <Card
      title={
        <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
          {t('analytics.customers.title', { stage: stageName })}
        </Typography.Title>
      }
      extra={<Button onClick={onClose}>{t('analytics.customers.close')}</Button>}
    >
      {error && !data && (
        <Alert type="error" showIcon message={t('analytics.error', { message: error.message })} />
      )}
      {loading && !data ? (
        <Skeleton active />
      ) : (
        <>
          <Typography.Paragraph type="secondary">
            {t('analytics.customers.count', { count: list.length })}
            {list.length >= variables.first
              ? ` · ${t('analytics.customers.more', { count: variables.first })}`
              : ''}
          </Typography.Paragraph>
          <Table
            rowKey={(row) => row.customer?.id ?? `${row.enteredAt}`}
            size="small"
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: t('analytics.customers.empty') }}
            dataSource={list}
            columns={[
              {
                title: t('analytics.customers.name'),
                key: 'name',
                render: (_, row) =>
                  row.customer ? (
                    <Link to={`/customers/${row.customer.id}`}>{row.customer.name}</Link>
                  ) : (
                    <Typography.Text type="secondary">{t('analytics.customers.restricted')}</Typography.Text>
                  ),
              },
              {
                title: t('analytics.customers.current'),
                key: 'current',
                render: (_, row) => (row.customer ? <StageTag stage={row.customer.stage} /> : null),
              },
              {
                title: t('analytics.customers.enteredAt'),
                key: 'enteredAt',
                render: (_, row) => formatDateTime(row.enteredAt as string, timezone),
              },
              {
                title: t('analytics.customers.outcome'),
                key: 'outcome',
                render: (_, row) =>
                  row.terminated
                    ? t('analytics.customers.terminated')
                    : row.advanced
                      ? t('analytics.customers.advanced')
                      : t('analytics.customers.staying'),
              },
            ]}
          />
        </>
      )}
    </Card>
  );
}
