import { useQuery } from '@apollo/client';
import { Alert, Card, Empty, Grid, Result, Space, Table, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { graphql } from '../../gql';
import { PageSkeleton } from '../../ui/PageSkeleton';
import { canSeeTeam } from '../../ui/roles';
import { useViewer } from '../../ui/useTimezone';
import { weekStart } from '../friday/week';
import { teamWeek, type PersonWeek } from './overview';
import './texts';

const TeamOverviewQuery = graphql(`
  query TeamOverview($teamId: ID!) {
    users(filter: { teamId: $teamId, active: true }, first: 100) {
      edges {
        node {
          id
          name
          role
        }
      }
    }
    customers(filter: { teamId: $teamId }, first: 100) {
      totalCount
      edges {
        node {
          id
          name
          ownerId
          version
          updatedAt
          nextActions(status: OPEN) {
            id
            ownerId
            overdue
          }
          interactions(first: 20) {
            edges {
              node {
                id
                authorId
                loggedAt
                loggedLate
              }
            }
          }
          latestReview {
            id
            status
            customerVersion
            submittedAt
          }
        }
      }
    }
  }
`);

const RED = '#cf1322';

interface Row extends PersonWeek {
  name: string;
}

/** 团队: per salesperson this week — actions open and overdue, records changed and submitted, late logs. */
export default function TeamPage() {
  const { t } = useTranslation();
  const { me, timezone } = useViewer();
  const phone = !Grid.useBreakpoint().md;
  const allowed = canSeeTeam(me?.role);
  const teamId = me?.teamId ?? '';
  const { data, loading, error } = useQuery(TeamOverviewQuery, { variables: { teamId }, skip: !allowed || !teamId, fetchPolicy: 'cache-and-network' });

  const rows: Row[] = useMemo(() => {
    if (!data) return [];
    const people = data.users.edges.map((e) => e.node).filter((u) => u.role === 'SALES_REP' || u.role === 'SALES_MANAGER');
    const names = new Map(data.users.edges.map((e) => [e.node.id, e.node.name]));
    const week = teamWeek(
      people.filter((p) => p.role === 'SALES_REP').map((p) => p.id),
      data.customers.edges.map((e) => e.node),
      weekStart(new Date(), timezone),
    );
    // The manager appears only when they hold something themselves.
    return week
      .filter((w) => names.has(w.userId) && (people.some((p) => p.id === w.userId && p.role === 'SALES_REP') || w.open + w.changed.length + w.loggedLate > 0))
      .map((w) => ({ ...w, name: names.get(w.userId) ?? w.userId }));
  }, [data, timezone]);

  if (me && !allowed) return <Result status="403" title={t('team.forbidden')} />;
  if (me && !teamId) return <Result status="info" title={t('team.noTeam')} />;
  if (!data && (loading || !me)) return <PageSkeleton rows={6} />;
  if (error && !data) return <Alert type="error" showIcon message={t('errors.loadFailed')} description={error.message} />;

  const owner = (r: Row) => `/customers?owner=${encodeURIComponent(r.userId)}`;
  const submittedCell = (r: Row) => {
    if (r.changed.length === 0) return <Typography.Text type="secondary">{t('team.nothingChanged')}</Typography.Text>;
    const missing = r.changed.length - r.submitted;
    return missing === 0 ? (
      <Tag color="#237804">{t('team.allSubmitted')}</Tag>
    ) : (
      <Tag color={RED}>{t('team.notSubmitted', { count: missing })}</Tag>
    );
  };
  const changedList = (r: Row) =>
    r.changed.length ? (
      <ul style={{ margin: 0, paddingInlineStart: 18 }}>
        {r.changed.map((c) => (
          <li key={c.id}>
            <Link to={`/customers/${c.id}`}>{c.name}</Link>{' '}
            {c.sentBack ? (
              <Tag color={RED}>{t('team.sentBack')}</Tag>
            ) : c.approved ? (
              <Tag color="#237804">{t('team.approvedOne')}</Tag>
            ) : c.submitted ? (
              <Tag>{t('team.submittedOne')}</Tag>
            ) : (
              <Tag color="#ad4e00">{t('team.notSubmittedOne')}</Tag>
            )}
          </li>
        ))}
      </ul>
    ) : null;
  const overdueCell = (r: Row) =>
    r.overdue > 0 ? (
      <Link to={`${owner(r)}&overdue=1`} aria-label={t('team.overdueOf', { name: r.name, count: r.overdue })} style={{ color: RED, fontWeight: 600 }}>
        {r.overdue}
      </Link>
    ) : (
      <span>0</span>
    );
  const lateCell = (r: Row) => (r.loggedLate > 0 ? <Typography.Text style={{ color: RED, fontWeight: 600 }}>{r.loggedLate}</Typography.Text> : <span>0</span>);

  return (
    <div style={{ maxWidth: 1100, margin: '0 auto' }}>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('team.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('team.intro')}</Typography.Paragraph>
      {rows.length === 0 ? (
        <Card>
          <Empty description={t('team.empty')} />
        </Card>
      ) : phone ? (
        <div>
          {rows.map((r) => (
            <Card key={r.userId} size="small" style={{ marginBottom: 12 }} title={<Link to={owner(r)} aria-label={t('team.customersOf', { name: r.name })}>{r.name}</Link>}>
              <Space direction="vertical" size={4} style={{ width: '100%' }}>
                {(
                  [
                    ['open', <span key="v">{r.open}</span>],
                    ['overdue', overdueCell(r)],
                    ['late', lateCell(r)],
                    ['changed', <span key="v">{r.changed.length}</span>],
                  ] as const
                ).map(([key, value]) => (
                  <div key={key} style={{ display: 'flex', justifyContent: 'space-between' }}>
                    <span>{t(`team.${key}`)}</span>
                    {value}
                  </div>
                ))}
                <div>{submittedCell(r)}</div>
                {changedList(r)}
              </Space>
            </Card>
          ))}
        </div>
      ) : (
        <Table<Row>
          rowKey="userId"
          size="middle"
          pagination={false}
          dataSource={rows}
          columns={[
            {
              title: t('team.person'),
              key: 'name',
              render: (_, r) => (
                <Link to={owner(r)} aria-label={t('team.customersOf', { name: r.name })}>
                  {r.name}
                </Link>
              ),
            },
            { title: t('team.open'), dataIndex: 'open', align: 'right' },
            { title: t('team.overdue'), key: 'overdue', align: 'right', render: (_, r) => overdueCell(r) },
            {
              title: t('team.submitted'),
              key: 'submitted',
              render: (_, r) => (
                <Space direction="vertical" size={4}>
                  {submittedCell(r)}
                  {changedList(r)}
                </Space>
              ),
            },
            { title: t('team.late'), key: 'late', align: 'right', render: (_, r) => lateCell(r) },
          ]}
        />
      )}
      {(data?.customers.totalCount ?? 0) > 100 && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {t('team.first100')}
        </Typography.Paragraph>
      )}
    </div>
  );
}
