import { useMutation, useQuery } from '@apollo/client';
import { Alert, Form, Input, Modal, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../gql';
import { blankToNull, showServerErrors } from './adminForm';
import { PersonPicker } from './PersonPicker';
import './texts';

const HoldingsQuery = graphql(`
  query AdminHoldings($id: ID!) {
    user(id: $id) {
      id
      holdings {
        customerCount
        openNextActionCount
        pendingReviewsSubmitted {
          id
        }
        pendingReviewsToDecide {
          id
        }
      }
    }
  }
`);

const DeactivateMutation = graphql(`
  mutation AdminDeactivateUser($id: ID!, $successorId: ID, $reason: String) {
    deactivateUser(id: $id, successorId: $successorId, reason: $reason) {
      user {
        id
        active
        deactivatedAt
        version
      }
      holdings {
        customerCount
      }
      handOver {
        id
        status
        customersMoved
        to {
          id
          name
        }
      }
    }
  }
`);

interface DeactivateValues {
  successorId?: string | null;
  reason?: string;
}

const FIELDS = ['successorId', 'reason'] as const;

/**
 * Deactivating a person and handing what they hold (customers, open next actions, pending reviews) to a
 * successor in the same step: the dialog says how many customers move before the button is pressed.
 */
export function DeactivateDialog({
  person,
  onClose,
  onDone,
}: {
  person: { id: string; name: string };
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<DeactivateValues>();
  const [general, setGeneral] = useState<string[]>([]);
  const { data, loading, error } = useQuery(HoldingsQuery, {
    variables: { id: person.id },
    fetchPolicy: 'network-only',
  });
  const [deactivate, sent] = useMutation(DeactivateMutation);
  const holdings = data?.user?.holdings ?? null;
  const customers = holdings?.customerCount ?? 0;
  const reviews =
    (holdings?.pendingReviewsSubmitted.length ?? 0) + (holdings?.pendingReviewsToDecide.length ?? 0);
  const holdsSomething =
    holdings !== null && (customers > 0 || (holdings.openNextActionCount ?? 0) > 0 || reviews > 0);

  const submit = async (values: DeactivateValues) => {
    setGeneral([]);
    try {
      const result = await deactivate({
        variables: {
          id: person.id,
          successorId: values.successorId ?? null,
          reason: blankToNull(values.reason),
        },
      });
      const handOver = result.data?.deactivateUser.handOver;
      onDone(
        handOver
          ? t('admin.people.deactivateDialog.doneMoved', {
              name: person.name,
              count: customers,
              to: handOver.to?.name ?? '',
            })
          : t('admin.people.deactivateDialog.done', { name: person.name }),
      );
    } catch (e) {
      setGeneral(showServerErrors(e, form, t, 'admin.people', FIELDS));
    }
  };

  return (
    <Modal
      open
      title={t('admin.people.deactivateDialog.title', { name: person.name })}
      okText={
        customers > 0
          ? t('admin.people.deactivateDialog.confirm', { count: customers })
          : t('admin.people.deactivateDialog.confirmNone')
      }
      okButtonProps={{ danger: true, disabled: loading || !!error }}
      cancelText={t('admin.common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={sent.loading}
    >
      {general.length > 0 && (
        <Alert type="error" showIcon message={general.join(' ')} style={{ marginBottom: 12 }} />
      )}
      {error && (
        <Alert type="error" showIcon message={t('admin.common.loadFailed')} style={{ marginBottom: 12 }} />
      )}
      {loading ? (
        <Skeleton active paragraph={{ rows: 2 }} title={{ width: '60%' }} />
      ) : (
        holdings && (
          <Typography.Paragraph data-testid="holdings">
            {holdsSomething
              ? t('admin.people.deactivateDialog.holdings', {
                  customers,
                  actions: holdings.openNextActionCount,
                  reviews,
                })
              : t('admin.people.deactivateDialog.nothing')}
          </Typography.Paragraph>
        )
      )}
      <Form<DeactivateValues>
        form={form}
        layout="vertical"
        name="deactivate"
        onFinish={(v) => void submit(v)}
      >
        <Form.Item
          name="successorId"
          label={t('admin.people.deactivateDialog.successor')}
          extra={t('admin.people.deactivateDialog.successorHelp')}
          rules={[
            { required: holdsSomething, message: t('admin.people.deactivateDialog.successorRequired') },
          ]}
        >
          <PersonPicker exclude={person.id} placeholder={t('admin.teams.form.pick')} />
        </Form.Item>
        <Form.Item name="reason" label={t('admin.people.deactivateDialog.reason')}>
          <Input.TextArea
            rows={2}
            maxLength={1000}
            placeholder={t('admin.people.deactivateDialog.reasonPlaceholder')}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
