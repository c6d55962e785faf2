import { useMutation } from '@apollo/client';
import { App, Button, DatePicker, Form, Input, Modal, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../gql';
import { applyFieldErrors, mapGraphQLErrors } from '../../ui/errors';
import { zonedIso } from '../../ui/format';

const CompleteMutation = graphql(`
  mutation CompleteNextAction($id: ID!, $note: String) {
    completeNextAction(id: $id, note: $note) {
      id
      status
      completedAt
    }
  }
`);
const RescheduleMutation = graphql(`
  mutation RescheduleNextAction($id: ID!, $dueAt: DateTime!, $reason: String!) {
    rescheduleNextAction(id: $id, dueAt: $dueAt, reason: $reason) {
      id
      dueAt
      overdue
      status
    }
  }
`);
const CancelMutation = graphql(`
  mutation CancelNextAction($id: ID!, $reason: String!) {
    cancelNextAction(id: $id, reason: $reason) {
      id
      status
    }
  }
`);

interface Props {
  action: { id: string; content: string; dueAt: string };
  timezone: string;
  onChanged: () => void;
  size?: 'small' | 'middle';
}

/** Complete, reschedule (new deadline and why) or cancel (why) a next action where it is shown. */
export function NextActionButtons({ action, timezone, onChanged, size = 'small' }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [dialog, setDialog] = useState<'reschedule' | 'cancel' | null>(null);
  const [form] = Form.useForm<{ dueAt?: Dayjs; reason: string }>();
  const [complete, completing] = useMutation(CompleteMutation);
  const [reschedule, rescheduling] = useMutation(RescheduleMutation);
  const [cancel, cancelling] = useMutation(CancelMutation);
  const fail = (error: unknown, fields: string[]) => {
    const mapped = mapGraphQLErrors(error, t, fields, '');
    applyFieldErrors(form, mapped);
    if (mapped.general.length) void message.error(mapped.general.join(' '));
  };
  const submit = async () => {
    const values = await form.validateFields();
    try {
      if (dialog === 'reschedule' && values.dueAt) {
        const dueAt = zonedIso(values.dueAt.format('YYYY-MM-DD'), values.dueAt.format('HH:mm'), timezone);
        await reschedule({ variables: { id: action.id, dueAt, reason: values.reason } });
        void message.success(t('nextAction.rescheduled'));
      } else if (dialog === 'cancel') {
        await cancel({ variables: { id: action.id, reason: values.reason } });
        void message.success(t('nextAction.cancelled'));
      }
      setDialog(null);
      form.resetFields();
      onChanged();
    } catch (error) {
      fail(error, ['dueAt', 'reason']);
    }
  };
  return (
    <>
      <Space size={4} wrap>
        <Button
          size={size}
          type="primary"
          ghost
          loading={completing.loading}
          onClick={async () => {
            try {
              await complete({ variables: { id: action.id } });
              void message.success(t('nextAction.completed'));
              onChanged();
            } catch (error) {
              fail(error, []);
            }
          }}
          aria-label={`${t('nextAction.complete')}：${action.content}`}
        >
          {t('nextAction.complete')}
        </Button>
        <Button size={size} onClick={() => setDialog('reschedule')} aria-label={`${t('nextAction.reschedule')}：${action.content}`}>
          {t('nextAction.reschedule')}
        </Button>
        <Button size={size} danger type="text" onClick={() => setDialog('cancel')} aria-label={`${t('nextAction.cancel')}：${action.content}`}>
          {t('nextAction.cancel')}
        </Button>
      </Space>
      <Modal
        open={dialog !== null}
        title={dialog === 'reschedule' ? t('nextAction.rescheduleTitle') : t('nextAction.cancelTitle')}
        okText={dialog === 'reschedule' ? t('nextAction.reschedule') : t('nextAction.cancelConfirm')}
        cancelText={t('common.close')}
        confirmLoading={rescheduling.loading || cancelling.loading}
        maskClosable={false}
        onOk={() => void submit()}
        onCancel={() => {
          setDialog(null);
          form.resetFields();
        }}
        destroyOnClose
      >
        <p>{action.content}</p>
        <Form form={form} layout="vertical" preserve={false}>
          {dialog === 'reschedule' && (
            <Form.Item name="dueAt" label={t('nextAction.newDueAt')} rules={[{ required: true, message: t('nextAction.dueRequired') }]}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
            </Form.Item>
          )}
          <Form.Item name="reason" label={t('nextAction.reason')} rules={[{ required: true, whitespace: true, message: t('nextAction.reasonRequired') }]}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
