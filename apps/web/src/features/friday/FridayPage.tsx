import { useMutation, useQuery } from '@apollo/client';
import { Alert, App, Button, Card, Checkbox, Input, List, Result, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { graphql } from '../../gql';
import { mapGraphQLErrors } from '../../ui/errors';
import { formatDateTime } from '../../ui/format';
import { PageSkeleton } from '../../ui/PageSkeleton';
import { StageTag } from '../../ui/StageTag';
import { useViewer } from '../../ui/useTimezone';
import { LogInteractionButton } from '../log-interaction/LogInteractionButton';
import { FINDING_SECTION, LOGGED_FIXES } from './week';

const FridayRecordsQuery = graphql(`
  query FridayRecords($locale: String) {
    weeklySubmission {
      sentBack
      changedAt
      findings {
        code
        codeLabel(locale: $locale)
        message(locale: $locale)
        field
        refId
      }
      customer {
        id
        name
        stage
        latestReview {
          id
          status
          comments
          decidedAt
          reviewer {
            id
            name
          }
        }
      }
    }
  }
`);

const SubmitForReviewMutation = graphql(`
  mutation SubmitForReview($customerIds: [ID!]!, $note: String, $locale: String) {
    submitForReview(customerIds: $customerIds, note: $note) {
      id
      status
      customer {
        id
        name
      }
      reviewer {
        id
        name
      }
      findings {
        code
        message(locale: $locale)
      }
    }
  }
`);

const FRIDAY_POLL_MS = 15_000;
/** "Nothing missing": a green readable at 4.5:1 on white (Ant Design's success green is not). */
const COMPLETE_GREEN = '#237804';

interface Finding {
  code: string;
  message: string;
}

/**
 * 本周提交: the records the server says are due this week (changed since Monday and not yet covered by a
 * review, or sent back), each with what the completeness check finds in it now and one click to fix it,
 * the manager's comments on those sent back; select all → 提交审核.
 */
export default function FridayPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { me, timezone } = useViewer();
  // Workflow reads the records through their events: a change made a moment ago arrives within
  // seconds, so the list looks again while it is open.
  const { data, loading, error, refetch } = useQuery(FridayRecordsQuery, {
    variables: { locale: i18n.language },
    skip: !me,
    pollInterval: FRIDAY_POLL_MS,
  });
  const [submit, { loading: submitting }] = useMutation(SubmitForReviewMutation);
  const [selected, setSelected] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const [failure, setFailure] = useState<string[]>([]);
  const [submitted, setSubmitted] = useState<{ count: number; reviewer: string; findings: { name: string; id: string; findings: Finding[] }[] } | null>(null);

  const records = data?.weeklySubmission ?? [];
  const chosen = selected.filter((id) => records.some((r) => r.customer.id === id));

  if (!data && (loading || !me)) return <PageSkeleton rows={8} />;
  if (error && !data) return <Alert type="error" showIcon message={t('errors.loadFailed')} description={error.message} />;

  const onSubmit = async () => {
    setFailure([]);
    try {
      const result = await submit({ variables: { customerIds: chosen, note: note.trim() || null, locale: i18n.language } });
      const reviews = result.data?.submitForReview ?? [];
      setSubmitted({
        count: reviews.length,
        reviewer: reviews[0]?.reviewer?.name ?? '',
        findings: reviews.filter((rv) => rv.findings.length).map((rv) => ({ id: rv.customer.id, name: rv.customer.name, findings: rv.findings })),
      });
      void message.success(t('friday.submitted', { count: reviews.length }));
      setSelected([]);
      setNote('');
      void refetch();
    } catch (e) {
      setFailure(mapGraphQLErrors(e, t).general);
    }
  };

  const sentBack = records.filter((r) => r.sentBack).length;
  const withFindings = records.filter((r) => r.findings.length > 0).length;
  const allChecked = records.length > 0 && chosen.length === records.length;

  return (
    <div style={{ maxWidth: 1100, margin: '0 auto' }}>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('friday.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('friday.intro')}</Typography.Paragraph>
      {submitted && (
        <Alert
          type={submitted.findings.length ? 'warning' : 'success'}
          showIcon
          closable
          onClose={() => setSubmitted(null)}
          style={{ marginBottom: 12 }}
          message={t('friday.submittedTo', { count: submitted.count, reviewer: submitted.reviewer })}
          description={
            submitted.findings.length ? (
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {submitted.findings.map((s) => (
                  <li key={s.id}>
                    <Link to={`/customers/${s.id}`}>{s.name}</Link>：{s.findings.map((f) => f.message).join('；')}
                  </li>
                ))}
              </ul>
            ) : undefined
          }
        />
      )}
      {failure.length > 0 && <Alert type="error" showIcon role="alert" message={failure.join(' ')} style={{ marginBottom: 12 }} />}
      {records.length === 0 ? (
        <Card>
          <Result status="success" title={t('friday.nothing')} subTitle={t('friday.nothingHint')} extra={<Link to="/customers">{t('workbench.toCustomers')}</Link>} />
        </Card>
      ) : (
        <Card
          size="small"
          // The counts wrap under the select-all box on a phone instead of cutting its label short.
          styles={{ title: { whiteSpace: 'normal', paddingBlock: 8 } }}
          title={
            <Space size={[8, 4]} wrap>
              <Checkbox
                checked={allChecked}
                indeterminate={chosen.length > 0 && !allChecked}
                onChange={(e) => setSelected(e.target.checked ? records.map((r) => r.customer.id) : [])}
              >
                {t('friday.selectAll', { count: records.length })}
              </Checkbox>
              {sentBack > 0 && <Tag color="error">{t('friday.sentBackCount', { count: sentBack })}</Tag>}
              {withFindings > 0 && <Tag color="#ad4e00">{t('salesDesk.friday.withFindings', { count: withFindings })}</Tag>}
            </Space>
          }
        >
          <List
            dataSource={records}
            renderItem={(r) => {
              const c = r.customer;
              const review = c.latestReview;
              return (
                <List.Item key={c.id} style={{ alignItems: 'flex-start' }}>
                  <Space align="start" style={{ width: '100%' }}>
                    <Checkbox
                      aria-label={t('friday.select', { name: c.name })}
                      checked={chosen.includes(c.id)}
                      onChange={(e) => setSelected((s) => (e.target.checked ? [...s, c.id] : s.filter((x) => x !== c.id)))}
                    />
                    <div style={{ minWidth: 0 }}>
                      <Space wrap size={4}>
                        <Link to={`/customers/${c.id}`} style={{ fontWeight: 600 }}>
                          {c.name}
                        </Link>
                        <StageTag stage={c.stage} />
                        <Tag color={r.sentBack ? 'error' : 'processing'}>{t(`friday.status.${r.sentBack ? 'sentBack' : 'toSubmit'}`)}</Tag>
                        <Typography.Text type="secondary">{t('friday.changedAt', { at: formatDateTime(r.changedAt, timezone) })}</Typography.Text>
                      </Space>
                      {r.sentBack && review && (
                        <Alert
                          type="error"
                          style={{ marginTop: 6 }}
                          message={t('friday.comments', { reviewer: review.reviewer?.name ?? '', at: formatDateTime(review.decidedAt, timezone) })}
                          description={review.comments}
                        />
                      )}
                      {r.findings.length > 0 ? (
                        <ul style={{ margin: '6px 0 0', paddingInlineStart: 18 }} aria-label={t('salesDesk.friday.findingsOf', { name: c.name })}>
                          {r.findings.map((f, i) => (
                            <li key={`${f.code}-${f.refId ?? f.field ?? i}`} style={{ marginBottom: 4 }}>
                              <Typography.Text>{f.message}</Typography.Text>{' '}
                              <Space size={4} wrap>
                                {/* underlined: in a line of text a link is told apart by more than its colour */}
                                <Link to={`/customers/${c.id}#section-${FINDING_SECTION[f.code] ?? 'basics'}`} style={{ textDecoration: 'underline' }}>
                                  {t('friday.fix')}
                                </Link>
                                {LOGGED_FIXES.has(f.code) && <LogInteractionButton compact customer={{ id: c.id, name: c.name }} />}
                              </Space>
                            </li>
                          ))}
                        </ul>
                      ) : (
                        <Typography.Text style={{ display: 'block', marginTop: 4, color: COMPLETE_GREEN }}>
                          {t('friday.complete')}
                        </Typography.Text>
                      )}
                    </div>
                  </Space>
                </List.Item>
              );
            }}
          />
          <Space direction="vertical" style={{ width: '100%', marginTop: 12 }}>
            <Input.TextArea
              value={note}
              onChange={(e) => setNote(e.target.value)}
              autoSize={{ minRows: 1, maxRows: 4 }}
              maxLength={2000}
              placeholder={t('friday.notePlaceholder')}
              aria-label={t('friday.note')}
            />
            <Button type="primary" disabled={chosen.length === 0} loading={submitting} onClick={() => void onSubmit()}>
              {t('friday.submit', { count: chosen.length })}
            </Button>
          </Space>
        </Card>
      )}
    </div>
  );
}
