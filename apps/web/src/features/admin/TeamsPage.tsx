import { useQuery } from '@apollo/client';
import { CalendarOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Grid, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../gql';
import { formatDateTime } from '../../ui/format';
import { PageSkeleton } from '../../ui/PageSkeleton';
import { TeamCalendar } from './TeamCalendar';
import { TeamForm, type TeamValues } from './TeamForm';
import './texts';

const AdminTeamsQuery = graphql(`
  query AdminTeams {
    teams {
      id
      name
      managerId
      assistantId
      manager {
        id
        name
      }
      assistant {
        id
        name
      }
      timezone
      workdayEnd
      weeklyDeadline
    }
  }
`);

type EditedTeam = TeamValues & {
  manager?: { id: string; name: string } | null;
  assistant?: { id: string; name: string } | null;
};

/** The teams: list, create, change (manager and assistant from the directory), and each team's working-day calendar. */
export default function TeamsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data, loading, error, refetch } = useQuery(AdminTeamsQuery, { fetchPolicy: 'cache-and-network' });
  const phone = !Grid.useBreakpoint().md;
  const [editing, setEditing] = useState<EditedTeam | 'new' | null>(null);
  const [calendar, setCalendar] = useState<{ id: string; name: string } | null>(null);
  const teams = data?.teams ?? [];

  return (
    <Card
      title={
        <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>
          {t('admin.teams.heading')}
        </Typography.Title>
      }
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          {t('admin.teams.add')}
        </Button>
      }
    >
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
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={teams}
          scroll={phone ? undefined : { x: 820 }}
          locale={{
            emptyText: (
              <Empty description={t('admin.teams.empty')}>
                <Button type="primary" onClick={() => setEditing('new')}>
                  {t('admin.teams.emptyAdd')}
                </Button>
              </Empty>
            ),
          }}
          columns={[
            {
              title: t('admin.teams.col.name'),
              dataIndex: 'name',
              render: (name: string, team) => (
                <Space direction="vertical" size={0}>
                  <Typography.Text strong>{name}</Typography.Text>
                  <Typography.Text type="secondary">{team.id}</Typography.Text>
                </Space>
              ),
            },
            {
              title: t('admin.teams.col.manager'),
              key: 'manager',
              render: (_, team) => team.manager?.name ?? team.managerId ?? t('admin.common.none'),
            },
            {
              title: t('admin.teams.col.assistant'),
              key: 'assistant',
              responsive: ['md'],
              render: (_, team) => team.assistant?.name ?? team.assistantId ?? t('admin.common.none'),
            },
            { title: t('admin.teams.col.timezone'), dataIndex: 'timezone', responsive: ['md'] },
            { title: t('admin.teams.col.workdayEnd'), dataIndex: 'workdayEnd', responsive: ['md'] },
            {
              title: t('admin.teams.col.deadline'),
              key: 'deadline',
              responsive: ['md'],
              render: (_, team) =>
                team.weeklyDeadline ? formatDateTime(team.weeklyDeadline, team.timezone) : '—',
            },
            {
              title: t('admin.common.actions'),
              key: 'actions',
              render: (_, team) => (
                <Space size={0} wrap>
                  <Button
                    type="link"
                    size="small"
                    aria-label={`${t('admin.common.edit')} ${team.name}`}
                    onClick={() =>
                      setEditing({
                        id: team.id,
                        name: team.name,
                        managerId: team.managerId ?? null,
                        assistantId: team.assistantId ?? null,
                        timezone: team.timezone,
                        workdayEnd: team.workdayEnd,
                        manager: team.manager,
                        assistant: team.assistant,
                      })
                    }
                  >
                    {t('admin.common.edit')}
                  </Button>
                  <Button
                    type="link"
                    size="small"
                    icon={<CalendarOutlined />}
                    aria-label={`${t('admin.teams.calendar')} ${team.name}`}
                    onClick={() => setCalendar({ id: team.id, name: team.name })}
                  >
                    {t('admin.teams.calendar')}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      )}
      {editing && (
        <TeamForm
          team={editing === 'new' ? null : editing}
          manager={editing === 'new' ? null : editing.manager}
          assistant={editing === 'new' ? null : editing.assistant}
          onClose={() => setEditing(null)}
          onSaved={(name) => {
            setEditing(null);
            void message.success(`${t('admin.common.saved')}: ${name}`);
            void refetch();
          }}
        />
      )}
      {calendar && <TeamCalendar team={calendar} onClose={() => setCalendar(null)} />}
    </Card>
  );
}
