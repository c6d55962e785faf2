import { useQuery } from '@apollo/client';
import { Alert, Card, Descriptions, Empty, List, Space, Tag, Timeline, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { graphql } from '../../gql';
import { formatDate, formatDateTime } from '../../ui/format';
import { useEnumLabels, type LabelOf } from '../../ui/labels';
import { PageSkeleton } from '../../ui/PageSkeleton';
import { StageTag } from '../../ui/StageTag';
import { highlightsOf, INSTANT_VALUES, PERSON_VALUES, type ReviewSection } from './changes';
import './texts';

export const ReviewRecordQuery = graphql(`
  query ReviewRecord($id: ID!, $locale: String) {
    customer(id: $id) {
      id
      name
      kind
      industry(locale: $locale) {
        code
        name
        sectionName
      }
      sourceChannel
      sourceDetail
      firstContactDate
      stage
      terminationReason
      owner {
        id
        name
      }
      remarks
      version
      contacts {
        id
        name
        role
        title
        phone
        email
      }
      interactions(first: 50) {
        edges {
          node {
            id
            occurredAt
            method
            summary
            isFirstContact
            loggedLate
            author {
              id
              name
            }
            nextAction {
              id
              content
              dueAt
            }
          }
        }
      }
      needs {
        id
        kind
        description
      }
      painPoints {
        id
        description
        needIds
      }
      stageHistory {
        from
        to
        at
        reason
      }
      nextActions {
        id
        content
        dueAt
        status
        overdue
        owner {
          id
          name
        }
      }
      latestReview {
        id
        status
        note
        findings {
          code
          field
          message(locale: $locale)
          codeLabel(locale: $locale)
        }
        answers {
          id
          comments
        }
      }
      changesSinceApproval {
        sinceVersion
        sinceAt
        toVersion
        changes {
          kind
          version
          at
          refId
          field
          before
          after
          by {
            id
            name
          }
        }
      }
    }
  }
`);

/** Changed since the approval: a gold bar and tag (red stays for what needs acting on). */
const CHANGED_BG = '#fffbe6';
const CHANGED_TAG = '#874d00';

const FIELD_LABEL: Record<string, string> = {
  name: 'customer.name',
  kind: 'customer.kind',
  industryCode: 'customer.industry',
  sourceChannel: 'customer.source',
  sourceDetail: 'customer.source',
  firstContactDate: 'customer.firstContact',
  remarks: 'customer.section.remarks',
};

function valueText(kind: string, field: string | null | undefined, value: string | null | undefined, labelOf: LabelOf, timezone: string): string {
  if (!value) return '';
  if (INSTANT_VALUES.has(kind)) return formatDateTime(value, timezone);
  if (kind === 'STAGE_CHANGED') return labelOf('SalesStage', value);
  if (kind === 'CONTACT_ADDED' || kind === 'CONTACT_UPDATED') return labelOf('ContactRole', value);
  if (field === 'kind') return labelOf('CustomerKind', value);
  if (field === 'sourceChannel') return labelOf('SourceChannel', value);
  return value;
}

/**
 * The submitted record as the paper form's sections, with what changed since the last approved version
 * marked: a summary of the changes (before → after) on top, and each section, item and field touched
 * highlighted where it stands.
 */
export function ReviewRecord({
  customerId,
  timezone,
  submittedVersion,
  decision,
}: {
  customerId: string;
  timezone: string;
  submittedVersion: number;
  /** The comments box and the decision buttons, shown under the findings. */
  decision?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const { labelOf } = useEnumLabels();
  const { data, loading, error } = useQuery(ReviewRecordQuery, { variables: { id: customerId, locale: i18n.language }, fetchPolicy: 'cache-and-network' });
  if (!data && loading) return <PageSkeleton rows={10} />;
  const customer = data?.customer;
  if (!customer) return <Alert type="error" showIcon message={t('errors.loadFailed')} description={error?.message ?? t('errors.code.NOT_FOUND')} />;

  const diff = customer.changesSinceApproval;
  // The customer's latest submission is the pending one being reviewed (a customer has one at a time).
  const review = customer.latestReview?.status === 'PENDING' ? customer.latestReview : null;
  const compared = diff.sinceVersion != null;
  const marks = highlightsOf(compared ? diff.changes : []);
  const mark = (id: string) => {
    const m = marks.items.get(id);
    return m ? <Tag color={CHANGED_TAG}>{t(m === 'added' ? 'reviews.added' : 'reviews.changed')}</Tag> : null;
  };
  const itemStyle = (id: string) => (marks.items.has(id) ? { background: CHANGED_BG, paddingInline: 8 } : undefined);
  const fieldStyle = (...fields: string[]) => (fields.some((f) => marks.fields.has(f)) ? { background: CHANGED_BG } : undefined);
  const needText = new Map(customer.needs.map((n) => [n.id, n.description]));
  const section = (key: ReviewSection | 'changes', children: ReactNode) => {
    const changed = key !== 'changes' && marks.sections.has(key);
    return (
      <Card
        key={key}
        size="small"
        title={
          <Space size={6}>
            {key === 'changes' ? t('reviews.changes') : t(`customer.section.${key}`)}
            {changed && <Tag color={CHANGED_TAG}>{t('reviews.sectionChanged')}</Tag>}
          </Space>
        }
        style={{ marginBottom: 12, borderLeft: changed ? '4px solid #faad14' : undefined }}
      >
        {children}
      </Card>
    );
  };

  return (
    <div>
      <Space align="center" wrap style={{ marginBottom: 8 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          <Link to={`/customers/${customer.id}`}>{customer.name}</Link>
        </Typography.Title>
        <StageTag stage={customer.stage} />
        <Typography.Text type="secondary">
          {t('customer.owner')} {customer.owner?.name ?? ''} · {t('customer.firstContact')} {formatDate(customer.firstContactDate)}
        </Typography.Text>
      </Space>
      {customer.version > submittedVersion && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('reviews.changedAfterSubmit')} />}
      {review && review.findings.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={t('reviews.findings')}
          description={
            <ul aria-label={t('reviews.findings')} style={{ margin: 0, paddingInlineStart: 18 }}>
              {review.findings.map((f, i) => (
                <li key={`${f.code}-${i}`}>
                  <Typography.Text strong>{f.codeLabel}</Typography.Text>
                  {t('common.colon')}
                  {f.message}
                </li>
              ))}
            </ul>
          }
        />
      ) : (
        <Alert type="success" showIcon style={{ marginBottom: 12 }} message={t('reviews.findingsNone')} />
      )}
      {review?.note && <Typography.Paragraph>{t('reviews.note', { note: review.note })}</Typography.Paragraph>}
      {review?.answers?.comments && <Typography.Paragraph type="secondary">{t('reviews.previousComments', { comments: review.answers.comments })}</Typography.Paragraph>}
      {decision}
      {section(
        'changes',
        !compared ? (
          <Typography.Text>{t('reviews.firstReview')}</Typography.Text>
        ) : diff.changes.length === 0 ? (
          <Typography.Text>{t('reviews.noChanges', { at: formatDateTime(diff.sinceAt, timezone) })}</Typography.Text>
        ) : (
          <>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
              {t('reviews.changesSince', { at: formatDateTime(diff.sinceAt, timezone), count: diff.changes.length })}
            </Typography.Paragraph>
            <ul aria-label={t('reviews.changes')} style={{ margin: 0, paddingInlineStart: 18 }}>
              {diff.changes.map((c, i) => {
                const before = PERSON_VALUES.has(c.kind) ? '' : valueText(c.kind, c.field, c.before, labelOf, timezone);
                const after = PERSON_VALUES.has(c.kind) ? '' : valueText(c.kind, c.field, c.after, labelOf, timezone);
                return (
                  <li key={`${c.version}-${i}`}>
                    <Typography.Text type="secondary">{formatDateTime(c.at, timezone)}</Typography.Text>{' '}
                    <Typography.Text strong>{labelOf('RecordChangeKind', c.kind)}</Typography.Text>
                    {c.field ? ` · ${t(FIELD_LABEL[c.field] ?? c.field)}` : ''}
                    {before || after ? t('common.colon') : ''}
                    {before && <Typography.Text delete>{before}</Typography.Text>}
                    {before && after ? ' → ' : ''}
                    {after}
                    {c.by?.name ? <Typography.Text type="secondary"> · {c.by.name}</Typography.Text> : null}
                  </li>
                );
              })}
            </ul>
          </>
        ),
      )}
      {section(
        'basics',
        <>
          <Descriptions size="small" column={1} bordered styles={{ label: { whiteSpace: 'nowrap', width: 1 } }}>
            <Descriptions.Item label={t('customer.name')} contentStyle={fieldStyle('name')}>
              {customer.name}
            </Descriptions.Item>
            <Descriptions.Item label={t('customer.kind')} contentStyle={fieldStyle('kind')}>
              {labelOf('CustomerKind', customer.kind)}
            </Descriptions.Item>
            <Descriptions.Item label={t('customer.industry')} contentStyle={fieldStyle('industryCode')}>
              {customer.industry.sectionName} / {customer.industry.name} ({customer.industry.code})
            </Descriptions.Item>
            <Descriptions.Item label={t('customer.firstContact')} contentStyle={fieldStyle('firstContactDate')}>
              {formatDate(customer.firstContactDate)}
            </Descriptions.Item>
            <Descriptions.Item label={t('customer.source')} contentStyle={fieldStyle('sourceChannel', 'sourceDetail')}>
              {labelOf('SourceChannel', customer.sourceChannel)}
              {customer.sourceDetail ? ` · ${customer.sourceDetail}` : ''}
            </Descriptions.Item>
          </Descriptions>
          <List
            size="small"
            header={<Typography.Text strong>{t('customer.contacts')}</Typography.Text>}
            dataSource={customer.contacts}
            renderItem={(c) => (
              <List.Item key={c.id} style={itemStyle(c.id)}>
                <Space wrap size={4}>
                  <Typography.Text strong>{c.name}</Typography.Text>
                  <Tag>{labelOf('ContactRole', c.role)}</Tag>
                  {c.title && <Typography.Text type="secondary">{c.title}</Typography.Text>}
                  {c.phone && <span>{c.phone}</span>}
                  {c.email && <span>{c.email}</span>}
                  {mark(c.id)}
                </Space>
              </List.Item>
            )}
          />
        </>,
      )}
      {section(
        'interactions',
        customer.interactions.edges.length ? (
          <Timeline
            items={customer.interactions.edges.map(({ node }) => ({
              key: node.id,
              color: node.loggedLate ? 'red' : 'blue',
              children: (
                <div style={itemStyle(node.id)}>
                  <Space wrap size={4}>
                    <Typography.Text strong>{formatDateTime(node.occurredAt, timezone)}</Typography.Text>
                    <Tag>{labelOf('InteractionMethod', node.method)}</Tag>
                    {node.isFirstContact && <Tag color="blue">{t('customer.firstInteraction')}</Tag>}
                    {node.loggedLate && <Tag color="error">{t('customer.loggedLate')}</Tag>}
                    <Typography.Text type="secondary">{node.author?.name}</Typography.Text>
                    {mark(node.id)}
                  </Space>
                  <Typography.Paragraph style={{ margin: '4px 0' }}>{node.summary}</Typography.Paragraph>
                  <Typography.Text type="secondary">
                    {t('customer.nextActionOf')}
                    {t('common.colon')}
                    {node.nextAction.content} · {formatDateTime(node.nextAction.dueAt, timezone)}
                  </Typography.Text>
                </div>
              ),
            }))}
          />
        ) : (
          <Empty description={t('customer.noInteractions')} />
        ),
      )}
      {section(
        'needs',
        customer.needs.length ? (
          <List
            size="small"
            dataSource={customer.needs}
            renderItem={(n) => (
              <List.Item key={n.id} style={itemStyle(n.id)}>
                <Space wrap size={4}>
                  <Tag color={n.kind === 'EXPLICIT' ? 'blue' : 'default'}>{labelOf('NeedKind', n.kind)}</Tag>
                  {n.description}
                  {mark(n.id)}
                </Space>
              </List.Item>
            )}
          />
        ) : (
          <Empty description={t('customer.noNeeds')} />
        ),
      )}
      {section(
        'painPoints',
        customer.painPoints.length ? (
          <List
            size="small"
            dataSource={customer.painPoints}
            renderItem={(p) => (
              <List.Item key={p.id} style={itemStyle(p.id)}>
                <div>
                  <Space wrap size={4}>
                    {p.description}
                    {mark(p.id)}
                  </Space>
                  <div>
                    <Typography.Text type="secondary">
                      {t('customer.linkedNeeds')}
                      {t('common.colon')}
                      {p.needIds.map((nid) => needText.get(nid) ?? nid).join('；')}
                    </Typography.Text>
                  </div>
                </div>
              </List.Item>
            )}
          />
        ) : (
          <Empty description={t('customer.noPainPoints')} />
        ),
      )}
      {section(
        'stage',
        <>
          <Space wrap>
            <StageTag stage={customer.stage} />
            {customer.terminationReason && <Typography.Text>{customer.terminationReason}</Typography.Text>}
          </Space>
          <ul style={{ margin: '8px 0 0', paddingInlineStart: 18 }}>
            {[...customer.stageHistory].reverse().map((h, i) => (
              <li key={`${h.at}-${i}`}>
                {formatDateTime(h.at, timezone)} · {h.from ? `${labelOf('SalesStage', h.from)} → ` : ''}
                {labelOf('SalesStage', h.to)}
                {h.reason ? ` · ${h.reason}` : ''}
              </li>
            ))}
          </ul>
        </>,
      )}
      {section(
        'nextActions',
        <List
          size="small"
          dataSource={[...customer.nextActions].sort((a, b) => Number(b.status === 'OPEN') - Number(a.status === 'OPEN'))}
          renderItem={(a) => (
            <List.Item key={a.id} style={itemStyle(a.id)}>
              <div>
                <Space wrap size={4}>
                  <Typography.Text strong={a.status === 'OPEN'} delete={a.status === 'CANCELLED'}>
                    {a.content}
                  </Typography.Text>
                  {mark(a.id)}
                </Space>
                <div>
                  <Typography.Text type="secondary">
                    {t('customer.actionOwner')} {a.owner?.name ?? ''} · {formatDateTime(a.dueAt, timezone)}
                  </Typography.Text>{' '}
                  {a.status === 'OPEN' ? a.overdue && <Tag color="error">{t('reviews.overdue')}</Tag> : <Tag>{labelOf('NextActionStatus', a.status)}</Tag>}
                </div>
              </div>
            </List.Item>
          )}
        />,
      )}
      {section(
        'remarks',
        customer.remarks ? (
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0, ...fieldStyle('remarks') }}>{customer.remarks}</Typography.Paragraph>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
      )}
    </div>
  );
}
