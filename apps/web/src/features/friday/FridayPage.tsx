import { useMutation, useQuery } from '@apollo/client';
import { Alert, App, Button, Card, Checkbox, Input, List, Result, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { graphql } from '../../gql';
import { mapGraphQLErrors } from '../../ui/errors';
import { formatDateTime } from '../../ui/format';
import { PageSkeleton } from '../../ui/PageSkeleton';
import { StageTag } from '../../ui/StageTag';
import { useViewer } from '../../ui/useTimezone';
import { FINDING_SECTION, fridayRecords, fridayStatus, type FridayStatus } from './week';

const FridayRecordsQuery = graphql(`
  query FridayRecords($ownerId: ID!) {
    customers(filter: { ownerId: $ownerId }, first: 100) {
      totalCount
      edges {
        node {
          id
          name
          stage
          version
          updatedAt
          nextActions(status: OPEN) {
            id
            overdue
          }
          latestReview {
            id
            status
            comments
            customerVersion
            submittedAt
            decidedAt
            reviewer {
              id
              name
            }
            findings {
              code
              message
              field
            }
          }
        }
      }
    }
  }
`);

const SubmitForReviewMutation = graphql(`
  mutation SubmitForReview($customerIds: [ID!]!, $note: String) {
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
        message
      }
    }
  }
`);

interface Finding {
  code: string;
  message: string;
}

const STATUS_TAG: Record<FridayStatus, string> = { sentBack: 'error', toSubmit: 'processing', submitted: 'default', approved: 'success' };

/** 本周提交: this week's changed records and the ones sent back, with what is missing; select all → 提交审核. */
export default function FridayPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { me, timezone } = useViewer();
  const { data, loading, error, refetch } = useQuery(FridayRecordsQuery, { variables: { ownerId: me?.id ?? '' }, skip: !me });
  const [submit, { loading: submitting }] = useMutation(SubmitForReviewMutation);
  const [selected, setSelected] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const [failure, setFailure] = useState<string[]>([]);
  const [submitted, setSubmitted] = useState<{ count: number; reviewer: string; findings: { name: string; id: string; findings: Finding[] }[] } | null>(null);

  const records = useMemo(() => fridayRecords(data?.customers.edges.map((e) => e.node) ?? [], new Date(), timezone), [data, timezone]);
  const selectable = records.filter((r) => {
    const s = fridayStatus(r);
    return s === 'sentBack' || s === 'toSubmit';
  });
  const chosen = selected.filter((id) => selectable.some((r) => r.id === id));

  if (!data && (loading || !me)) return <PageSkeleton rows={8} />;
  if (error && !data) return <Alert type="error" showIcon message={t('errors.loadFailed')} description={error.message} />;

  const findingsOf = (r: (typeof records)[number]): Finding[] => {
    const status = fridayStatus(r);
    const out: Finding[] = [];
    if (r.nextActions.length === 0) out.push({ code: 'NO_OPEN_NEXT_ACTION', message: t('friday.finding.NO_OPEN_NEXT_ACTION') });
    if (r.nextActions.some((a) => a.overdue)) out.push({ code: 'OVERDUE_ACTION', message: t('friday.finding.OVERDUE_ACTION') });
    if ((status === 'sentBack' || status === 'submitted') && r.latestReview) {
      for (const f of r.latestReview.findings) if (!out.some((o) => o.code === f.code)) out.push({ code: f.code, message: t(`friday.finding.${f.code}`, { defaultValue: f.message }) });
    }
    return out;
  };

  const onSubmit = async () => {
    setFailure([]);
    try {
      const result = await submit({ variables: { customerIds: chosen, note: note.trim() || null } });
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

  const sentBack = records.filter((r) => fridayStatus(r) === 'sentBack').length;
  const allChecked = selectable.length > 0 && chosen.length === selectable.length;

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
                    <Link to={`/customers/${s.id}`}>{s.name}</Link>：{s.findings.map((f) => t(`friday.finding.${f.code}`, { defaultValue: f.message })).join('；')}
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
          title={
            <Checkbox
              checked={allChecked}
              indeterminate={chosen.length > 0 && !allChecked}
              disabled={selectable.length === 0}
              onChange={(e) => setSelected(e.target.checked ? selectable.map((r) => r.id) : [])}
            >
              {t('friday.selectAll', { count: selectable.length })}
            </Checkbox>
          }
          extra={sentBack > 0 ? <Tag color="error">{t('friday.sentBackCount', { count: sentBack })}</Tag> : null}
        >
          <List
            dataSource={records}
            renderItem={(r) => {
              const status = fridayStatus(r);
              const canSubmit = status === 'sentBack' || status === 'toSubmit';
              const findings = findingsOf(r);
              return (
                <List.Item key={r.id} style={{ alignItems: 'flex-start' }}>
                  <Space align="start" style={{ width: '100%' }}>
                    <Checkbox
                      aria-label={t('friday.select', { name: r.name })}
                      disabled={!canSubmit}
                      checked={chosen.includes(r.id)}
                      onChange={(e) => setSelected((s) => (e.target.checked ? [...s, r.id] : s.filter((x) => x !== r.id)))}
                    />
                    <div style={{ minWidth: 0 }}>
                      <Space wrap size={4}>
                        <Link to={`/customers/${r.id}`} style={{ fontWeight: 600 }}>
                          {r.name}
                        </Link>
                        <StageTag stage={r.stage} />
                        <Tag color={STATUS_TAG[status]}>{t(`friday.status.${status}`)}</Tag>
                        <Typography.Text type="secondary">{t('friday.changedAt', { at: formatDateTime(r.updatedAt, timezone) })}</Typography.Text>
                      </Space>
                      {status === 'sentBack' && r.latestReview && (
                        <Alert
                          type="error"
                          style={{ marginTop: 6 }}
                          message={t('friday.comments', { reviewer: r.latestReview.reviewer?.name ?? '', at: formatDateTime(r.latestReview.decidedAt, timezone) })}
                          description={r.latestReview.comments}
                        />
                      )}
                      {findings.length > 0 ? (
                        <ul style={{ margin: '6px 0 0', paddingInlineStart: 18 }} aria-label={t('friday.findings')}>
                          {findings.map((f) => (
                            <li key={f.code}>
                              <Typography.Text type="warning">{f.message}</Typography.Text>{' '}
                              {/* underlined: in a line of text a link is told apart by more than its colour */}
                              <Link to={`/customers/${r.id}#section-${FINDING_SECTION[f.code] ?? 'basics'}`} style={{ textDecoration: 'underline' }}>
                                {t('friday.fix')}
                              </Link>
                            </li>
                          ))}
                        </ul>
                      ) : (
                        status === 'toSubmit' && (
                          <Typography.Text type="success" style={{ display: 'block', marginTop: 4 }}>
                            {t('friday.complete')}
                          </Typography.Text>
                        )
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
      {(data?.customers.totalCount ?? 0) > 100 && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {t('friday.first100')}
        </Typography.Paragraph>
      )}
    </div>
  );
}
