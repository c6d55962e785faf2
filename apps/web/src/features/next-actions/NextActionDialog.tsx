import { useMutation } from '@apollo/client';
import { App, DatePicker, Form, Input, Modal } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../gql';
import { applyFieldErrors, mapGraphQLErrors } from '../../ui/errors';
import { zonedIso } from '../../ui/format';

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

export type NextActionDialogKind = 'reschedule' | 'cancel';

interface Props {
  action: { id: string; content: string };
  timezone: string;
  dialog: NextActionDialogKind | null;
  onClose: () => void;
  onChanged: () => void;
}

/**
 * Reschedule (new deadline and why) or cancel (why) a next action. Its own module: the form and the date
 * picker load when a person first opens it, not with the screens that list actions.
 */
export default function NextActionDialog({ action, timezone, dialog, onClose, onChanged }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ dueAt?: Dayjs; reason: string }>();
  const [reschedule, rescheduling] = useMutation(RescheduleMutation);
  const [cancel, cancelling] = useMutation(CancelMutation);
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
      onClose();
      form.resetFields();
      onChanged();
    } catch (error) {
      const mapped = mapGraphQLErrors(error, t, ['dueAt', 'reason'], '');
      applyFieldErrors(form, mapped);
      if (mapped.general.length) void message.error(mapped.general.join(' '));
    }
  };
  return (
    <Modal
      open={dialog !== null}
      title={dialog === 'reschedule' ? t('nextAction.rescheduleTitle') : t('nextAction.cancelTitle')}
      okText={dialog === 'reschedule' ? t('nextAction.reschedule') : t('nextAction.cancelConfirm')}
      cancelText={t('common.close')}
      confirmLoading={rescheduling.loading || cancelling.loading}
      maskClosable={false}
      onOk={() => void submit()}
      onCancel={() => {
        onClose();
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
  );
}
