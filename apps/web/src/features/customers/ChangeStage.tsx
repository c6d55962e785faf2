import { useMutation } from '@apollo/client';
import { Alert, App, Button, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../gql';
import type { SalesStage } from '../../gql/graphql';
import { applyFieldErrors, mapGraphQLErrors } from '../../ui/errors';
import { FormSelect } from '../../ui/FormSelect';
import { useEnumLabels } from '../../ui/labels';
import { STAGE_ORDER } from '../../ui/StageTag';

const ChangeStageMutation = graphql(`
  mutation ChangeStage($customerId: ID!, $to: SalesStage!, $reason: String, $expectedVersion: Int!) {
    changeStage(customerId: $customerId, to: $to, reason: $reason, expectedVersion: $expectedVersion) {
      id
      stage
      version
      terminationReason
      stageHistory {
        from
        to
        at
        reason
      }
    }
  }
`);

interface Values {
  to: SalesStage;
  reason?: string;
}

/**
 * Moves the stage (any move between different stages; a reason is required to terminate, which the
 * server decides and this form shows). A stale version is a CONFLICT: the dialog offers to reload the
 * record and keeps what was typed.
 */
export function ChangeStage({ customerId, stage, version, onChanged }: { customerId: string; stage: SalesStage; version: number; onChanged: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { labelOf } = useEnumLabels();
  const [open, setOpen] = useState(false);
  const [conflict, setConflict] = useState(false);
  const [general, setGeneral] = useState<string[]>([]);
  const [form] = Form.useForm<Values>();
  const to = Form.useWatch('to', form);
  const [changeStage, { loading }] = useMutation(ChangeStageMutation);
  const submit = async () => {
    const values = await form.validateFields();
    setGeneral([]);
    try {
      await changeStage({ variables: { customerId, to: values.to, reason: values.reason?.trim() || null, expectedVersion: version } });
      void message.success(t('stage.changed', { stage: labelOf('SalesStage', values.to) }));
      setOpen(false);
      form.resetFields();
      onChanged();
    } catch (error) {
      const mapped = mapGraphQLErrors(error, t, ['to', 'reason'], '');
      applyFieldErrors(form, mapped);
      setConflict(mapped.conflict);
      setGeneral(mapped.conflict ? [] : mapped.general);
    }
  };
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)}>
        {t('stage.change')}
      </Button>
      <Modal
        open={open}
        title={t('stage.change')}
        okText={t('common.save')}
        cancelText={t('common.close')}
        confirmLoading={loading}
        // A stray click beside the dialog must not throw away what was typed.
        maskClosable={false}
        onOk={() => void submit()}
        onCancel={() => {
          setOpen(false);
          setConflict(false);
          setGeneral([]);
        }}
      >
        {conflict && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            message={t('errors.conflict')}
            action={
              <Button
                size="small"
                onClick={() => {
                  setConflict(false);
                  onChanged();
                }}
              >
                {t('errors.reload')}
              </Button>
            }
          />
        )}
        {general.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 12 }} message={general.join(' ')} />}
        <Form form={form} layout="vertical" initialValues={{ to: undefined }}>
          <Form.Item name="to" label={t('stage.to')} rules={[{ required: true, message: t('stage.toRequired') }]}>
            <FormSelect
              options={[...STAGE_ORDER, 'LEAD_TERMINATED' as const].map((s) => ({ value: s, label: labelOf('SalesStage', s), disabled: s === stage }))}
            />
          </Form.Item>
          <Form.Item
            name="reason"
            label={t('stage.reason')}
            extra={to === 'LEAD_TERMINATED' ? t('stage.reasonRequiredHint') : undefined}
            required={to === 'LEAD_TERMINATED'}
          >
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
