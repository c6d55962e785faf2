import { useMutation, useQuery } from '@apollo/client';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Empty,
  Form,
  Input,
  Modal,
  Radio,
  Segmented,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../gql';
import type { CalendarDayKind } from '../../gql/graphql';
import { useEnumLabels } from '../../ui/labels';
import { applyFieldErrors, mapGraphQLErrors } from '../../ui/errors';
import { blankToNull } from './adminForm';
import './texts';

const TeamCalendarQuery = graphql(`
  query AdminTeamCalendar($teamId: ID!, $from: Date!, $to: Date!) {
    teamCalendar(teamId: $teamId, from: $from, to: $to) {
      teamId
      date
      kind
      name
    }
  }
`);

const SetDaysMutation = graphql(`
  mutation AdminSetCalendarDays($teamId: ID!, $days: [CalendarDayInput!]!) {
    setTeamCalendarDays(teamId: $teamId, days: $days) {
      teamId
      date
      kind
      name
    }
  }
`);

const RemoveDaysMutation = graphql(`
  mutation AdminRemoveCalendarDays($teamId: ID!, $dates: [Date!]!) {
    removeTeamCalendarDays(teamId: $teamId, dates: $dates)
  }
`);

interface MarkValues {
  date: Dayjs | null;
  kind: CalendarDayKind;
  name?: string;
}

/**
 * A team's working-day calendar for one year: Monday–Friday work by default; holidays and make-up
 * working days are marked here (a date marked again is replaced) or unmarked.
 */
export function TeamCalendar({ team, onClose }: { team: { id: string; name: string }; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { labelOf } = useEnumLabels();
  const thisYear = dayjs().year();
  const [year, setYear] = useState(thisYear);
  const [form] = Form.useForm<MarkValues>();
  const [general, setGeneral] = useState<string[]>([]);
  const { data, loading, error, refetch } = useQuery(TeamCalendarQuery, {
    variables: { teamId: team.id, from: `${year}-01-01`, to: `${year}-12-31` },
    fetchPolicy: 'network-only',
  });
  const [setDays, setting] = useMutation(SetDaysMutation);
  const [removeDays] = useMutation(RemoveDaysMutation);

  const mark = async (values: MarkValues) => {
    setGeneral([]);
    const date = values.date!.format('YYYY-MM-DD');
    try {
      await setDays({
        variables: { teamId: team.id, days: [{ date, kind: values.kind, name: blankToNull(values.name) }] },
      });
      void message.success(t('admin.teams.cal.marked', { date }));
      form.resetFields(['date', 'name']);
      if (values.date!.year() !== year) setYear(values.date!.year());
      else void refetch();
    } catch (e) {
      // The one day sent is `days.0`: its errors land on the form's own fields.
      const mapped = mapGraphQLErrors(e, t, ['date', 'kind', 'name'], 'days.0.');
      applyFieldErrors(form, mapped);
      setGeneral(mapped.general);
    }
  };

  const weekday = (date: string) => dayjs(date).format('dd');
  return (
    <Modal
      open
      title={t('admin.teams.cal.title', { name: team.name })}
      footer={null}
      onCancel={onClose}
      width={640}
    >
      <Typography.Paragraph type="secondary">{t('admin.teams.cal.intro')}</Typography.Paragraph>
      <Form<MarkValues>
        form={form}
        layout="vertical"
        name="calendar"
        initialValues={{ kind: 'HOLIDAY' }}
        onFinish={(v) => void mark(v)}
      >
        <Space wrap align="end">
          <Form.Item
            name="date"
            label={t('admin.teams.cal.date')}
            rules={[{ required: true, message: t('admin.teams.cal.required.date') }]}
          >
            <DatePicker allowClear={false} placeholder={t('admin.teams.cal.datePlaceholder')} />
          </Form.Item>
          <Form.Item
            name="kind"
            label={t('admin.teams.cal.kind')}
          >
            <Radio.Group
              optionType="button"
              options={(['HOLIDAY', 'WORKING_DAY'] as const).map((k) => ({
                value: k,
                label: labelOf('CalendarDayKind', k),
              }))}
            />
          </Form.Item>
          <Form.Item name="name" label={t('admin.teams.cal.name')}>
            <Input
              maxLength={100}
              placeholder={t('admin.teams.cal.namePlaceholder')}
              style={{ width: 200 }}
            />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={setting.loading}>
              {t('admin.teams.cal.mark')}
            </Button>
          </Form.Item>
        </Space>
      </Form>
      {general.length > 0 && (
        <Alert type="error" showIcon message={general.join(' ')} style={{ marginBottom: 12 }} />
      )}
      <Space style={{ marginBottom: 12 }}>
        <Typography.Text id="calendar-year">{t('admin.teams.cal.year')}</Typography.Text>
        <Segmented
          aria-labelledby="calendar-year"
          value={year}
          onChange={(v) => setYear(Number(v))}
          options={[thisYear - 1, thisYear, thisYear + 1].map((y) => ({ value: y, label: String(y) }))}
        />
      </Space>
      {error && <Alert type="error" showIcon message={t('admin.common.loadFailed')} />}
      <Table
        rowKey="date"
        size="small"
        loading={loading}
        pagination={false}
        dataSource={data?.teamCalendar ?? []}
        locale={{ emptyText: <Empty description={t('admin.teams.cal.empty')} /> }}
        columns={[
          {
            title: t('admin.teams.cal.date'),
            dataIndex: 'date',
            render: (d: string) => `${d} ${weekday(d)}`,
          },
          {
            title: t('admin.teams.cal.kind'),
            dataIndex: 'kind',
            render: (k: CalendarDayKind) => (
              <Tag color={k === 'HOLIDAY' ? '#ad4e00' : 'blue'}>{labelOf('CalendarDayKind', k)}</Tag>
            ),
          },
          { title: t('admin.teams.cal.name'), dataIndex: 'name' },
          {
            title: t('admin.common.actions'),
            key: 'remove',
            render: (_, day) => (
              <Button
                type="link"
                size="small"
                aria-label={t('admin.teams.cal.removeLabel', { date: day.date })}
                onClick={async () => {
                  await removeDays({ variables: { teamId: team.id, dates: [day.date] } });
                  void message.success(t('admin.teams.cal.removed'));
                  void refetch();
                }}
              >
                {t('admin.common.remove')}
              </Button>
            ),
          },
        ]}
      />
    </Modal>
  );
}
