import { useMutation, useQuery, type ApolloError } from '@apollo/client';
import { Alert, App, Button, Card, Checkbox, Empty, Input, List, Skeleton, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { graphql } from '../../gql';
import { mapGraphQLErrors } from '../../ui/errors';
import { formatDate, formatDateTime } from '../../ui/format';
import { PageSkeleton } from '../../ui/PageSkeleton';
import { StageTag } from '../../ui/StageTag';
import { useViewer } from '../../ui/useTimezone';
import { canArchive } from './roles';
import './texts';

const ToArchiveQuery = graphql(`
  query ArchiveQueue {
    customersToArchive {
      id
      name
      stage
      firstContactDate
      owner {
        id
        name
      }
      latestReview {
        id
        comments
        decidedAt
        reviewer {
          id
          name
        }
      }
    }
  }
`);

const ArchiveListQuery = graphql(`
  query ArchiveList($search: String, $first: Int, $after: ID) {
    archivedRecords(search: $search, first: $first, after: $after) {
      id
      customerId
      archiveCode
      archivedAt
      archiver {
        id
        name
      }
    }
  }
`);

const ArchiveCustomersMutation = graphql(`
  mutation ArchiveCustomers($customerIds: [ID!]!) {
    archiveCustomers(customerIds: $customerIds) {
      id
      name
      archiveCode
      version
    }
  }
`);

/** The archived forms shown at once, newest first; 加载更多 shows the next ones. */
const LIST_PAGE = 50;

/** 归档: the approved records waiting for the archive, and the archive itself searched by code. */
export default function ArchivePage() {
  const { t } = useTranslation();
  const { me, timezone, loading: viewerLoading } = useViewer();
  const archives = canArchive(me?.role);
  if (!me && viewerLoading) return <PageSkeleton rows={8} />;
  return (
    <div style={{ maxWidth: 1100, margin: '0 auto' }}>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('archive.title')}
      </Typography.Title>
      {archives ? (
        <ToArchive timezone={timezone} />
      ) : (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('archive.onlyAssistants')} />
      )}
      <ArchiveList timezone={timezone} />
    </div>
  );
}

function ToArchive({ timezone }: { timezone: string }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { data, loading, error } = useQuery(ToArchiveQuery, { fetchPolicy: 'cache-and-network' });
  const [archive, { loading: archiving }] = useMutation(ArchiveCustomersMutation, {
    refetchQueries: ['ArchiveQueue', 'ArchiveList'],
    awaitRefetchQueries: true,
  });
  const [selected, setSelected] = useState<string[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  const [failure, setFailure] = useState<string[]>([]);
  const waiting = data?.customersToArchive ?? [];
  const chosen = selected.filter((id) => waiting.some((c) => c.id === id));
  const all = waiting.length > 0 && chosen.length === waiting.length;

  const run = async (ids: string[], key: string) => {
    setFailure([]);
    setBusy(key);
    try {
      const result = await archive({ variables: { customerIds: ids } });
      const done = result.data?.archiveCustomers ?? [];
      void message.success(
        done.length === 1
          ? t('archive.archivedOne', { name: done[0]!.name, code: done[0]!.archiveCode })
          : t('archive.archivedMany', { count: done.length }),
      );
      setSelected((s) => s.filter((id) => !ids.includes(id)));
    } catch (e) {
      setFailure(refusal(e, t, i18n.exists, (id) => waiting.find((c) => c.id === id)?.name ?? null));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      title={
        <Space wrap>
          <Typography.Title level={4} style={{ margin: 0, fontSize: 16 }}>
            {t('archive.waiting', { count: waiting.length })}
          </Typography.Title>
        </Space>
      }
    >
      {failure.length > 0 && (
        <Alert type="error" showIcon role="alert" message={failure.join(' ')} style={{ marginBottom: 12 }} />
      )}
      {!data && loading ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : error && !data ? (
        <Alert type="error" showIcon message={t('errors.loadFailed')} description={error.message} />
      ) : waiting.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('archive.nothingWaiting')} />
      ) : (
        <>
          <Space wrap style={{ marginBottom: 8, width: '100%', justifyContent: 'space-between' }}>
            <Checkbox
              checked={all}
              indeterminate={chosen.length > 0 && !all}
              onChange={(e) => setSelected(e.target.checked ? waiting.map((c) => c.id) : [])}
            >
              {t('archive.selectAll', { count: waiting.length })}
            </Checkbox>
            <Button
              type="primary"
              disabled={chosen.length === 0 || archiving}
              loading={busy === 'selected'}
              onClick={() => void run(chosen, 'selected')}
            >
              {t('archive.archiveSelected', { count: chosen.length })}
            </Button>
          </Space>
          <List
            dataSource={waiting}
            renderItem={(c) => (
              <List.Item
                key={c.id}
                actions={[
                  <Button
                    key="archive"
                    disabled={archiving}
                    loading={busy === c.id}
                    aria-label={t('archive.archiveOneLabel', { name: c.name })}
                    onClick={() => void run([c.id], c.id)}
                  >
                    {t('archive.archiveOne')}
                  </Button>,
                ]}
              >
                <Space align="start">
                  <Checkbox
                    aria-label={t('archive.select', { name: c.name })}
                    checked={chosen.includes(c.id)}
                    onChange={(e) =>
                      setSelected((s) => (e.target.checked ? [...s, c.id] : s.filter((x) => x !== c.id)))
                    }
                  />
                  <div style={{ minWidth: 0 }}>
                    <Space wrap size={4}>
                      <Link to={`/customers/${c.id}`} style={{ fontWeight: 600 }}>
                        {c.name}
                      </Link>
                      <StageTag stage={c.stage} />
                      <Typography.Text type="secondary">
                        {t('archive.firstContact', { date: c.firstContactDate })}
                      </Typography.Text>
                    </Space>
                    <div>
                      <Typography.Text type="secondary">
                        {t('archive.approvedBy', {
                          owner: c.owner?.name ?? '',
                          reviewer: c.latestReview?.reviewer?.name ?? '',
                          at: formatDate(c.latestReview?.decidedAt, timezone),
                        })}
                      </Typography.Text>
                      {c.latestReview?.comments ? (
                        <Typography.Text>：{c.latestReview.comments}</Typography.Text>
                      ) : null}
                    </div>
                  </div>
                </Space>
              </List.Item>
            )}
          />
        </>
      )}
    </Card>
  );
}

function ArchiveList({ timezone }: { timezone: string }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const search = params.get('q') ?? '';
  const [typed, setTyped] = useState(search);
  useEffect(() => setTyped(search), [search]);
  // The server searches; typing waits a moment before asking.
  useEffect(() => {
    if (typed.trim() === search) return;
    const timer = setTimeout(
      () => setParams(typed.trim() ? { q: typed.trim() } : {}, { replace: true }),
      300,
    );
    return () => clearTimeout(timer);
  }, [typed, search, setParams]);
  const { data, loading, error, fetchMore } = useQuery(ArchiveListQuery, {
    variables: { search: search || null, first: LIST_PAGE },
    fetchPolicy: 'cache-and-network',
  });
  const entries = data?.archivedRecords ?? [];
  // A page shorter than asked was the last one; a new search starts again from the newest.
  const [exhausted, setExhausted] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreFailed, setMoreFailed] = useState(false);
  const hasMore = entries.length > 0 && entries.length % LIST_PAGE === 0 && exhausted !== search;
  const loadMore = async () => {
    const last = entries[entries.length - 1];
    if (!last) return;
    setLoadingMore(true);
    setMoreFailed(false);
    try {
      const more = await fetchMore({
        variables: { after: last.id },
        updateQuery: (previous, { fetchMoreResult }) => ({
          archivedRecords: [...previous.archivedRecords, ...fetchMoreResult.archivedRecords],
        }),
      });
      if (more.data.archivedRecords.length < LIST_PAGE) setExhausted(search);
    } catch {
      setMoreFailed(true);
    } finally {
      setLoadingMore(false);
    }
  };
  return (
    <Card
      size="small"
      title={
        <Typography.Title level={4} style={{ margin: 0, fontSize: 16 }}>
          {t('archive.list')}
        </Typography.Title>
      }
    >
      <Input.Search
        value={typed}
        onChange={(e) => setTyped(e.target.value)}
        onSearch={(v) => setParams(v.trim() ? { q: v.trim() } : {}, { replace: true })}
        placeholder={t('archive.searchPlaceholder')}
        aria-label={t('archive.search')}
        allowClear
        maxLength={200}
        style={{ marginBottom: 12, maxWidth: 480 }}
        enterButton={t('archive.searchButton')}
      />
      {!data && loading ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : error && !data ? (
        <Alert type="error" showIcon message={t('errors.loadFailed')} description={error.message} />
      ) : (
        <section aria-label={t('archive.found', { count: entries.length })}>
          <List
            dataSource={entries}
            locale={{
              emptyText: (
                <Empty
                  image={Empty.PRESENTED_IMAGE_SIMPLE}
                  description={search ? t('archive.noMatch', { search }) : t('archive.empty')}
                />
              ),
            }}
            renderItem={(e) => (
              <List.Item key={e.id}>
                <Space wrap size={[12, 0]}>
                  <Link
                    to={`/archive/snapshots/${e.id}`}
                    style={{ fontWeight: 600, textDecoration: 'underline' }}
                  >
                    {e.archiveCode}
                  </Link>
                  <Typography.Text type="secondary">
                    {t('archive.archivedAtBy', {
                      at: formatDateTime(e.archivedAt, timezone),
                      by: e.archiver?.name ?? '',
                    })}
                  </Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        </section>
      )}
      {moreFailed && <Alert type="error" showIcon message={t('errors.loadFailed')} style={{ marginTop: 8 }} />}
      {hasMore && (
        <div style={{ textAlign: 'center', marginTop: 8 }}>
          <Button onClick={() => void loadMore()} loading={loadingMore}>
            {t('archive.loadMore', { count: entries.length })}
          </Button>
        </div>
      )}
    </Card>
  );
}

/**
 * What a refused archive means, in this screen's words when it has some for the reason (the record
 * changed since the approval, no approval), naming the customer the server named.
 */
export function refusal(
  error: unknown,
  t: TFunction,
  exists: (key: string) => boolean,
  nameOf: (customerId: string) => string | null,
): string[] {
  const mapped = mapGraphQLErrors(error, t);
  const first = (error as Partial<ApolloError>)?.graphQLErrors?.[0];
  const reason = typeof first?.extensions?.reason === 'string' ? first.extensions.reason : null;
  const customerId = typeof first?.extensions?.customerId === 'string' ? first.extensions.customerId : null;
  const name = customerId ? nameOf(customerId) : null;
  const message =
    reason && exists(`archive.reason.${reason}`) ? t(`archive.reason.${reason}`) : mapped.general.join(' ');
  return [name ? t('archive.refusedFor', { name, message }) : message];
}
