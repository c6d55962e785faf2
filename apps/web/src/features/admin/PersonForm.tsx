import { useMutation } from '@apollo/client';
import { Alert, Form, Input, Modal, Radio, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../gql';
import type { Role } from '../../gql/graphql';
import { FormSelect } from '../../ui/FormSelect';
import { useEnumLabels } from '../../ui/labels';
import { blankToNull, showServerErrors } from './adminForm';
import './texts';

const AddUserMutation = graphql(`
  mutation AdminAddUser($input: AddUserInput!) {
    addUser(input: $input) {
      id
      name
      role
      teamId
      email
      phone
      locale
      active
      version
    }
  }
`);

const UpdateUserMutation = graphql(`
  mutation AdminUpdateUser($id: ID!, $input: UpdateUserInput!) {
    updateUser(id: $id, input: $input) {
      id
      name
      role
      teamId
      email
      phone
      locale
      active
      version
    }
  }
`);

export const ROLES: Role[] = [
  'SALES_REP',
  'SALES_MANAGER',
  'TEAM_ASSISTANT',
  'MARKETING',
  'AFTER_SALES',
  'ADMIN',
];
const FIELDS = ['id', 'name', 'role', 'teamId', 'email', 'phone', 'locale'] as const;

export interface PersonValues {
  id: string;
  name: string;
  role: Role;
  teamId: string | null;
  email: string | null;
  phone: string | null;
  locale: string;
}

/** Add a person to the directory, or change one (the account id is fixed once saved). */
export function PersonForm({
  person,
  teams,
  onClose,
  onSaved,
}: {
  /** null: a new person */
  person: PersonValues | null;
  teams: ReadonlyArray<{ id: string; name: string }>;
  onClose: () => void;
  onSaved: (name: string) => void;
}) {
  const { t } = useTranslation();
  const { labelOf } = useEnumLabels();
  const [form] = Form.useForm<PersonValues>();
  const [general, setGeneral] = useState<string[]>([]);
  const [addUser, added] = useMutation(AddUserMutation);
  const [updateUser, updated] = useMutation(UpdateUserMutation);
  const editing = person !== null;

  const submit = async (values: PersonValues) => {
    setGeneral([]);
    const common = {
      name: values.name.trim(),
      role: values.role,
      teamId: values.teamId ?? null,
      email: blankToNull(values.email),
      phone: blankToNull(values.phone),
      locale: values.locale,
    };
    try {
      if (editing) await updateUser({ variables: { id: person.id, input: common } });
      else await addUser({ variables: { input: { id: values.id.trim(), ...common } } });
      onSaved(common.name);
    } catch (error) {
      setGeneral(showServerErrors(error, form, t, 'admin.people', FIELDS));
    }
  };

  return (
    <Modal
      open
      title={
        editing ? t('admin.people.form.editTitle', { name: person.name }) : t('admin.people.form.addTitle')
      }
      okText={t('admin.common.save')}
      cancelText={t('admin.common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={added.loading || updated.loading}
    >
      {general.length > 0 && (
        <Alert type="error" showIcon message={general.join(' ')} style={{ marginBottom: 12 }} />
      )}
      <Form<PersonValues>
        form={form}
        layout="vertical"
        name="person"
        initialValues={person ?? { locale: 'zh-CN', teamId: null }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item
          name="id"
          label={t('admin.people.form.id')}
          extra={t('admin.people.form.idHelp')}
          rules={[{ required: true, whitespace: true, message: t('admin.people.form.required.id') }]}
        >
          <Input disabled={editing} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('admin.people.form.name')}
          rules={[{ required: true, whitespace: true, message: t('admin.people.form.required.name') }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="role"
          label={t('admin.people.form.role')}
          rules={[{ required: true, message: t('admin.people.form.required.role') }]}
        >
          <FormSelect options={ROLES.map((r) => ({ value: r, label: labelOf('Role', r) }))} />
        </Form.Item>
        <Form.Item name="teamId" label={t('admin.people.form.team')} extra={t('admin.people.form.teamHelp')}>
          <Select allowClear options={teams.map((team) => ({ value: team.id, label: team.name }))} />
        </Form.Item>
        <Form.Item name="email" label={t('admin.people.form.email')}>
          <Input type="email" autoComplete="off" />
        </Form.Item>
        <Form.Item name="phone" label={t('admin.people.form.phone')}>
          <Input type="tel" autoComplete="off" />
        </Form.Item>
        <Form.Item name="locale" label={t('admin.people.form.locale')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'zh-CN', label: t('admin.people.form.localeZh') },
              { value: 'en', label: t('admin.people.form.localeEn') },
            ]}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
