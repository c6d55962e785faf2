import { useMutation } from '@apollo/client';
import { Alert, App, Button, Card, Form, Input, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../gql';
import type { ReviewDecision } from '../../gql/graphql';
import { applyFieldErrors } from '../../ui/errors';
import { mapFormErrors } from '../../ui/formErrors';
import './texts';

export const DecideReviewMutation = graphql(`
  mutation DecideReview($id: ID!, $decision: ReviewDecision!, $comments: String!) {
    decideReview(id: $id, decision: $decision, comments: $comments) {
      id
      status
      comments
      decidedAt
    }
  }
`);

/**
 * 审核意见 with [通过] and [退回修改]. Sending back needs comments: the box says so before anything is
 * sent, and the server's own refusal (extensions.field = comments) lands on the same box.
 */
export function DecisionPanel({ reviewId, customerName, onDecided }: { reviewId: string; customerName: string; onDecided: (already: boolean) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ comments: string }>();
  const [decide, { loading }] = useMutation(DecideReviewMutation);
  const [general, setGeneral] = useState<string[]>([]);
  const [pending, setPending] = useState<ReviewDecision | null>(null);

  const send = async (decision: ReviewDecision) => {
    setGeneral([]);
    const comments = (form.getFieldValue('comments') as string | undefined)?.trim() ?? '';
    if (decision === 'REQUEST_CHANGES' && !comments) {
      form.setFields([{ name: 'comments', errors: [t('reviews.commentsRequired')] }]);
      form.getFieldInstance('comments')?.focus?.();
      return;
    }
    form.setFields([{ name: 'comments', errors: [] }]);
    setPending(decision);
    try {
      await decide({ variables: { id: reviewId, decision, comments } });
      void message.success(t(decision === 'APPROVE' ? 'reviews.approved' : 'reviews.sentBack', { name: customerName }));
      form.resetFields();
      onDecided(false);
    } catch (e) {
      const mapped = mapFormErrors(e, t, 'reviews', ['comments']);
      applyFieldErrors(form, mapped);
      if (mapped.reasons.includes('ALREADY_DECIDED')) {
        setGeneral([t('reviews.alreadyDecided')]);
        onDecided(true);
      } else {
        setGeneral(mapped.general);
      }
    } finally {
      setPending(null);
    }
  };

  return (
    <Card size="small" title={t('customer.section.review')} style={{ marginBottom: 12 }}>
      <Form form={form} layout="vertical" requiredMark={false}>
        <Form.Item name="comments" label={t('reviews.comments')} style={{ marginBottom: 12 }}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={5000} placeholder={t('reviews.commentsPlaceholder')} />
        </Form.Item>
        {general.length > 0 && <Alert type="error" showIcon role="alert" message={general.join(' ')} style={{ marginBottom: 12 }} />}
        <Space wrap>
          <Button type="primary" loading={loading && pending === 'APPROVE'} disabled={loading} onClick={() => void send('APPROVE')}>
            {t('reviews.approve')}
          </Button>
          <Button danger loading={loading && pending === 'REQUEST_CHANGES'} disabled={loading} onClick={() => void send('REQUEST_CHANGES')}>
            {t('reviews.sendBack')}
          </Button>
        </Space>
      </Form>
    </Card>
  );
}
