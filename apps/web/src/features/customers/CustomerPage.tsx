import { useQuery } from '@apollo/client';
import { Alert, Anchor, Button, Card, Descriptions, Empty, Grid, List, Result, Space, Steps, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { graphql } from '../../gql';
import { formatDate, formatDateTime } from '../../ui/format';
import { useEnumLabels } from '../../ui/labels';
import { PageSkeleton } from '../../ui/PageSkeleton';
import { FieldValue } from '../../ui/Restricted';
import { RestrictedPaths } from '../../ui/restricted';
import { STAGE_ORDER, StageTag } from '../../ui/StageTag';
import { canWriteRecords, useViewer } from '../../ui/useTimezone';
import { dueText } from '../next-actions/due';
import { NextActionButtons } from '../next-actions/NextActionButtons';
import { LogInteractionButton } from '../log-interaction/LogInteractionButton';
import { ChangeStage } from './ChangeStage';

export const CustomerRecordQuery = graphql(`
  query CustomerRecord($id: ID!, $locale: String) {
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
      ownerId
      owner {
        id
        name
      }
      ownerHistory {
        since
        reason
        owner {
          id
          name
        }
      }
      remarks
      archiveCode
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
        totalCount
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
              status
            }
          }
        }
      }
      needs {
        id
        kind
        description
        interactionId
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
      reviews {
        id
        status
        comments
        submittedAt
        decidedAt
        findings {
          code
          message
        }
        reviewer {
          id
          name
        }
      }
    }
  }
`);

const SECTIONS = ['basics', 'interactions', 'needs', 'painPoints', 'stage', 'nextActions', 'remarks', 'review'] as const;

/** 客户详情: the form's sections top to bottom; a field the role may not see reads 受限 with a lock. */
export default function CustomerPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { labelOf } = useEnumLabels();
  const { timezone, me } = useViewer();
  const writes = canWriteRecords(me?.role);
  const desk = !!Grid.useBreakpoint().lg;
  const { data, loading, error, refetch } = useQuery(CustomerRecordQuery, { variables: { id, locale: i18n.language } });
  if (!data && loading) return <PageSkeleton rows={12} />;
  const customer = data?.customer;
  if (!customer) {
    const notFound = !error || error.graphQLErrors.some((e) => e.extensions?.code === 'NOT_FOUND');
    return notFound ? (
      <Result status="404" title={t('customer.notFound')} subTitle={t('customer.notFoundHint')} extra={<Link to="/customers">{t('nav.customers')}</Link>} />
    ) : (
      <Alert type="error" showIcon message={t('errors.loadFailed')} description={error?.message} />
    );
  }
  const restricted = new RestrictedPaths(error?.graphQLErrors);
  const r = (...path: (string | number)[]) => restricted.has('customer', ...path);
  const now = new Date();
  const needText = new Map(customer.needs.map((n) => [n.id, n.description]));
  const open = customer.nextActions.filter((a) => a.status === 'OPEN');
  const closed = customer.nextActions.filter((a) => a.status !== 'OPEN');
  const section = (key: (typeof SECTIONS)[number], children: React.ReactNode, extra?: React.ReactNode) => (
    <Card id={`section-${key}`} key={key} title={t(`customer.section.${key}`)} size="small" style={{ marginBottom: 12 }} extra={extra}>
      {children}
    </Card>
  );
  const currentStep = customer.stage === 'LEAD_TERMINATED' ? -1 : STAGE_ORDER.indexOf(customer.stage);
  return (
    <div style={{ maxWidth: 1280, margin: '0 auto', display: 'flex', gap: 24 }}>
      <div style={{ flex: 1, minWidth: 0 }}>
        <Space align="center" wrap style={{ marginBottom: 12 }}>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {customer.name}
          </Typography.Title>
          <StageTag stage={customer.stage} />
          {customer.archiveCode && (
            // The archived forms under this code (归档), each opening as the printable form.
            <Link to={`/archive?q=${encodeURIComponent(customer.archiveCode)}`}>
              <Tag color="purple">{customer.archiveCode}</Tag>
            </Link>
          )}
          <Typography.Text type="secondary">
            {t('customer.owner')} {customer.owner?.name ?? customer.ownerId} · {t('customer.firstContact')} {formatDate(customer.firstContactDate)} ·{' '}
            {labelOf('SourceChannel', customer.sourceChannel)}
          </Typography.Text>
          <LogInteractionButton customer={customer} />
        </Space>
        {section(
          'basics',
          <>
            <Descriptions size="small" column={desk ? 2 : 1} bordered styles={{ label: { whiteSpace: 'nowrap' } }}>
              <Descriptions.Item label={t('customer.name')}>{customer.name}</Descriptions.Item>
              <Descriptions.Item label={t('customer.kind')}>{labelOf('CustomerKind', customer.kind)}</Descriptions.Item>
              <Descriptions.Item label={t('customer.industry')}>
                {customer.industry.sectionName} / {customer.industry.name} ({customer.industry.code})
              </Descriptions.Item>
              <Descriptions.Item label={t('customer.firstContact')}>{formatDate(customer.firstContactDate)}</Descriptions.Item>
              <Descriptions.Item label={t('customer.source')}>
                {labelOf('SourceChannel', customer.sourceChannel)}
                {customer.sourceDetail ? ` · ${customer.sourceDetail}` : ''}
              </Descriptions.Item>
              <Descriptions.Item label={t('customer.owner')}>{customer.owner?.name ?? customer.ownerId}</Descriptions.Item>
              {customer.ownerHistory.length > 1 && (
                // Who held the customer before, so a hand-over does not lose its story.
                <Descriptions.Item label={t('customer.ownerHistory')} span={desk ? 2 : 1}>
                  <ol aria-label={t('customer.ownerHistory')} style={{ margin: 0, paddingInlineStart: 18 }}>
                    {customer.ownerHistory.map((o) => (
                      <li key={o.since}>
                        {t('customer.ownerSince', { name: o.owner?.name ?? '', date: formatDate(o.since, timezone) })}
                        {o.reason ? `${t('common.colon')}${o.reason}` : ''}
                      </li>
                    ))}
                  </ol>
                </Descriptions.Item>
              )}
            </Descriptions>
            <Typography.Title level={5} style={{ marginTop: 16 }}>
              {t('customer.contacts')}
            </Typography.Title>
            <List
              size="small"
              dataSource={customer.contacts}
              renderItem={(c, i) => (
                <List.Item key={c.id}>
                  <Space wrap>
                    <Typography.Text strong>{c.name}</Typography.Text>
                    <Tag>{labelOf('ContactRole', c.role)}</Tag>
                    {c.title && <Typography.Text type="secondary">{c.title}</Typography.Text>}
                    <span>
                      {t('customer.phone')}{t('common.colon')}<FieldValue restricted={r('contacts', i, 'phone')} value={c.phone} />
                    </span>
                    <span>
                      {t('customer.email')}{t('common.colon')}<FieldValue restricted={r('contacts', i, 'email')} value={c.email} />
                    </span>
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
                  <div>
                    <Space wrap size={4}>
                      <Typography.Text strong>{formatDateTime(node.occurredAt, timezone)}</Typography.Text>
                      <Tag>{labelOf('InteractionMethod', node.method)}</Tag>
                      {node.isFirstContact && <Tag color="blue">{t('customer.firstInteraction')}</Tag>}
                      {node.loggedLate && <Tag color="error">{t('customer.loggedLate')}</Tag>}
                      <Typography.Text type="secondary">{node.author?.name}</Typography.Text>
                    </Space>
                    <Typography.Paragraph style={{ margin: '4px 0' }}>{node.summary}</Typography.Paragraph>
                    <Typography.Text type="secondary">
                      {t('customer.nextActionOf')}{t('common.colon')}{node.nextAction.content} · {formatDateTime(node.nextAction.dueAt, timezone)} ·{' '}
                      {labelOf('NextActionStatus', node.nextAction.status)}
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
                <List.Item key={n.id}>
                  <Space>
                    <Tag color={n.kind === 'EXPLICIT' ? 'blue' : 'default'}>{labelOf('NeedKind', n.kind)}</Tag>
                    {n.description}
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
                <List.Item key={p.id}>
                  <div>
                    <div>{p.description}</div>
                    <Typography.Text type="secondary">
                      {t('customer.linkedNeeds')}{t('common.colon')}{p.needIds.map((nid) => needText.get(nid) ?? nid).join('；')}
                    </Typography.Text>
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
            <Steps
              size="small"
              direction={desk ? 'horizontal' : 'vertical'}
              current={currentStep}
              status={customer.stage === 'LEAD_TERMINATED' ? 'error' : 'process'}
              items={STAGE_ORDER.map((s) => {
                const entered = [...customer.stageHistory].reverse().find((h) => h.to === s);
                return { title: labelOf('SalesStage', s), description: entered ? formatDate(entered.at, timezone) : undefined };
              })}
            />
            {customer.stage === 'LEAD_TERMINATED' && (
              <Alert style={{ marginTop: 12 }} type="error" message={`${labelOf('SalesStage', 'LEAD_TERMINATED')}：${customer.terminationReason ?? ''}`} />
            )}
            <Typography.Title level={5} style={{ marginTop: 16 }}>
              {t('customer.stageHistory')}
            </Typography.Title>
            <List
              size="small"
              dataSource={[...customer.stageHistory].reverse()}
              renderItem={(h, i) => (
                <List.Item key={`${h.at}-${i}`}>
                  <Typography.Text>
                    {formatDateTime(h.at, timezone)} · {h.from ? `${labelOf('SalesStage', h.from)} → ` : ''}
                    {labelOf('SalesStage', h.to)}
                    {h.reason ? ` · ${h.reason}` : ''}
                  </Typography.Text>
                </List.Item>
              )}
            />
          </>,
          writes ? <ChangeStage customerId={customer.id} stage={customer.stage} version={customer.version} onChanged={() => void refetch()} /> : undefined,
        )}
        {section(
          'nextActions',
          <>
            {open.length === 0 && <Alert type="warning" showIcon message={t('customer.noOpenAction')} style={{ marginBottom: 8 }} />}
            <List
              size="small"
              dataSource={[...open, ...closed]}
              renderItem={(a) => {
                const due = dueText(a.dueAt, now, timezone, t);
                return (
                  <List.Item key={a.id} actions={a.status === 'OPEN' && writes ? [<NextActionButtons key="b" action={a} timezone={timezone} onChanged={() => void refetch()} />] : undefined}>
                    <div>
                      <Typography.Text strong={a.status === 'OPEN'} delete={a.status === 'CANCELLED'}>
                        {a.content}
                      </Typography.Text>
                      <div>
                        <Typography.Text type="secondary">
                          {t('customer.actionOwner')} {a.owner?.name ?? ''} · {formatDateTime(a.dueAt, timezone)} ·{' '}
                        </Typography.Text>
                        {a.status === 'OPEN' ? (
                          due.overdue ? <Tag color="error">{due.text}</Tag> : <Typography.Text type="secondary">{due.text}</Typography.Text>
                        ) : (
                          <Tag>{labelOf('NextActionStatus', a.status)}</Tag>
                        )}
                      </div>
                    </div>
                  </List.Item>
                );
              }}
            />
          </>,
        )}
        {section('remarks', <FieldValue restricted={r('remarks')} value={customer.remarks ? <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{customer.remarks}</Typography.Paragraph> : null} />)}
        {section(
          'review',
          r('reviews') ? (
            <FieldValue restricted value={null} />
          ) : customer.reviews.length ? (
            <List
              size="small"
              dataSource={customer.reviews}
              renderItem={(rv) => (
                <List.Item key={rv.id}>
                  <div>
                    <Space wrap>
                      <Tag color={rv.status === 'APPROVED' ? '#237804' : rv.status === 'CHANGES_REQUESTED' ? '#cf1322' : '#0958d9'}>{labelOf('ReviewStatus', rv.status)}</Tag>
                      <Typography.Text type="secondary">
                        {t('customer.submittedAt')} {formatDateTime(rv.submittedAt, timezone)}
                        {rv.decidedAt ? ` · ${rv.reviewer?.name ?? ''} ${formatDateTime(rv.decidedAt, timezone)}` : ''}
                      </Typography.Text>
                    </Space>
                    {rv.comments && <Typography.Paragraph style={{ margin: '4px 0' }}>{rv.comments}</Typography.Paragraph>}
                    {rv.findings.length > 0 && (
                      <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                        {rv.findings.map((f, i) => (
                          <li key={i}>{f.message}</li>
                        ))}
                      </ul>
                    )}
                  </div>
                </List.Item>
              )}
            />
          ) : (
            <Empty description={t('customer.noReviews')} />
          ),
        )}
      </div>
      {desk && (
        <div style={{ width: 160 }}>
          <Anchor
            offsetTop={16}
            items={SECTIONS.map((s) => ({ key: s, href: `#section-${s}`, title: t(`customer.section.${s}`) }))}
            onClick={(e) => e.preventDefault()}
            getCurrentAnchor={(active) => active}
          />
          <Button type="link" onClick={() => void refetch()} style={{ paddingLeft: 0 }}>
            {t('common.refresh')}
          </Button>
        </div>
      )}
    </div>
  );
}
