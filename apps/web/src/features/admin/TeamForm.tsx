import { useMutation } from '@apollo/client';
import { Alert, Form, Input, Modal } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../gql';
import { FormSelect } from '../../ui/FormSelect';
import { showServerErrors } from './adminForm';
import { PersonPicker, type PickedPerson } from './PersonPicker';
import './texts';

const UpsertTeamMutation = graphql(`
  mutation AdminUpsertTeam($input: TeamInput!) {
    upsertTeam(input: $input) {
      id
      name
      managerId
      assistantId
      timezone
      workdayEnd
    }
  }
`);

export interface TeamValues {
  id: string;
  name: string;
  managerId: string | null;
  assistantId: string | null;
  timezone: string;
  workdayEnd: string;
}

const FIELDS = ['id', 'name', 'managerId', 'assistantId', 'timezone', 'workdayEnd'] as const;
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  const zones = intl.supportedValuesOf?.('timeZone') ?? [];
  return zones.includes('Asia/Shanghai') ? zones : ['Asia/Shanghai', ...zones];
}

/** Create or change a team: name, manager and assistant from the directory, time zone, end of the working day. */
export function TeamForm({
  team,
  manager,
  assistant,
  onClose,
  onSaved,
}: {
  /** null: a new team */
  team: TeamValues | null;
  manager?: PickedPerson | null;
  assistant?: PickedPerson | null;
  onClose: () => void;
  onSaved: (name: string) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<TeamValues>();
  const [general, setGeneral] = useState<string[]>([]);
  const [upsert, sent] = useMutation(UpsertTeamMutation);
  const zones = useMemo(() => timeZones().map((z) => ({ value: z, label: z })), []);
  const editing = team !== null;

  const submit = async (values: TeamValues) => {
    setGeneral([]);
    try {
      await upsert({
        variables: {
          input: {
            id: values.id.trim(),
            name: values.name.trim(),
            managerId: values.managerId ?? null,
            assistantId: values.assistantId ?? null,
            timezone: values.timezone,
            workdayEnd: values.workdayEnd.trim(),
          },
        },
      });
      onSaved(values.name.trim());
    } catch (error) {
      setGeneral(showServerErrors(error, form, t, 'admin.teams', FIELDS));
    }
  };

  return (
    <Modal
      open
      title={editing ? t('admin.teams.form.editTitle', { name: team.name }) : t('admin.teams.form.addTitle')}
      okText={t('admin.common.save')}
      cancelText={t('admin.common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={sent.loading}
    >
      {general.length > 0 && (
        <Alert type="error" showIcon message={general.join(' ')} style={{ marginBottom: 12 }} />
      )}
      <Form<TeamValues>
        form={form}
        layout="vertical"
        name="team"
        initialValues={
          team ?? { timezone: 'Asia/Shanghai', workdayEnd: '18:00', managerId: null, assistantId: null }
        }
        onFinish={(v) => void submit(v)}
      >
        <Form.Item
          name="id"
          label={t('admin.teams.form.id')}
          extra={t('admin.teams.form.idHelp')}
          rules={[{ required: true, whitespace: true, message: t('admin.teams.form.required.id') }]}
        >
          <Input disabled={editing} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('admin.teams.form.name')}
          rules={[{ required: true, whitespace: true, message: t('admin.teams.form.required.name') }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="managerId" label={t('admin.teams.form.manager')}>
          <PersonPicker current={manager} placeholder={t('admin.teams.form.pick')} />
        </Form.Item>
        <Form.Item name="assistantId" label={t('admin.teams.form.assistant')}>
          <PersonPicker current={assistant} placeholder={t('admin.teams.form.pick')} />
        </Form.Item>
        <Form.Item
          name="timezone"
          label={t('admin.teams.form.timezone')}
          rules={[{ required: true, message: t('admin.teams.form.required.timezone') }]}
        >
          <FormSelect showSearch options={zones} />
        </Form.Item>
        <Form.Item
          name="workdayEnd"
          label={t('admin.teams.form.workdayEnd')}
          extra={t('admin.teams.form.workdayEndHelp')}
          rules={[{ required: true, pattern: HH_MM, message: t('admin.teams.form.workdayEndFormat') }]}
        >
          <Input placeholder="18:00" inputMode="numeric" maxLength={5} style={{ width: 120 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
