import { useQuery } from '@apollo/client';
import {
  Alert,
  Card,
  DatePicker,
  Empty,
  Form,
  Grid,
  Select,
  Table,
  Tabs,
  Typography,
  type TableColumnsType,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { graphql } from '../../gql';
import type { AccessAction } from '../../gql/graphql';
import { formatDateTime } from '../../ui/format';
import { useEnumLabels } from '../../ui/labels';
import { PersonPicker } from './PersonPicker';
import { Pager } from './Pager';
import './texts';

const AccessLogQuery = graphql(`
  query AdminAccessLog($filter: AccessLogFilter, $first: Int, $offset: Int, $locale: String) {
    accessLog(filter: $filter, first: $first, offset: $offset) {
      id
      at
      userId
      user {
        id
        name
      }
      role
      action
      actionLabel(locale: $locale)
      customerId
      customerName
    }
  }
`);

const ExportLogQuery = graphql(`
  query AdminExportLog($userId: ID, $from: DateTime, $to: DateTime, $first: Int, $offset: Int) {
    exportLog(userId: $userId, from: $from, to: $to, first: $first, offset: $offset) {
      id
      at
      userId
      user {
        id
        name
      }
      role
      report
      params
      rowCount
    }
  }
`);

export const LOG_PAGE = 20;

interface Filters {
  userId: string | null;
  range: [Dayjs, Dayjs] | null;
}

/** The period as the API takes it: [first day 00:00, the day after the last 00:00), in the browser's zone. */
function period(range: [Dayjs, Dayjs] | null): { from: string | null; to: string | null } {
  if (!range) return { from: null, to: null };
  return {
    from: range[0].startOf('day').toISOString(),
    to: range[1].add(1, 'day').startOf('day').toISOString(),
  };
}

interface LogRow {
  id: string;
  at: string;
  userId: string;
  user?: { name: string } | null;
  role: string;
}

/**
 * One page of a log: when, who and in which role, then the log's own columns; the next page is asked
 * for by fetching one entry more than a page holds.
 */
function LogTable<T extends LogRow>({
  rows,
  loading,
  failed,
  page,
  onPage,
  columns,
}: {
  rows: readonly T[];
  loading: boolean;
  failed: boolean;
  page: number;
  onPage: (page: number) => void;
  columns: TableColumnsType<T>;
}) {
  const { t } = useTranslation();
  const { labelOf } = useEnumLabels();
  const phone = !Grid.useBreakpoint().md;
  return (
    <>
      {failed && <Alert type="error" showIcon message={t('admin.common.loadFailed')} />}
      <Table<T>
        rowKey="id"
        size="small"
        loading={loading}
        pagination={false}
        dataSource={rows.slice(0, LOG_PAGE)}
        scroll={phone ? undefined : { x: 720 }}
        locale={{ emptyText: <Empty description={t('admin.logs.empty')} /> }}
        columns={[
          { title: t('admin.logs.col.at'), dataIndex: 'at', render: (at: string) => formatDateTime(at) },
          { title: t('admin.logs.col.person'), key: 'person', render: (_, e) => e.user?.name ?? e.userId },
          {
            title: t('admin.logs.col.role'),
            dataIndex: 'role',
            responsive: ['md'],
            render: (r: string) => labelOf('Role', r),
          },
          ...columns,
        ]}
      />
      <Pager page={page} hasNext={rows.length > LOG_PAGE} onPage={onPage} />
    </>
  );
}

function AccessLogTable({ filters }: { filters: Filters }) {
  const { t, i18n } = useTranslation();
  const { labelOf } = useEnumLabels();
  const [page, setPage] = useState(0);
  const [action, setAction] = useState<AccessAction | null>(null);
  const { from, to } = period(filters.range);
  const { data, loading, error } = useQuery(AccessLogQuery, {
    variables: {
      filter: { userId: filters.userId, action, from, to },
      first: LOG_PAGE + 1,
      offset: page * LOG_PAGE,
      locale: i18n.language,
    },
    fetchPolicy: 'cache-and-network',
  });
  return (
    <>
      <Select
        allowClear
        aria-label={t('admin.logs.action')}
        placeholder={t('admin.logs.action')}
        value={action}
        onChange={(v) => {
          setAction(v ?? null);
          setPage(0);
        }}
        options={(['CUSTOMER_READ', 'SNAPSHOT_READ', 'CUSTOMER_TRANSFERRED'] as const).map((a) => ({
          value: a,
          label: labelOf('AccessAction', a),
        }))}
        style={{ width: 180, marginBottom: 12 }}
      />
      <LogTable
        rows={data?.accessLog ?? []}
        loading={loading && !data}
        failed={!!error}
        page={page}
        onPage={setPage}
        columns={[
          { title: t('admin.logs.col.action'), dataIndex: 'actionLabel' },
          {
            title: t('admin.logs.col.customer'),
            key: 'customer',
            responsive: ['md'],
            // A record that no longer exists keeps its id, shown short; there is nothing to open.
            render: (_, e) =>
              e.customerName ? (
                <Link to={`/customers/${e.customerId}`}>{e.customerName}</Link>
              ) : (
                <Typography.Text type="secondary">{t('admin.logs.goneCustomer', { id: e.customerId.slice(0, 8) })}</Typography.Text>
              ),
          },
        ]}
      />
    </>
  );
}

function ExportLogTable({ filters }: { filters: Filters }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(0);
  const { from, to } = period(filters.range);
  const { data, loading, error } = useQuery(ExportLogQuery, {
    variables: { userId: filters.userId, from, to, first: LOG_PAGE + 1, offset: page * LOG_PAGE },
    fetchPolicy: 'cache-and-network',
  });
  return (
    <LogTable
      rows={data?.exportLog ?? []}
      loading={loading && !data}
      failed={!!error}
      page={page}
      onPage={setPage}
      columns={[
        {
          title: t('admin.logs.col.report'),
          dataIndex: 'report',
          render: (r: string) => t(`admin.logs.reports.${r}`, { defaultValue: r }),
        },
        { title: t('admin.logs.col.rows'), dataIndex: 'rowCount', responsive: ['md'] },
        {
          title: t('admin.logs.col.params'),
          dataIndex: 'params',
          responsive: ['md'],
          render: (p: string) => <Typography.Text type="secondary">{p}</Typography.Text>,
        },
      ]}
    />
  );
}

/** Who read or handed over which customer, and who exported which report: paged, by person and period. */
export default function LogsPage() {
  const { t } = useTranslation();
  const phone = !Grid.useBreakpoint().md;
  const [filters, setFilters] = useState<Filters>({ userId: null, range: null });
  // A new filter starts each list at its first page (the tables are keyed by it).
  const key = `${filters.userId ?? ''}|${filters.range?.map((d) => d.valueOf()).join('-') ?? ''}`;
  return (
    <Card
      title={
        <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>
          {t('admin.logs.heading')}
        </Typography.Title>
      }
    >
      <Form layout={phone ? 'vertical' : 'inline'} name="logFilters" style={{ rowGap: 8, marginBottom: 12 }}>
        <Form.Item label={t('admin.logs.person')} htmlFor="log-person">
          <PersonPicker
            id="log-person"
            includeInactive
            placeholder={t('admin.logs.personPlaceholder')}
            value={filters.userId}
            onChange={(v) => setFilters((f) => ({ ...f, userId: (v as string | undefined) ?? null }))}
            style={{ width: phone ? '100%' : 200 }}
          />
        </Form.Item>
        <Form.Item label={t('admin.logs.period')} htmlFor="log-period">
          <DatePicker.RangePicker
            id={{ start: 'log-period' }}
            placeholder={[t('admin.logs.from'), t('admin.logs.to')]}
            style={phone ? { width: '100%' } : undefined}
            value={filters.range}
            onChange={(v) => setFilters((f) => ({ ...f, range: v && v[0] && v[1] ? [v[0], v[1]] : null }))}
          />
        </Form.Item>
      </Form>
      <Tabs
        items={[
          {
            key: 'access',
            label: t('admin.logs.access'),
            children: <AccessLogTable key={key} filters={filters} />,
          },
          {
            key: 'export',
            label: t('admin.logs.export'),
            children: <ExportLogTable key={key} filters={filters} />,
          },
        ]}
      />
    </Card>
  );
}
