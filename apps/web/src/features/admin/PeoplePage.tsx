import { useMutation, useQuery } from '@apollo/client';
import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Grid, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../gql';
import type { Role } from '../../gql/graphql';
import { useEnumLabels } from '../../ui/labels';
import { PageSkeleton } from '../../ui/PageSkeleton';
import { useViewer } from '../../ui/useTimezone';
import { DeactivateDialog } from './DeactivateDialog';
import { PersonForm, ROLES, type PersonValues } from './PersonForm';
import './texts';

export const AdminPeopleQuery = graphql(`
  query AdminPeople($filter: UserFilter, $first: Int, $after: String) {
    users(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          name
          role
          teamId
          email
          phone
          locale
          active
          deactivatedAt
        }
      }
    }
    teams {
      id
      name
    }
  }
`);

const ReactivateMutation = graphql(`
  mutation AdminReactivateUser($id: ID!) {
    reactivateUser(id: $id) {
      id
      active
      deactivatedAt
      version
    }
  }
`);

type Status = 'active' | 'inactive' | 'all';
const PAGE = 50;

/** The directory: search, filters by role, team and status; add, change, deactivate with hand-over, reactivate. */
export default function PeoplePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { labelOf } = useEnumLabels();
  const { me } = useViewer();
  const phone = !Grid.useBreakpoint().md;
  const [search, setSearch] = useState('');
  const [role, setRole] = useState<Role | null>(null);
  const [teamId, setTeamId] = useState<string | null>(null);
  const [status, setStatus] = useState<Status>('active');
  const [editing, setEditing] = useState<PersonValues | 'new' | null>(null);
  const [deactivating, setDeactivating] = useState<{ id: string; name: string } | null>(null);
  const filter = {
    search: search.trim() || null,
    role,
    teamId,
    active: status === 'all' ? null : status === 'active',
  };
  const { data, loading, error, refetch, fetchMore } = useQuery(AdminPeopleQuery, {
    variables: { filter, first: PAGE },
    notifyOnNetworkStatusChange: true,
  });
  const [reactivate] = useMutation(ReactivateMutation);
  const teams = data?.teams ?? [];
  const teamName = (id: string | null | undefined) => teams.find((x) => x.id === id)?.name ?? id ?? '';
  const people = data?.users.edges.map((e) => e.node) ?? [];

  const columns: ColumnsType<(typeof people)[number]> = [
    {
      title: t('admin.people.col.name'),
      dataIndex: 'name',
      render: (name: string, p) => (
        <Space direction="vertical" size={0}>
          <Space size={4} wrap>
            <Typography.Text strong>{name}</Typography.Text>
            {!p.active && <Tag>{t('admin.common.inactive')}</Tag>}
          </Space>
          {/* On a phone the team stands under the name (its column is left out). */}
          {phone && p.teamId && <Typography.Text type="secondary">{teamName(p.teamId)}</Typography.Text>}
        </Space>
      ),
    },
    {
      title: t('admin.people.col.id'),
      dataIndex: 'id',
      responsive: ['md'],
      render: (id: string) => <Typography.Text type="secondary">{id}</Typography.Text>,
    },
    { title: t('admin.people.col.role'), dataIndex: 'role', render: (r: Role) => labelOf('Role', r) },
    {
      title: t('admin.people.col.team'),
      dataIndex: 'teamId',
      responsive: ['md'],
      render: (id: string | null) => teamName(id),
    },
    {
      title: t('admin.people.col.contact'),
      key: 'contact',
      responsive: ['md'],
      render: (_, p) => [p.email, p.phone].filter(Boolean).join(' · '),
    },
    {
      title: t('admin.common.actions'),
      key: 'actions',
      render: (_, p) => (
        <Space size={0} wrap>
          <Button
            type="link"
            size="small"
            aria-label={`${t('admin.common.edit')} ${p.name}`}
            onClick={() =>
              setEditing({
                id: p.id,
                name: p.name,
                role: p.role,
                teamId: p.teamId ?? null,
                email: p.email ?? null,
                phone: p.phone ?? null,
                locale: p.locale,
              })
            }
          >
            {t('admin.common.edit')}
          </Button>
          {p.id === me?.id ? null : p.active ? (
            <Button
              type="link"
              size="small"
              danger
              aria-label={`${t('admin.people.deactivate')} ${p.name}`}
              onClick={() => setDeactivating({ id: p.id, name: p.name })}
            >
              {t('admin.people.deactivate')}
            </Button>
          ) : (
            <Button
              type="link"
              size="small"
              aria-label={`${t('admin.people.reactivate')} ${p.name}`}
              onClick={async () => {
                try {
                  await reactivate({ variables: { id: p.id } });
                  void message.success(t('admin.people.reactivated', { name: p.name }));
                  void refetch();
                } catch {
                  void message.error(t('admin.common.loadFailed'));
                }
              }}
            >
              {t('admin.people.reactivate')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Card
      title={
        <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>
          {t('admin.people.heading')}
        </Typography.Title>
      }
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          {t('admin.people.add')}
        </Button>
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('admin.people.search')}
          aria-label={t('admin.people.search')}
          onSearch={setSearch}
          style={{ width: 240 }}
        />
        <Select
          allowClear
          aria-label={t('admin.people.roleFilter')}
          placeholder={t('admin.people.roleFilter')}
          value={role}
          onChange={(v) => setRole(v ?? null)}
          options={ROLES.map((r) => ({ value: r, label: labelOf('Role', r) }))}
          style={{ width: 150 }}
        />
        <Select
          allowClear
          aria-label={t('admin.people.teamFilter')}
          placeholder={t('admin.people.teamFilter')}
          value={teamId}
          onChange={(v) => setTeamId(v ?? null)}
          options={teams.map((x) => ({ value: x.id, label: x.name }))}
          style={{ width: 160 }}
        />
        <Select<Status>
          aria-label={t('admin.people.statusFilter')}
          value={status}
          onChange={setStatus}
          options={[
            { value: 'active', label: t('admin.common.active') },
            { value: 'inactive', label: t('admin.common.inactive') },
            { value: 'all', label: t('admin.common.all') },
          ]}
          style={{ width: 110 }}
        />
      </Space>
      {error && (
        <Alert
          type="error"
          showIcon
          message={t('admin.common.loadFailed')}
          action={<Button onClick={() => void refetch()}>{t('admin.common.retry')}</Button>}
        />
      )}
      {!data && loading ? (
        <PageSkeleton rows={4} />
      ) : (
        <>
          <Typography.Paragraph type="secondary">
            {t('admin.people.total', { count: data?.users.totalCount ?? 0 })}
          </Typography.Paragraph>
          <Table
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={people}
            pagination={false}
            loading={loading}
            scroll={phone ? undefined : { x: 760 }}
            locale={{
              emptyText: (
                <Empty description={t('admin.people.empty')}>
                  <Button type="primary" onClick={() => setEditing('new')}>
                    {t('admin.people.emptyAdd')}
                  </Button>
                </Empty>
              ),
            }}
          />
          {data?.users.pageInfo.hasNextPage && (
            <Button
              block
              style={{ marginTop: 12 }}
              onClick={() =>
                void fetchMore({
                  variables: { after: data.users.pageInfo.endCursor },
                  updateQuery: (prev, { fetchMoreResult }) => ({
                    ...fetchMoreResult,
                    users: {
                      ...fetchMoreResult.users,
                      edges: [...prev.users.edges, ...fetchMoreResult.users.edges],
                    },
                  }),
                })
              }
            >
              {t('admin.common.next')}
            </Button>
          )}
        </>
      )}
      {editing && (
        <PersonForm
          person={editing === 'new' ? null : editing}
          teams={teams}
          onClose={() => setEditing(null)}
          onSaved={(name) => {
            setEditing(null);
            void message.success(`${t('admin.common.saved')}: ${name}`);
            void refetch();
          }}
        />
      )}
      {deactivating && (
        <DeactivateDialog
          person={deactivating}
          onClose={() => setDeactivating(null)}
          onDone={(text) => {
            setDeactivating(null);
            void message.success(text);
            void refetch();
          }}
        />
      )}
    </Card>
  );
}
