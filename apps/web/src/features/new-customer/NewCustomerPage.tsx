import { useMutation, useQuery } from '@apollo/client';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, DatePicker, Form, Grid, Input, List, Row, Segmented, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { graphql } from '../../gql';
import type { ContactRole, CustomerKind, SourceChannel } from '../../gql/graphql';
import { applyFieldErrors } from '../../ui/errors';
import { dayOf } from '../../ui/format';
import { errorWithReason, mapFormErrors } from '../../ui/formErrors';
import { useEnumLabels } from '../../ui/labels';
import { StageTag } from '../../ui/StageTag';
import { FormSelect } from '../../ui/FormSelect';
import { useViewer } from '../../ui/useTimezone';
import { IndustryCascader } from './IndustryCascader';

const SimilarCustomersQuery = graphql(`
  query SimilarCustomers($name: String!) {
    similarCustomers(name: $name, first: 8) {
      inOtherTeams
      customers {
        similarity
        customer {
          id
          name
          stage
          owner {
            id
            name
          }
        }
      }
    }
  }
`);

const CreateCustomerMutation = graphql(`
  mutation CreateCustomer($input: CreateCustomerInput!) {
    createCustomer(input: $input) {
      id
      name
    }
  }
`);

const KINDS: CustomerKind[] = ['ENTERPRISE', 'INDIVIDUAL'];
const CHANNELS: SourceChannel[] = ['TRADE_SHOW', 'PROACTIVE_VISIT', 'ONLINE_PROMOTION', 'REFERRAL', 'INBOUND', 'OTHER'];
const ROLES: ContactRole[] = ['DECISION_MAKER', 'EXECUTOR', 'INFLUENCER', 'TECHNICAL_EVALUATOR', 'PROCUREMENT', 'OTHER'];

export interface NewCustomerValues {
  name: string;
  kind: CustomerKind;
  industryCode: string[];
  firstContactDate: Dayjs;
  sourceChannel?: SourceChannel;
  sourceDetail?: string;
  contacts: { name: string; role?: ContactRole; title?: string; phone?: string; email?: string }[];
  remarks?: string;
}

const blank = (s: string | undefined) => (s?.trim() ? s.trim() : undefined);

/** The API's input from the form (the industry is the deepest level picked). */
export function toCreateInput(values: NewCustomerValues) {
  return {
    name: values.name.trim(),
    kind: values.kind,
    industryCode: values.industryCode[values.industryCode.length - 1] ?? '',
    firstContactDate: values.firstContactDate.format('YYYY-MM-DD'),
    sourceChannel: values.sourceChannel as SourceChannel,
    sourceDetail: blank(values.sourceDetail),
    remarks: blank(values.remarks),
    contacts: values.contacts.map((c) => ({
      name: c.name.trim(),
      role: c.role as ContactRole,
      title: blank(c.title),
      phone: blank(c.phone),
      email: blank(c.email),
    })),
  };
}

export function newCustomerFields(contacts: number): string[] {
  const fields = ['name', 'kind', 'industryCode', 'firstContactDate', 'sourceChannel', 'sourceDetail', 'remarks', 'contacts'];
  for (let i = 0; i < contacts; i++) fields.push(...['name', 'role', 'title', 'phone', 'email'].map((f) => `contacts.${i}.${f}`));
  return fields;
}

/** What is typed, settled for a moment (the similar-names look-up runs on this). */
function useSettled(value: string, ms = 300): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** Names like the one being typed, before saving: the same name (a duplicate) first, then similar ones. */
export function SimilarNames({ name }: { name: string }) {
  const { t } = useTranslation();
  const settled = useSettled(name.trim());
  const { data } = useQuery(SimilarCustomersQuery, { variables: { name: settled }, skip: settled.length < 2 });
  const result = settled.length >= 2 ? data?.similarCustomers : undefined;
  if (!result || (!result.customers.length && !result.inOtherTeams)) return null;
  const same = result.customers.filter((c) => c.similarity >= 0.999);
  const like = result.customers.filter((c) => c.similarity < 0.999);
  return (
    <div aria-live="polite" style={{ marginBottom: 16 }}>
      {same.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          message={t('newCustomer.duplicate')}
          description={
            <Space direction="vertical" size={2}>
              {same.map((c) => (
                <Link key={c.customer.id} to={`/customers/${c.customer.id}`}>
                  {c.customer.name}
                </Link>
              ))}
              <Typography.Text type="secondary">{t('newCustomer.duplicateHint')}</Typography.Text>
            </Space>
          }
        />
      )}
      {result.inOtherTeams && <Alert type="info" showIcon style={{ marginBottom: 8 }} message={t('newCustomer.otherTeams')} />}
      {like.length > 0 && (
        <Card size="small" title={t('newCustomer.similar')}>
          <List
            size="small"
            dataSource={like}
            renderItem={(c) => (
              <List.Item key={c.customer.id}>
                <Space wrap size={4}>
                  <Link to={`/customers/${c.customer.id}`}>{c.customer.name}</Link>
                  <StageTag stage={c.customer.stage} />
                  <Typography.Text type="secondary">{c.customer.owner?.name}</Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        </Card>
      )}
    </div>
  );
}

/** 新建客户: the form's section 1 (客户基础信息) and its contacts on one screen. */
export default function NewCustomerPage() {
  const { t } = useTranslation();
  const { labelOf } = useEnumLabels();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { timezone } = useViewer();
  const desk = !!Grid.useBreakpoint().lg;
  const [form] = Form.useForm<NewCustomerValues>();
  const [general, setGeneral] = useState<string[]>([]);
  const [duplicateOf, setDuplicateOf] = useState<string | null>(null);
  const name = Form.useWatch('name', form) ?? '';
  const [create, { loading }] = useMutation(CreateCustomerMutation, { refetchQueries: ['CustomerList'] });
  const today = dayOf(new Date(), timezone);

  const save = async (values: NewCustomerValues) => {
    setGeneral([]);
    setDuplicateOf(null);
    try {
      const { data } = await create({ variables: { input: toCreateInput(values) } });
      if (!data) return;
      void message.success(t('newCustomer.saved', { name: data.createCustomer.name }));
      navigate(`/customers/${data.createCustomer.id}`);
    } catch (error) {
      const mapped = mapFormErrors(error, t, 'newCustomer', newCustomerFields(values.contacts.length));
      const duplicate = errorWithReason(error, 'DUPLICATE_CUSTOMER');
      if (duplicate) {
        // names no field of its own: it is about the name
        const text = t('newCustomer.reason.DUPLICATE_CUSTOMER');
        mapped.general = mapped.general.filter((g) => g !== text);
        (mapped.fields.name ??= []).push(text);
        setDuplicateOf(typeof duplicate.customerId === 'string' ? duplicate.customerId : null);
      }
      applyFieldErrors(form, mapped);
      setGeneral(mapped.general);
    }
  };

  const basics = (
    <Card size="small" title={t('newCustomer.basics')} style={{ marginBottom: 12 }}>
      <Form.Item name="name" label={t('newCustomer.name')} extra={t('newCustomer.nameHint')} rules={[{ required: true, whitespace: true, message: t('newCustomer.nameRequired') }]}>
        <Input autoFocus maxLength={200} placeholder={t('newCustomer.namePlaceholder')} />
      </Form.Item>
      {duplicateOf && (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: -12, marginBottom: 12 }}
          message={<Link to={`/customers/${duplicateOf}`}>{t('newCustomer.openExisting')}</Link>}
        />
      )}
      {!desk && <SimilarNames name={name} />}
      <Form.Item name="kind" label={t('newCustomer.kind')}>
        <Segmented options={KINDS.map((k) => ({ value: k, label: labelOf('CustomerKind', k) }))} />
      </Form.Item>
      <Form.Item
        name="industryCode"
        label={t('newCustomer.industry')}
        extra={t('newCustomer.industryHint')}
        rules={[
          { required: true, type: 'array', min: 1, message: t('newCustomer.industryRequired') },
          { type: 'array', min: 2, message: t('newCustomer.industryTooBroad') },
        ]}
      >
        <IndustryCascader />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={24} md={12}>
          <Form.Item name="firstContactDate" label={t('newCustomer.firstContactDate')} rules={[{ required: true, message: t('newCustomer.firstContactRequired') }]}>
            <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" disabledDate={(d) => d.format('YYYY-MM-DD') > today} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="sourceChannel" label={t('newCustomer.sourceChannel')} rules={[{ required: true, message: t('newCustomer.sourceRequired') }]}>
            <FormSelect options={CHANNELS.map((c) => ({ value: c, label: labelOf('SourceChannel', c) }))} placeholder={t('newCustomer.sourcePlaceholder')} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="sourceDetail" label={t('newCustomer.sourceDetail')}>
        <Input maxLength={200} placeholder={t('newCustomer.sourceDetailPlaceholder')} />
      </Form.Item>
    </Card>
  );

  const contacts = (
    <Card size="small" title={t('newCustomer.contacts')} style={{ marginBottom: 12 }}>
      <Form.List
        name="contacts"
        rules={[
          {
            validator: async (_, list: unknown[] | undefined) => {
              if (!list?.length) throw new Error(t('newCustomer.contactRequired'));
            },
          },
        ]}
      >
        {(fields, { add, remove }, { errors }) => (
          <>
            {fields.map((field, i) => (
              <div key={field.key} style={{ borderBottom: '1px dashed #f0f0f0', marginBottom: 12 }}>
                <Row gutter={8} align="top">
                  <Col xs={24} md={8}>
                    <Form.Item
                      name={[field.name, 'name']}
                      label={t('newCustomer.contactName')}
                      rules={[{ required: true, whitespace: true, message: t('newCustomer.contactNameRequired') }]}
                    >
                      <Input maxLength={100} placeholder={t('newCustomer.contactNamePlaceholder')} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={8}>
                    <Form.Item name={[field.name, 'role']} label={t('newCustomer.contactRole')} rules={[{ required: true, message: t('newCustomer.contactRoleRequired') }]}>
                      <FormSelect options={ROLES.map((r) => ({ value: r, label: labelOf('ContactRole', r) }))} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={8}>
                    <Form.Item name={[field.name, 'title']} label={t('newCustomer.contactTitle')}>
                      <Input maxLength={100} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={12}>
                    <Form.Item name={[field.name, 'phone']} label={t('newCustomer.contactPhone')}>
                      <Input inputMode="tel" maxLength={40} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={12}>
                    <Form.Item name={[field.name, 'email']} label={t('newCustomer.contactEmail')} rules={[{ type: 'email', message: t('newCustomer.emailInvalid') }]}>
                      <Input inputMode="email" maxLength={200} />
                    </Form.Item>
                  </Col>
                </Row>
                {fields.length > 1 && (
                  <Button type="text" danger={false} icon={<DeleteOutlined />} onClick={() => remove(field.name)} style={{ marginTop: -8, marginBottom: 8 }}>
                    {t('newCustomer.removeContact', { n: i + 1 })}
                  </Button>
                )}
              </div>
            ))}
            <Form.ErrorList errors={errors} />
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ role: 'EXECUTOR' })}>
              {t('newCustomer.addContact')}
            </Button>
          </>
        )}
      </Form.List>
    </Card>
  );

  return (
    <div style={{ maxWidth: 1100, margin: '0 auto' }}>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('newCustomer.title')}
      </Typography.Title>
      {general.length > 0 && <Alert type="error" showIcon role="alert" message={general.join(' ')} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
       
        onFinish={(v) => void save(v)}
        scrollToFirstError
        initialValues={{ kind: 'ENTERPRISE', firstContactDate: dayjs(today, 'YYYY-MM-DD'), contacts: [{ role: 'DECISION_MAKER' }] }}
      >
        <Row gutter={24}>
          <Col xs={24} lg={16}>
            {basics}
            {contacts}
            <Card size="small" title={t('newCustomer.remarks')} style={{ marginBottom: 12 }}>
              <Form.Item name="remarks" style={{ marginBottom: 0 }}>
                <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} placeholder={t('newCustomer.remarksPlaceholder')} aria-label={t('newCustomer.remarks')} />
              </Form.Item>
            </Card>
            <Space>
              <Button type="primary" htmlType="submit" loading={loading}>
                {t('newCustomer.save')}
              </Button>
              <Button onClick={() => navigate('/customers')}>{t('newCustomer.cancel')}</Button>
            </Space>
          </Col>
          {desk && (
            <Col lg={8}>
              <div style={{ position: 'sticky', top: 16 }}>
                <SimilarNames name={name} />
              </div>
            </Col>
          )}
        </Row>
      </Form>
    </div>
  );
}
