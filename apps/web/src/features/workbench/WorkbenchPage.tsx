import { useQuery } from '@apollo/client';
import { Alert, Card, Col, Empty, Row, Space, Statistic, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { graphql } from '../../gql';
import { LogInteractionButton } from '../log-interaction/LogInteractionButton';
import { PageSkeleton } from '../../ui/PageSkeleton';
import { useViewer } from '../../ui/useTimezone';
import { bucketByDue } from './buckets';
import { NextActionRow, type WorkbenchAction } from './NextActionRow';

const WorkbenchQuery = graphql(`
  query Workbench($ownerId: ID!) {
    customers(filter: { ownerId: $ownerId }, first: 100) {
      totalCount
      edges {
        node {
          id
          name
          nextActions(status: OPEN) {
            id
            content
            dueAt
            overdue
            ownerId
            status
          }
        }
      }
    }
  }
`);

/** The salesperson's home: open next actions, overdue first, then today, then this week; acted on in place. */
export default function WorkbenchPage() {
  const { t } = useTranslation();
  const { me, timezone } = useViewer();
  const { data, loading, error, refetch } = useQuery(WorkbenchQuery, { variables: { ownerId: me?.id ?? '' }, skip: !me });
  const buckets = useMemo(() => {
    const actions: WorkbenchAction[] = [];
    for (const edge of data?.customers.edges ?? []) {
      for (const a of edge.node.nextActions) {
        if (a.ownerId === me?.id) actions.push({ ...a, customerId: edge.node.id, customerName: edge.node.name });
      }
    }
    return bucketByDue(actions, new Date(), timezone);
  }, [data, me, timezone]);
  if (!data && (loading || !me)) return <PageSkeleton rows={8} />;
  if (error && !data) return <Alert type="error" showIcon message={t('errors.loadFailed')} description={error.message} />;
  const groups = [
    { key: 'overdue', title: t('workbench.overdue'), items: buckets.overdue },
    { key: 'today', title: t('workbench.today'), items: buckets.today },
    { key: 'week', title: t('workbench.thisWeek'), items: buckets.week },
    { key: 'later', title: t('workbench.later'), items: buckets.later },
  ];
  const total = groups.reduce((n, g) => n + g.items.length, 0);
  return (
    <div style={{ maxWidth: 1100, margin: '0 auto' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} align="center">
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('workbench.title')}
        </Typography.Title>
        <LogInteractionButton />
      </Space>
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        <Col xs={8}>
          <Card size="small">
            <Statistic title={t('workbench.today')} value={buckets.today.length} />
          </Card>
        </Col>
        <Col xs={8}>
          <Card size="small">
            <Statistic
              title={t('workbench.overdue')}
              value={buckets.overdue.length}
              valueStyle={buckets.overdue.length ? { color: '#cf1322' } : undefined}
            />
          </Card>
        </Col>
        <Col xs={8}>
          <Card size="small">
            <Statistic title={t('workbench.thisWeek')} value={buckets.week.length} />
          </Card>
        </Col>
      </Row>
      {total === 0 ? (
        <Card>
          <Empty description={t('workbench.empty')}>
            <Link to="/customers">{t('workbench.toCustomers')}</Link>
          </Empty>
        </Card>
      ) : (
        groups
          .filter((g) => g.items.length)
          .map((g) => (
            <Card key={g.key} size="small" title={`${g.title} · ${g.items.length}`} style={{ marginBottom: 12 }}>
              <ul aria-label={g.title} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                {g.items.map((a) => (
                  <NextActionRow key={a.id} action={a} timezone={timezone} onChanged={() => void refetch()} />
                ))}
              </ul>
            </Card>
          ))
      )}
      <Card size="small">
        <Typography.Text>{t('workbench.fridayHint')}</Typography.Text> <Link to="/friday" style={{ textDecoration: 'underline' }}>
          {t('workbench.toFriday')}
        </Link>
      </Card>
    </div>
  );
}
