import { useMutation } from '@apollo/client';
import { Alert, Form, Input, Modal, Switch } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../gql';
import { FormSelect } from '../../ui/FormSelect';
import { showServerErrors } from './adminForm';
import './texts';

const UpsertWebhookMutation = graphql(`
  mutation AdminUpsertWebhook($input: WebhookInput!) {
    upsertWebhook(input: $input) {
      id
      teamId
      url
      active
      updatedAt
    }
  }
`);

export interface WebhookValues {
  teamId: string;
  url: string;
  secret: string;
  active: boolean;
}

const FIELDS = ['teamId', 'url', 'secret', 'active'] as const;

/** A team's outbound webhook: receiver URL, signing secret (never shown back), on or off. */
export function WebhookForm({
  webhook,
  teams,
  onClose,
  onSaved,
}: {
  /** null: a new webhook */
  webhook: { teamId: string; url: string; active: boolean } | null;
  teams: ReadonlyArray<{ id: string; name: string }>;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<WebhookValues>();
  const [general, setGeneral] = useState<string[]>([]);
  const [upsert, sent] = useMutation(UpsertWebhookMutation);
  const teamName = teams.find((x) => x.id === webhook?.teamId)?.name ?? webhook?.teamId ?? '';

  const submit = async (values: WebhookValues) => {
    setGeneral([]);
    try {
      await upsert({
        variables: {
          input: {
            teamId: values.teamId,
            url: values.url.trim(),
            secret: values.secret,
            active: values.active,
          },
        },
      });
      onSaved();
    } catch (error) {
      setGeneral(showServerErrors(error, form, t, 'admin.channels', FIELDS));
    }
  };

  return (
    <Modal
      open
      title={
        webhook ? t('admin.channels.form.editTitle', { team: teamName }) : t('admin.channels.form.addTitle')
      }
      okText={t('admin.common.save')}
      cancelText={t('admin.common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={sent.loading}
    >
      {general.length > 0 && (
        <Alert type="error" showIcon message={general.join(' ')} style={{ marginBottom: 12 }} />
      )}
      <Form<WebhookValues>
        form={form}
        layout="vertical"
        name="webhook"
        initialValues={webhook ? { ...webhook, secret: '' } : { active: true }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item
          name="teamId"
          label={t('admin.channels.form.team')}
          rules={[{ required: true, message: t('admin.channels.form.required.team') }]}
        >
          <FormSelect disabled={!!webhook} options={teams.map((x) => ({ value: x.id, label: x.name }))} />
        </Form.Item>
        <Form.Item
          name="url"
          label={t('admin.channels.form.url')}
          rules={[{ required: true, whitespace: true, message: t('admin.channels.form.required.url') }]}
        >
          <Input type="url" placeholder={t('admin.channels.form.urlPlaceholder')} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="secret"
          label={t('admin.channels.form.secret')}
          extra={t('admin.channels.form.secretHelp')}
          rules={[{ required: true, message: t('admin.channels.form.required.secret') }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="active" label={t('admin.channels.form.active')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
