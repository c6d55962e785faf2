import { useQuery } from '@apollo/client';
import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Empty, Grid, Input, List, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { graphql } from '../../gql';
import type { ReviewStatus, SalesStage } from '../../gql/graphql';
import { formatDateTime } from '../../ui/format';
import { useEnumLabels } from '../../ui/labels';
import { PageSkeleton } from '../../ui/PageSkeleton';
import { STAGE_ORDER, StageTag } from '../../ui/StageTag';
import { useViewer } from '../../ui/useTimezone';
import { dueText } from '../next-actions/due';
import { activeFilterCount, filterOf, nextDue, orderOf, PAGE_SIZE, readListState, withFilter, writeListState, type SortKey } from './list-state';

const CustomersQuery = graphql(`
  query CustomerList($filter: CustomerFilter, $first: Int, $after: String, $orderBy: CustomerOrder) {
    customers(filter: $filter, first: $first, after: $after, orderBy: $orderBy) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          name
          stage
          ownerId
          owner {
            id
            name
          }
          lastInteractionAt
          nextActions(status: OPEN) {
            id
            content
            dueAt
          }
          latestReview {
            id
            status
          }
        }
      }
    }
  }
`);

const FilterOptionsQuery = graphql(`
  query CustomerFilterOptions($locale: String) {
    industries(level: DIVISION, locale: $locale) {
      code
      name
      sectionName
    }
  }
`);

const TeamPeopleQuery = graphql(`
  query TeamPeople {
    users(first: 100) {
      edges {
        node {
          id
          name
          role
          active
        }
      }
    }
  }
`);

/** The orders a phone offers in place of the table's column headers. */
const PHONE_ORDERS = ['newest', 'nextDueAt.asc', 'lastInteractionAt.desc', 'name.asc', 'stage.asc', 'updatedAt.desc'] as const;

/** Review states: solid tags readable at 4.5:1; sent back is red (act). */
const REVIEW_COLOURS: Record<ReviewStatus, string> = { PENDING: '#0958d9', APPROVED: '#237804', CHANGES_REQUESTED: '#cf1322' };

interface Row {
  id: string;
  name: string;
  stage: SalesStage;
  ownerName: string | null;
  lastInteractionAt: string | null;
  nextContent: string | null;
  nextDueAt: string | null;
  review: ReviewStatus | null;
}

/** 客户: search, filters as chips, the columns a manager scans, cursor pages with the total; cards on a phone. */
export default function CustomersPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const { labelOf, valuesOf } = useEnumLabels();
  const { me, timezone } = useViewer();
  const phone = !Grid.useBreakpoint().md;
  const [params, setParams] = useSearchParams();
  const state = readListState(params);
  const [previous, setPrevious] = useState<(string | null)[]>([]);
  const [searchText, setSearchText] = useState(state.search);
  const seesTeam = !!me && me.role !== 'SALES_REP';
  const { data, loading, error } = useQuery(CustomersQuery, {
    variables: { filter: filterOf(state), first: PAGE_SIZE, after: state.after, orderBy: orderOf(state) },
  });
  const { data: options } = useQuery(FilterOptionsQuery, { variables: { locale: i18n.language }, fetchPolicy: 'cache-first' });
  const { data: people } = useQuery(TeamPeopleQuery, { skip: !seesTeam, fetchPolicy: 'cache-first' });
  const go = (next: ReturnType<typeof readListState>, keepPages = false) => {
    if (!keepPages) setPrevious([]);
    setParams(writeListState(next));
  };
  const rows: Row[] = useMemo(
    () =>
      (data?.customers.edges ?? []).map(({ node }) => {
        const next = nextDue(node.nextActions);
        return {
          id: node.id,
          name: node.name,
          stage: node.stage,
          ownerName: node.owner?.name ?? null,
          lastInteractionAt: node.lastInteractionAt ?? null,
          nextContent: next?.content ?? null,
          nextDueAt: next?.dueAt ?? null,
          review: node.latestReview?.status ?? null,
        };
      }),
    [data],
  );
  // The server sorts every matching customer; the table only shows which column it is.
  const sorted = rows;
  const sortOrder = (key: SortKey) => (state.sort === key ? (state.descending ? 'descend' : 'ascend') : null);
  const now = new Date();
  const due = (r: Row) => {
    if (!r.nextDueAt) return <Typography.Text type="danger">{t('customers.noNextAction')}</Typography.Text>;
    const d = dueText(r.nextDueAt, now, timezone, t);
    return (
      <span>
        <Typography.Text>{r.nextContent}</Typography.Text>
        <br />
        {d.overdue ? <Tag color="error">{d.text}</Tag> : <Typography.Text type="secondary">{d.text}</Typography.Text>}
      </span>
    );
  };
  const columns: ColumnsType<Row> = [
    {
      key: 'name',
      title: t('customers.col.name'),
      dataIndex: 'name',
      sorter: true,
      sortOrder: sortOrder('name'),
      render: (_, r) => <Link to={`/customers/${r.id}`}>{r.name}</Link>,
    },
    { key: 'stage', title: t('customers.col.stage'), sorter: true, sortOrder: sortOrder('stage'), render: (_, r) => <StageTag stage={r.stage} /> },
    { key: 'owner', title: t('customers.col.owner'), render: (_, r) => r.ownerName ?? '—' },
    {
      key: 'lastInteractionAt',
      title: t('customers.col.lastInteraction'),
      sorter: true,
      sortOrder: sortOrder('lastInteractionAt'),
      render: (_, r) => (r.lastInteractionAt ? formatDateTime(r.lastInteractionAt, timezone) : <Typography.Text type="secondary">{t('customers.never')}</Typography.Text>),
    },
    { key: 'nextDueAt', title: t('customers.col.nextAction'), sorter: true, sortOrder: sortOrder('nextDueAt'), render: (_, r) => due(r) },
    {
      key: 'review',
      title: t('customers.col.review'),
      render: (_, r) => (r.review ? <Tag color={REVIEW_COLOURS[r.review]}>{labelOf('ReviewStatus', r.review)}</Tag> : <Typography.Text type="secondary">{t('customers.notSubmitted')}</Typography.Text>),
    },
  ];
  const total = data?.customers.totalCount ?? 0;
  const pageIndex = previous.length;
  const pager = (
    <Space style={{ marginTop: 12, justifyContent: 'space-between', width: '100%' }} wrap>
      <Typography.Text type="secondary">{t('customers.total', { count: total })}</Typography.Text>
      <Space>
        <Button
          disabled={!state.after}
          onClick={() => {
            const back = previous.slice(0, -1);
            const target = previous.length ? previous[previous.length - 1]! : null;
            setPrevious(back);
            go({ ...state, after: target }, true);
          }}
        >
          {t('customers.prevPage')}
        </Button>
        <Typography.Text>{t('customers.page', { page: pageIndex + 1, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)) })}</Typography.Text>
        <Button
          disabled={!data?.customers.pageInfo.hasNextPage}
          onClick={() => {
            setPrevious([...previous, state.after]);
            go({ ...state, after: data?.customers.pageInfo.endCursor ?? null }, true);
          }}
        >
          {t('customers.nextPage')}
        </Button>
      </Space>
    </Space>
  );
  return (
    <div style={{ maxWidth: 1280, margin: '0 auto' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} align="center">
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('customers.title')}
        </Typography.Title>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          href="/customers/new"
          onClick={(e) => {
            e.preventDefault();
            navigate('/customers/new');
          }}
        >
          {t('newCustomer.open')}
        </Button>
      </Space>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap size={[8, 8]} style={{ width: '100%' }}>
          <Input.Search
            allowClear
            placeholder={t('customers.searchPlaceholder')}
            aria-label={t('customers.search')}
            value={searchText}
            onChange={(e) => setSearchText(e.target.value)}
            onSearch={(value) => go(withFilter(state, { search: value.trim() }))}
            style={{ width: phone ? '100%' : 320 }}
          />
          <Select
            allowClear
            aria-label={t('customers.col.stage')}
            placeholder={t('customers.col.stage')}
            value={state.stage ?? undefined}
            onChange={(v) => go(withFilter(state, { stage: (v as SalesStage) ?? null }))}
            options={[...STAGE_ORDER, 'LEAD_TERMINATED' as const].map((s) => ({ value: s, label: labelOf('SalesStage', s) }))}
            style={{ minWidth: 120 }}
          />
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            aria-label={t('customers.industry')}
            placeholder={t('customers.industry')}
            value={state.industryCode ?? undefined}
            onChange={(v) => go(withFilter(state, { industryCode: (v as string) ?? null }))}
            options={(options?.industries ?? []).map((i) => ({ value: i.code, label: `${i.code} ${i.name}` }))}
            style={{ minWidth: 180 }}
          />
          <Select
            allowClear
            aria-label={t('customers.source')}
            placeholder={t('customers.source')}
            value={state.sourceChannel ?? undefined}
            onChange={(v) => go(withFilter(state, { sourceChannel: v ?? null }))}
            options={valuesOf('SourceChannel').map((v) => ({ value: v, label: labelOf('SourceChannel', v) }))}
            style={{ minWidth: 120 }}
          />
          {seesTeam && (
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              aria-label={t('customers.col.owner')}
              placeholder={t('customers.col.owner')}
              value={state.ownerId ?? undefined}
              onChange={(v) => go(withFilter(state, { ownerId: (v as string) ?? null }))}
              options={(people?.users.edges ?? []).map(({ node }) => ({ value: node.id, label: node.name }))}
              style={{ minWidth: 120 }}
            />
          )}
          {phone && (
            <Select
              aria-label={t('salesDesk.customers.order')}
              value={state.sort ? `${state.sort}.${state.descending ? 'desc' : 'asc'}` : 'newest'}
              onChange={(v: string) => {
                const [sort, dir] = v.split('.') as [SortKey | 'newest', string | undefined];
                go(withFilter(state, { sort: sort === 'newest' ? null : sort, descending: dir === 'desc' }));
              }}
              options={PHONE_ORDERS.map((o) => ({ value: o, label: t(`salesDesk.customers.orders.${o.replace('.', '_')}`) }))}
              style={{ minWidth: 160 }}
            />
          )}
          <Checkbox checked={state.overdue} onChange={(e) => go(withFilter(state, { overdue: e.target.checked }))}>
            {t('customers.overdueOnly')}
          </Checkbox>
          {activeFilterCount(state) > 0 && (
            <Button
              type="link"
              onClick={() => {
                setSearchText('');
                go(readListState(new URLSearchParams()));
              }}
            >
              {t('customers.clearFilters')}
            </Button>
          )}
        </Space>
      </Card>
      {error && !data && <Alert type="error" showIcon message={t('errors.loadFailed')} description={error.message} />}
      {!data && loading ? (
        <PageSkeleton rows={10} />
      ) : phone ? (
        <>
          <List
            dataSource={sorted}
            locale={{ emptyText: <Empty description={activeFilterCount(state) ? t('customers.noMatch') : t('customers.empty')} /> }}
            renderItem={(r) => (
              <List.Item key={r.id} style={{ padding: 0, border: 'none', marginBottom: 8 }}>
                <Card size="small" style={{ width: '100%' }}>
                  <Space direction="vertical" size={4} style={{ width: '100%' }}>
                    <Space style={{ justifyContent: 'space-between', width: '100%' }}>
                      <Link to={`/customers/${r.id}`} style={{ fontWeight: 600 }}>
                        {r.name}
                      </Link>
                      <StageTag stage={r.stage} />
                    </Space>
                    {due(r)}
                  </Space>
                </Card>
              </List.Item>
            )}
          />
          {pager}
        </>
      ) : (
        <>
          <Table<Row>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={sorted}
            loading={loading}
            pagination={false}
            locale={{ emptyText: <Empty description={activeFilterCount(state) ? t('customers.noMatch') : t('customers.empty')} /> }}
            onChange={(_p, _f, sorter) => {
              const s = Array.isArray(sorter) ? sorter[0] : sorter;
              go(withFilter(state, { sort: s?.order ? ((s.columnKey as SortKey) ?? null) : null, descending: s?.order === 'descend' }));
            }}
          />
          {pager}
        </>
      )}
    </div>
  );
}
