import { useQuery } from '@apollo/client';
import { Alert, Button, Card, Col, Empty, Row, Space, Statistic, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { graphql } from '../../gql';
import { LogInteractionButton } from '../log-interaction/LogInteractionButton';
import { PageSkeleton } from '../../ui/PageSkeleton';
import { useViewer } from '../../ui/useTimezone';
import { bucketByDue } from './buckets';
import { NextActionRow, type WorkbenchAction } from './NextActionRow';

/** One page of the caller's open next actions; the server orders them overdue first, then by deadline. */
export const WORKBENCH_PAGE = 50;

const WorkbenchQuery = graphql(`
  query Workbench($timeZone: String, $first: Int, $after: String) {
    myNextActions(timeZone: $timeZone, first: $first, after: $after) {
      totalCount
      counts {
        overdue
        today
        thisWeek
      }
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          content
          dueAt
          overdue
          customerId
          customer {
            id
            name
          }
        }
      }
    }
    weeklySubmission {
      sentBack
    }
  }
`);

/** The salesperson's home: open next actions, overdue first, then today, then this week; acted on in place. */
export default function WorkbenchPage() {
  const { t } = useTranslation();
  const { me, timezone } = useViewer();
  const [loadingMore, setLoadingMore] = useState(false);
  const { data, loading, error, refetch, fetchMore } = useQuery(WorkbenchQuery, {
    variables: { timeZone: timezone, first: WORKBENCH_PAGE },
    skip: !me,
    notifyOnNetworkStatusChange: false,
  });
  const page = data?.myNextActions;
  const buckets = useMemo(() => {
    const actions: WorkbenchAction[] = (page?.edges ?? []).map(({ node }) => ({
      id: node.id,
      content: node.content,
      dueAt: node.dueAt,
      customerId: node.customerId,
      customerName: node.customer?.name ?? null,
    }));
    return bucketByDue(actions, new Date(), timezone);
  }, [page, timezone]);
  if (!data && (loading || !me)) return <PageSkeleton rows={8} />;
  if (error && !data) return <Alert type="error" showIcon message={t('errors.loadFailed')} description={error.message} />;
  const groups = [
    { key: 'overdue', title: t('workbench.overdue'), items: buckets.overdue },
    { key: 'today', title: t('workbench.today'), items: buckets.today },
    { key: 'week', title: t('workbench.thisWeek'), items: buckets.week },
    { key: 'later', title: t('workbench.later'), items: buckets.later },
  ];
  const counts = page?.counts ?? { overdue: 0, today: 0, thisWeek: 0 };
  const total = page?.totalCount ?? 0;
  const toSubmit = data?.weeklySubmission ?? [];
  const sentBack = toSubmit.filter((r) => r.sentBack).length;
  const loadMore = async () => {
    if (!page?.pageInfo.endCursor) return;
    setLoadingMore(true);
    try {
      await fetchMore({
        variables: { after: page.pageInfo.endCursor },
        updateQuery: (previous, { fetchMoreResult }) => ({
          ...fetchMoreResult,
          myNextActions: {
            ...fetchMoreResult.myNextActions,
            edges: [...previous.myNextActions.edges, ...fetchMoreResult.myNextActions.edges],
          },
        }),
      });
    } finally {
      setLoadingMore(false);
    }
  };
  const stat = (title: string, value: number, red = false) => (
    <Card size="small" styles={{ body: { padding: '8px 12px' } }}>
      <Statistic title={title} value={value} valueStyle={red && value ? { color: '#cf1322' } : undefined} />
    </Card>
  );
  return (
    <div style={{ maxWidth: 1100, margin: '0 auto' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} align="center" wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('workbench.title')}
        </Typography.Title>
        <LogInteractionButton />
      </Space>
      <Row gutter={[8, 8]} style={{ marginBottom: 12 }} role="group" aria-label={t('salesDesk.workbench.counts')}>
        <Col xs={8}>{stat(t('workbench.today'), counts.today)}</Col>
        <Col xs={8}>{stat(t('workbench.overdue'), counts.overdue, true)}</Col>
        <Col xs={8}>{stat(t('workbench.thisWeek'), counts.thisWeek)}</Col>
      </Row>
      {total === 0 ? (
        <Card style={{ marginBottom: 12 }}>
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
                  <NextActionRow key={a.id} action={a} timezone={timezone} onChanged={() => void refetch({ after: null })} />
                ))}
              </ul>
            </Card>
          ))
      )}
      {page?.pageInfo.hasNextPage && (
        <div style={{ textAlign: 'center', marginBottom: 12 }}>
          <Button onClick={() => void loadMore()} loading={loadingMore}>
            {t('salesDesk.workbench.more', { shown: page.edges.length, total })}
          </Button>
        </div>
      )}
      <Card size="small">
        <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
          <Typography.Text>
            {toSubmit.length
              ? t('salesDesk.workbench.toSubmit', { count: toSubmit.length })
              : t('salesDesk.workbench.nothingToSubmit')}
            {sentBack > 0 && <Typography.Text type="danger">{t('salesDesk.workbench.sentBack', { count: sentBack })}</Typography.Text>}
          </Typography.Text>
          <Link to="/friday" style={{ textDecoration: 'underline' }}>
            {t('workbench.toFriday')}
          </Link>
        </Space>
      </Card>
    </div>
  );
}
