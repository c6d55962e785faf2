import { useQuery } from '@apollo/client';
import { Alert, Card, Empty, Grid, Result, Space, Table, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { graphql } from '../../gql';
import type { TeamOverviewQuery } from '../../gql/graphql';
import { PageSkeleton } from '../../ui/PageSkeleton';
import { canSeeTeam } from '../../ui/roles';
import { useViewer } from '../../ui/useTimezone';
import './texts';

const TeamOverviewQuery = graphql(`
  query TeamOverview($teamId: ID) {
    teamWeek(teamId: $teamId) {
      teamId
      weekStart
      people {
        userId
        user {
          id
          name
          role
        }
        openNextActions
        overdueNextActions
        changedCount
        submittedCount
        loggedLateCount
        changedRecords {
          customerId
          customerName
          reviewState
        }
      }
    }
  }
`);

const RED = '#cf1322';

type Row = TeamOverviewQuery['teamWeek']['people'][number] & { name: string };

/**
 * 团队: per salesperson this week — actions open and overdue, records changed and submitted, late logs —
 * as the server counts them over all of the team's customers (`teamWeek`).
 */
export default function TeamPage() {
  const { t } = useTranslation();
  const { me } = useViewer();
  const phone = !Grid.useBreakpoint().md;
  const allowed = canSeeTeam(me?.role);
  const teamId = me?.teamId ?? '';
  const { data, loading, error } = useQuery(TeamOverviewQuery, { variables: { teamId }, skip: !allowed || !teamId, fetchPolicy: 'cache-and-network' });

  const rows: Row[] = useMemo(
    () =>
      (data?.teamWeek.people ?? [])
        // Salespeople always; anyone else (the manager, the assistant, a colleague owning actions here) when they hold something.
        .filter((p) => p.user?.role === 'SALES_REP' || p.openNextActions + p.changedCount + p.loggedLateCount > 0)
        .map((p) => ({ ...p, name: p.user?.name ?? p.userId })),
    [data],
  );

  if (me && !allowed) return <Result status="403" title={t('team.forbidden')} />;
  if (me && !teamId) return <Result status="info" title={t('team.noTeam')} />;
  if (!data && (loading || !me)) return <PageSkeleton rows={6} />;
  if (error && !data) return <Alert type="error" showIcon message={t('errors.loadFailed')} description={error.message} />;

  const owner = (r: Row) => `/customers?owner=${encodeURIComponent(r.userId)}`;
  const submittedCell = (r: Row) => {
    if (r.changedCount === 0) return <Typography.Text type="secondary">{t('team.nothingChanged')}</Typography.Text>;
    const missing = r.changedCount - r.submittedCount;
    return missing === 0 ? (
      <Tag color="#237804">{t('team.allSubmitted')}</Tag>
    ) : (
      <Tag color={RED}>{t('team.notSubmitted', { count: missing })}</Tag>
    );
  };
  const changedList = (r: Row) =>
    r.changedRecords.length ? (
      <ul style={{ margin: 0, paddingInlineStart: 18 }}>
        {r.changedRecords.map((c) => (
          <li key={c.customerId}>
            <Link to={`/customers/${c.customerId}`}>{c.customerName}</Link>{' '}
            {c.reviewState === 'SENT_BACK' ? (
              <Tag color={RED}>{t('team.sentBack')}</Tag>
            ) : c.reviewState === 'APPROVED' ? (
              <Tag color="#237804">{t('team.approvedOne')}</Tag>
            ) : c.reviewState === 'SUBMITTED' ? (
              <Tag>{t('team.submittedOne')}</Tag>
            ) : (
              <Tag color="#ad4e00">{t('team.notSubmittedOne')}</Tag>
            )}
          </li>
        ))}
        {r.changedCount > r.changedRecords.length && (
          <li>
            <Link to={owner(r)}>{t('team.more', { count: r.changedCount - r.changedRecords.length })}</Link>
          </li>
        )}
      </ul>
    ) : null;
  const overdueCell = (r: Row) =>
    r.overdueNextActions > 0 ? (
      <Link to={`${owner(r)}&overdue=1`} aria-label={t('team.overdueOf', { name: r.name, count: r.overdueNextActions })} style={{ color: RED, fontWeight: 600 }}>
        {r.overdueNextActions}
      </Link>
    ) : (
      <span>0</span>
    );
  const lateCell = (r: Row) => (r.loggedLateCount > 0 ? <Typography.Text style={{ color: RED, fontWeight: 600 }}>{r.loggedLateCount}</Typography.Text> : <span>0</span>);

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
                    ['open', <span key="v">{r.openNextActions}</span>],
                    ['overdue', overdueCell(r)],
                    ['late', lateCell(r)],
                    ['changed', <span key="v">{r.changedCount}</span>],
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
            { title: t('team.open'), dataIndex: 'openNextActions', align: 'right' },
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
    </div>
  );
}
