import { ArrowDownOutlined, ArrowUpOutlined, MinusOutlined } from '@ant-design/icons';
import { useQuery } from '@apollo/client';
import { Alert, Button, Card, Skeleton, Space, Table, Typography } from 'antd';
import { lazy, Suspense, useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { ExportButton, PeriodPicker, TeamPicker } from './AnalyticsPage';
import { exportUrl } from './exportCsv';
import { formatAmount, formatRate, trendOf } from './figures';
import { GroupName, usePersonNames } from './GroupName';
import { useAnalyticsParams, type GroupKeyLike } from './params';
import type { Period, PeriodKind } from './period';
import './texts';

const EChart = lazy(() => import('./EChart'));

export const FollowUpFiguresFragment = graphql(`
  fragment FollowUpFigures on FollowUpGroup {
    # Named here: the app sends persisted documents as written (no __typename added), and the cache matches
    # fragments by it.
    __typename
    key {
      ownerId
    }
    interactionsLogged
    loggedWithin24hRate
    actionsDue
    actionsCompletedOnTime
    onTimeRate
    medianHoursToComplete
    openOverdue
  }
`);

export const AnalyticsFollowUpQuery = graphql(`
  query AnalyticsFollowUp(
    $from: Date!
    $to: Date!
    $previousFrom: Date!
    $previousTo: Date!
    $filter: AnalyticsFilter
  ) {
    people: followUpEfficiency(from: $from, to: $to, filter: $filter, groupBy: [OWNER]) {
      ...FollowUpFigures
    }
    previousPeople: followUpEfficiency(
      from: $previousFrom
      to: $previousTo
      filter: $filter
      groupBy: [OWNER]
    ) {
      ...FollowUpFigures
    }
    total: followUpEfficiency(from: $from, to: $to, filter: $filter) {
      ...FollowUpFigures
    }
    previousTotal: followUpEfficiency(from: $previousFrom, to: $previousTo, filter: $filter) {
      ...FollowUpFigures
    }
  }
`);

export interface FollowUpFigures {
  key: GroupKeyLike;
  interactionsLogged: number;
  loggedWithin24hRate?: number | null;
  actionsDue: number;
  actionsCompletedOnTime: number;
  onTimeRate?: number | null;
  medianHoursToComplete?: number | null;
  openOverdue: number;
}

interface Row {
  id: string;
  key: GroupKeyLike | null;
  current: FollowUpFigures;
  previous: FollowUpFigures | null;
}

export function followUpVariables(p: {
  period: Period;
  previous: Period;
  filter: Record<string, unknown> | null;
}) {
  return {
    from: p.period.from,
    to: p.period.to,
    previousFrom: p.previous.from,
    previousTo: p.previous.to,
    filter: p.filter,
  };
}

/** An arrow for the change since the previous period, its meaning in words for screen readers and on hover. */
function Trend({
  current,
  previous,
  rate = false,
  kind,
}: {
  current: number | null | undefined;
  previous: number | null | undefined;
  rate?: boolean;
  kind: PeriodKind;
}) {
  const { t, i18n } = useTranslation();
  const trend = trendOf(current, previous, rate);
  if (!trend) return null;
  const compare = t(kind === 'week' ? 'analytics.efficiency.trendWeek' : 'analytics.efficiency.trendOther');
  const amount = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 }).format(trend.delta);
  const delta = rate ? t('analytics.efficiency.points', { value: amount }) : amount;
  const words = t(`analytics.efficiency.${trend.direction}`, { compare, delta });
  const icon =
    trend.direction === 'up' ? (
      <ArrowUpOutlined />
    ) : trend.direction === 'down' ? (
      <ArrowDownOutlined />
    ) : (
      <MinusOutlined />
    );
  return (
    <span title={words} style={{ marginInlineStart: 6, color: 'rgba(0, 0, 0, 0.62)', whiteSpace: 'nowrap' }}>
      <span aria-hidden="true">{icon}</span>
      <span className="sr-only" style={SR_ONLY}>
        {words}
      </span>
    </span>
  );
}

const SR_ONLY = {
  position: 'absolute',
  width: 1,
  height: 1,
  padding: 0,
  margin: -1,
  overflow: 'hidden',
  clip: 'rect(0, 0, 0, 0)',
  whiteSpace: 'nowrap',
  border: 0,
} as const;

/** 跟进效率: per salesperson, with the change since the previous week (or period) as arrows. */
export default function EfficiencyPage() {
  const { t, i18n } = useTranslation();
  const params = useAnalyticsParams();
  const { kind, period, filter } = params;
  const { data, loading, error, refetch } = useQuery(AnalyticsFollowUpQuery, {
    variables: followUpVariables(params),
  });
  const none = t('analytics.none');
  const rows: Row[] = useMemo(() => {
    const unmask = (
      list: ReadonlyArray<FragmentType<typeof FollowUpFiguresFragment>> | undefined,
    ): FollowUpFigures[] => (list ?? []).map((item) => getFragmentData(FollowUpFiguresFragment, item));
    const previous = new Map(unmask(data?.previousPeople).map((p) => [p.key.ownerId ?? '', p]));
    const people = unmask(data?.people).map((p) => ({
      id: p.key.ownerId ?? '',
      key: p.key,
      current: p,
      // Absent from the previous period's answer: nothing logged or due then (counts 0, rates unknown).
      previous: previous.get(p.key.ownerId ?? '') ?? quietPeriod(p.key),
    }));
    const total = unmask(data?.total)[0];
    return total
      ? [
          ...people,
          { id: '', key: null, current: total, previous: unmask(data?.previousTotal)[0] ?? quietPeriod({}) },
        ]
      : people;
  }, [data]);
  const names = usePersonNames(rows.filter((r) => r.key).map((r) => r.id));
  const people = rows.filter((r) => r.key);
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v}%` },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: {
        type: 'category',
        data: people.map((r) => names.get(r.id) ?? r.id),
        axisLabel: { interval: 0 },
      },
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      series: [
        {
          type: 'bar',
          barMaxWidth: 48,
          name: t('analytics.efficiency.within24h'),
          itemStyle: { color: '#0958d9' },
          data: people.map((r) => pct(r.current.loggedWithin24hRate)),
        },
        {
          type: 'bar',
          barMaxWidth: 48,
          name: t('analytics.efficiency.onTimeRate'),
          itemStyle: { color: '#237804' },
          data: people.map((r) => pct(r.current.onTimeRate)),
        },
      ],
    }),
    [people.length, JSON.stringify(people.map((r) => r.current)), names.size, i18n.language],
  );
  const cell = (value: ReactNode, trend: ReactNode) => (
    <span>
      {value}
      {trend}
    </span>
  );
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap size="small" style={{ justifyContent: 'space-between', width: '100%' }}>
        <PeriodPicker />
        <Space wrap size="small">
          <TeamPicker />
          <ExportButton
            url={exportUrl('follow-up-efficiency', {
              period,
              filter,
              groupBy: 'OWNER',
              locale: i18n.language,
            })}
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
      ) : data ? (
        <Card
          title={
            <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
              {t('analytics.efficiency.title')}
            </Typography.Title>
          }
        >
          {people.length > 0 && (
            <>
              <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                {t('analytics.efficiency.chartTitle')} · {t('analytics.chartNote')}
              </Typography.Paragraph>
              <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 260 }} />}>
                <EChart option={option} height={260} />
              </Suspense>
            </>
          )}
          <Table<Row>
            rowKey={(r) => r.id || '__total'}
            size="small"
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: t('analytics.efficiency.empty') }}
            dataSource={people.length ? rows : []}
            rowClassName={(r) => (r.key ? '' : 'analytics-total')}
            columns={[
              {
                title: t('analytics.efficiency.person'),
                key: 'person',
                fixed: 'left',
                render: (_, r) =>
                  r.key ? (
                    <GroupName dimension="OWNER" groupKey={r.key} />
                  ) : (
                    <strong>{t('analytics.efficiency.total')}</strong>
                  ),
              },
              {
                title: t('analytics.efficiency.interactions'),
                key: 'interactions',
                align: 'right',
                render: (_, r) =>
                  cell(
                    r.current.interactionsLogged,
                    <Trend
                      kind={kind}
                      current={r.current.interactionsLogged}
                      previous={r.previous?.interactionsLogged}
                    />,
                  ),
              },
              {
                title: t('analytics.efficiency.within24h'),
                key: 'within24h',
                align: 'right',
                render: (_, r) =>
                  cell(
                    formatRate(r.current.loggedWithin24hRate, i18n.language) ?? none,
                    <Trend
                      kind={kind}
                      rate
                      current={r.current.loggedWithin24hRate}
                      previous={r.previous?.loggedWithin24hRate}
                    />,
                  ),
              },
              {
                title: t('analytics.efficiency.actionsDue'),
                key: 'actionsDue',
                align: 'right',
                render: (_, r) =>
                  cell(
                    r.current.actionsDue,
                    <Trend kind={kind} current={r.current.actionsDue} previous={r.previous?.actionsDue} />,
                  ),
              },
              {
                title: t('analytics.efficiency.completedOnTime'),
                key: 'completedOnTime',
                align: 'right',
                render: (_, r) => r.current.actionsCompletedOnTime,
              },
              {
                title: t('analytics.efficiency.onTimeRate'),
                key: 'onTimeRate',
                align: 'right',
                render: (_, r) =>
                  cell(
                    formatRate(r.current.onTimeRate, i18n.language) ?? none,
                    <Trend
                      kind={kind}
                      rate
                      current={r.current.onTimeRate}
                      previous={r.previous?.onTimeRate}
                    />,
                  ),
              },
              {
                title: t('analytics.efficiency.medianHours'),
                key: 'medianHours',
                align: 'right',
                render: (_, r) => {
                  const amount = formatAmount(r.current.medianHoursToComplete, i18n.language);
                  return cell(
                    amount === null ? none : t('analytics.efficiency.hours', { value: amount }),
                    <Trend
                      kind={kind}
                      current={r.current.medianHoursToComplete}
                      previous={r.previous?.medianHoursToComplete}
                    />,
                  );
                },
              },
              {
                title: t('analytics.efficiency.openOverdue'),
                key: 'openOverdue',
                align: 'right',
                // Red means act: overdue actions are the one red figure here.
                render: (_, r) =>
                  r.current.openOverdue > 0 ? (
                    <Typography.Text type="danger" strong>
                      {r.current.openOverdue}
                    </Typography.Text>
                  ) : (
                    0
                  ),
              },
            ]}
          />
        </Card>
      ) : null}
    </Space>
  );
}

function quietPeriod(key: GroupKeyLike): FollowUpFigures {
  return {
    key,
    interactionsLogged: 0,
    loggedWithin24hRate: null,
    actionsDue: 0,
    actionsCompletedOnTime: 0,
    onTimeRate: null,
    medianHoursToComplete: null,
    openOverdue: 0,
  };
}

function pct(rate: number | null | undefined): number | null {
  return rate === null || rate === undefined ? null : Math.round(rate * 1000) / 10;
}
