import { useMutation, useQuery } from '@apollo/client';
import { Alert, Badge, Button, Card, Empty, List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { graphql } from '../../gql';
import { formatDateTime } from '../../ui/format';
import { PageSkeleton } from '../../ui/PageSkeleton';
import { useViewer } from '../../ui/useTimezone';

const NotificationsQuery = graphql(`
  query Notifications {
    notifications {
      id
      kind
      title
      body
      createdAt
      readAt
      customerId
    }
  }
`);
const MarkReadMutation = graphql(`
  mutation MarkNotificationsRead($ids: [ID!]!) {
    markNotificationsRead(ids: $ids) {
      id
      readAt
    }
  }
`);

/** The caller's notifications, newest first; opening the page offers to mark the unread ones read. */
export default function NotificationsPage() {
  const { t } = useTranslation();
  const { timezone } = useViewer();
  const { data, loading, error, refetch } = useQuery(NotificationsQuery);
  const [markRead, marking] = useMutation(MarkReadMutation, { refetchQueries: ['UnreadNotifications'] });
  if (!data && loading) return <PageSkeleton />;
  if (error && !data) return <Alert type="error" showIcon message={t('errors.loadFailed')} description={error.message} />;
  const unread = (data?.notifications ?? []).filter((n) => !n.readAt).map((n) => n.id);
  return (
    <div style={{ maxWidth: 900, margin: '0 auto' }}>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('notifications.title')}
      </Typography.Title>
      <Card
        extra={
          <Button disabled={!unread.length} loading={marking.loading} onClick={() => void markRead({ variables: { ids: unread } }).then(() => refetch())}>
            {t('notifications.markAllRead')}
          </Button>
        }
      >
        <List
          dataSource={data?.notifications ?? []}
          locale={{ emptyText: <Empty description={t('notifications.empty')} /> }}
          renderItem={(n) => (
            <List.Item key={n.id}>
              <List.Item.Meta
                title={
                  <span>
                    {!n.readAt && <Badge status="processing" />} {n.title}
                  </span>
                }
                description={
                  <>
                    <div>{n.body}</div>
                    <Typography.Text type="secondary">{formatDateTime(n.createdAt, timezone)}</Typography.Text>
                    {n.customerId && (
                      <>
                        {' · '}
                        <Link to={`/customers/${n.customerId}`}>{t('notifications.openCustomer')}</Link>
                      </>
                    )}
                    {n.kind === 'REVIEW_APPROVED_TO_ARCHIVE' && (
                      <>
                        {' · '}
                        <Link to="/archive">{t('notifications.toArchive')}</Link>
                      </>
                    )}
                  </>
                }
              />
            </List.Item>
          )}
        />
      </Card>
    </div>
  );
}
