import { useApolloClient, useMutation, useQuery } from '@apollo/client';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, DatePicker, Drawer, Form, Grid, Input, Segmented, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../gql';
import type { InteractionMethod, NeedKind } from '../../gql/graphql';
import { applyFieldErrors } from '../../ui/errors';
import { zonedIso } from '../../ui/format';
import { mapFormErrors } from '../../ui/formErrors';
import { useEnumLabels } from '../../ui/labels';
import { FormSelect } from '../../ui/FormSelect';
import { useViewer } from '../../ui/useTimezone';
import { quickDue, wallClock, type QuickPick } from './quickDue';

const LogInteractionMutation = graphql(`
  mutation LogInteraction($input: LogInteractionInput!) {
    logInteraction(input: $input) {
      id
      customerId
      occurredAt
      method
      summary
      isFirstContact
      loggedLate
      speculativeTerms
      nextAction {
        id
        content
        dueAt
        status
      }
    }
  }
`);

export const ActionOwnersQuery = graphql(`
  query ActionOwners($teamId: ID) {
    users(filter: { teamId: $teamId, active: true }, first: 100) {
      edges {
        node {
          id
          name
          role
        }
      }
    }
  }
`);

const PickCustomerQuery = graphql(`
  query PickCustomer($search: String) {
    customers(filter: { search: $search }, first: 20) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);

export const METHODS: InteractionMethod[] = ['PHONE_CALL', 'IN_PERSON_MEETING', 'VIDEO_MEETING', 'SITE_VISIT', 'EMAIL', 'INSTANT_MESSAGE', 'OTHER'];
const LAST_METHOD_KEY = 'salestrail.lastMethod';
const FORMAT = 'YYYY-MM-DD HH:mm';

export interface LogInteractionValues {
  customerId?: string;
  occurredAt: Dayjs;
  method: InteractionMethod;
  summary: string;
  needs: { kind: NeedKind; description: string }[];
  painPoints: { description: string; needIndexes: number[] }[];
  nextAction: { content: string; ownerId?: string; dueAt?: Dayjs };
}

function lastMethod(): InteractionMethod {
  try {
    const stored = window.localStorage.getItem(LAST_METHOD_KEY) as InteractionMethod | null;
    return stored && METHODS.includes(stored) ? stored : 'PHONE_CALL';
  } catch {
    return 'PHONE_CALL';
  }
}

/** The input the API takes, the wall-clock pickers read in the team's zone. */
export function toLogInput(values: LogInteractionValues, customerId: string, timeZone: string) {
  const iso = (d: Dayjs) => zonedIso(d.format('YYYY-MM-DD'), d.format('HH:mm'), timeZone);
  const needs = (values.needs ?? []).map((n) => ({ kind: n.kind, description: n.description.trim() }));
  const painPoints = (values.painPoints ?? []).map((p) => ({ description: p.description.trim(), needIndexes: p.needIndexes ?? [] }));
  return {
    customerId,
    occurredAt: iso(values.occurredAt),
    method: values.method,
    summary: values.summary.trim(),
    needs: needs.length ? needs : undefined,
    painPoints: painPoints.length ? painPoints : undefined,
    nextAction: {
      content: values.nextAction.content.trim(),
      ownerId: values.nextAction.ownerId || undefined,
      dueAt: values.nextAction.dueAt ? iso(values.nextAction.dueAt) : '',
    },
  };
}

/** The fields a server error may name, for the rows the form holds now. */
export function logInteractionFields(needs: number, painPoints: number): string[] {
  const fields = ['customerId', 'occurredAt', 'method', 'summary', 'nextAction.content', 'nextAction.ownerId', 'nextAction.dueAt', 'needs', 'painPoints'];
  for (let i = 0; i < needs; i++) fields.push(`needs.${i}.kind`, `needs.${i}.description`);
  for (let i = 0; i < painPoints; i++) fields.push(`painPoints.${i}.description`, `painPoints.${i}.needIndexes`, `painPoints.${i}.needIds`, `painPoints.${i}`);
  return fields;
}

/** Enter moves to the next field (not in a select, where it picks; Shift+Enter is a new line in a text area). */
function focusNextField(from: HTMLElement, root: HTMLElement): void {
  const all = Array.from(root.querySelectorAll<HTMLElement>('input, textarea')).filter((el) => {
    if ((el as HTMLInputElement).disabled || el.getAttribute('type') === 'hidden' || el.getAttribute('aria-hidden') === 'true') return false;
    if (el instanceof HTMLInputElement && el.type === 'radio' && !el.checked) return false;
    if (el.closest('.ant-select-dropdown, .ant-picker-dropdown')) return false;
    return true;
  });
  const at = all.indexOf(from);
  const next = all[at + 1];
  if (next) {
    next.focus();
    return;
  }
  root.querySelector<HTMLButtonElement>('[data-save]')?.focus();
}

interface Props {
  open: boolean;
  onClose: () => void;
  /** The customer, when opened from its page; otherwise the drawer asks for one first. */
  customer?: { id: string; name: string } | null;
}

/**
 * 记录沟通: the form's step 2, 3 and 5 in its order, one drawer (full screen on a phone). The next
 * action is required; the server's words (VAGUE_NEXT_ACTION with the form's example, a deadline before
 * the call) land on the field it names. Enter moves on, Ctrl+Enter saves.
 */
export function LogInteractionDrawer({ open, onClose, customer }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { labelOf } = useEnumLabels();
  const { me, team, timezone } = useViewer();
  const phone = !Grid.useBreakpoint().md;
  const [form] = Form.useForm<LogInteractionValues>();
  const [general, setGeneral] = useState<string[]>([]);
  const [conflict, setConflict] = useState(false);
  const [reloading, setReloading] = useState(false);
  const client = useApolloClient();
  const [customerSearch, setCustomerSearch] = useState('');
  const [focusNeed, setFocusNeed] = useState<number | null>(null);
  const [focusPain, setFocusPain] = useState<number | null>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const needs = Form.useWatch('needs', form) ?? [];
  const { data: people } = useQuery(ActionOwnersQuery, { variables: { teamId: me?.teamId ?? null }, skip: !open || !me });
  const { data: picked } = useQuery(PickCustomerQuery, {
    variables: { search: customerSearch.trim() || null },
    skip: !open || !!customer,
  });
  const [log, { loading: saving }] = useMutation(LogInteractionMutation, {
    refetchQueries: ['CustomerRecord', 'Workbench', 'FridayRecords'],
    awaitRefetchQueries: true,
  });

  // A fresh form each time the drawer opens (what was typed is never reset under the person's hands)
  useEffect(() => {
    if (!open) return;
    setGeneral([]);
    setConflict(false);
    form.resetFields();
    form.setFieldsValue({ customerId: customer?.id, method: lastMethod(), needs: [], painPoints: [], nextAction: { content: '' } });
  }, [open, customer?.id, form]);
  // Defaults that arrive with the viewer: now in the team's zone, the owner = me; only where still empty
  useEffect(() => {
    if (!open) return;
    if (!form.isFieldTouched('occurredAt')) form.setFieldValue('occurredAt', dayjs(wallClock(new Date(), timezone), FORMAT));
    if (me && !form.getFieldValue(['nextAction', 'ownerId'])) form.setFieldValue(['nextAction', 'ownerId'], me.id);
  }, [open, me, timezone, form]);

  const setQuick = (pick: QuickPick) => {
    const { day, time } = quickDue(pick, new Date(), timezone, team?.workdayEnd ?? '18:00');
    form.setFieldValue(['nextAction', 'dueAt'], dayjs(`${day} ${time}`, FORMAT));
    void form.validateFields([['nextAction', 'dueAt']]).catch(() => undefined);
  };

  const save = async () => {
    let values: LogInteractionValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const customerId = customer?.id ?? values.customerId;
    if (!customerId) return;
    setGeneral([]);
    setConflict(false);
    try {
      const { data } = await log({ variables: { input: toLogInput(values, customerId, timezone) } });
      try {
        window.localStorage.setItem(LAST_METHOD_KEY, values.method);
      } catch {
        // private mode
      }
      const terms = data?.logInteraction.speculativeTerms ?? [];
      void message.success(t('logInteraction.saved'));
      if (terms.length) void message.warning(t('logInteraction.speculative', { terms: terms.join('、') }), 6);
      onClose();
    } catch (error) {
      const mapped = mapFormErrors(error, t, 'logInteraction', logInteractionFields(values.needs?.length ?? 0, values.painPoints?.length ?? 0));
      applyFieldErrors(form, mapped);
      // Someone changed the record meanwhile: say so once, with the reload that keeps what was typed.
      setConflict(mapped.conflict);
      setGeneral(mapped.conflict ? [] : mapped.general);
    }
  };

  /** Reads the record again (the page behind the drawer too); the form is left as typed. */
  const reload = async () => {
    setReloading(true);
    try {
      await client.refetchQueries({ include: ['CustomerRecord', 'PickCustomer'] });
      setConflict(false);
      void message.info(t('salesDesk.logInteraction.reloaded'));
    } catch {
      setGeneral([t('errors.network')]);
    } finally {
      setReloading(false);
    }
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'Enter' || e.nativeEvent.isComposing) return;
    if (e.ctrlKey || e.metaKey) {
      e.preventDefault();
      void save();
      return;
    }
    const el = e.target as HTMLElement;
    if (e.shiftKey || !(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement)) return;
    if (el.closest('.ant-select')) return;
    const root = bodyRef.current;
    if (!root) return;
    if (el.closest('.ant-picker')) {
      // after the picker has taken the typed date
      setTimeout(() => focusNextField(el, root), 0);
      return;
    }
    e.preventDefault();
    focusNextField(el, root);
  };

  const needOptions = needs.map((n, i) => ({
    value: i,
    label: n?.description?.trim() ? n.description : t('logInteraction.needN', { n: i + 1 }),
  }));
  const users = people?.users.edges.map((e) => e.node) ?? [];
  const ownerOptions = users.length ? users.map((u) => ({ value: u.id, label: u.name })) : me ? [{ value: me.id, label: me.name }] : [];

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={customer ? t('logInteraction.titleFor', { name: customer.name }) : t('logInteraction.title')}
      width={phone ? '100%' : 600}
      destroyOnHidden
      styles={{ body: { paddingBottom: 16 } }}
      footer={
        <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
          {/* keys are for a keyboard: a phone's footer keeps its room for the buttons */}
          {phone ? <span /> : <Typography.Text type="secondary">{t('logInteraction.keysHint')}</Typography.Text>}
          <Space>
            <Button onClick={onClose}>{t('common.close')}</Button>
            <Button type="primary" loading={saving} onClick={() => void save()} data-save>
              {t('common.save')}
            </Button>
          </Space>
        </Space>
      }
    >
      <div ref={bodyRef} onKeyDown={onKeyDown}>
        {general.length > 0 && <Alert type="error" showIcon message={general.join(' ')} style={{ marginBottom: 12 }} role="alert" />}
        {conflict && (
          <Alert
            type="warning"
            showIcon
            role="alert"
            message={t('errors.conflict')}
            style={{ marginBottom: 12 }}
            action={
              <Button size="small" onClick={() => void reload()} loading={reloading}>
                {t('errors.reload')}
              </Button>
            }
          />
        )}
        <Form form={form} layout="vertical" onFinish={() => void save()} aria-label={t('logInteraction.title')}>
          {!customer && (
            <Form.Item name="customerId" label={t('logInteraction.customer')} rules={[{ required: true, message: t('logInteraction.customerRequired') }]}>
              <FormSelect
                showSearch
                autoFocus
                filterOption={false}
                onSearch={setCustomerSearch}
                placeholder={t('logInteraction.customerPlaceholder')}
                options={picked?.customers.edges.map((e) => ({ value: e.node.id, label: e.node.name })) ?? []}
              />
            </Form.Item>
          )}
          <Form.Item
            name="occurredAt"
            label={t('logInteraction.occurredAt')}
            extra={t('logInteraction.zone', { zone: timezone })}
            rules={[{ required: true, message: t('logInteraction.occurredAtRequired') }]}
          >
            <DatePicker showTime={{ format: 'HH:mm' }} format={FORMAT} style={{ width: '100%' }} autoFocus={!!customer} allowClear={false} />
          </Form.Item>
          <Form.Item name="method" label={t('logInteraction.method')} rules={[{ required: true }]}>
            {phone ? (
              // seven methods do not fit a phone's width as segments (they shrink to "电…"): a select there
              <FormSelect options={METHODS.map((m) => ({ value: m, label: labelOf('InteractionMethod', m) }))} />
            ) : (
              <Segmented options={METHODS.map((m) => ({ value: m, label: labelOf('InteractionMethod', m) }))} />
            )}
          </Form.Item>
          <Form.Item
            name="summary"
            label={t('logInteraction.summary')}
            extra={t('logInteraction.summaryHint')}
            rules={[{ required: true, whitespace: true, message: t('logInteraction.summaryRequired') }]}
          >
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} placeholder={t('logInteraction.summaryPlaceholder')} maxLength={4000} />
          </Form.Item>

          <Typography.Title level={5}>{t('logInteraction.needs')}</Typography.Title>
          <Form.List name="needs">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field, i) => (
                  <Space key={field.key} align="start" style={{ display: 'flex', width: '100%' }} wrap={phone}>
                    <Form.Item name={[field.name, 'kind']} initialValue="EXPLICIT" style={{ marginBottom: 8 }}>
                      <Segmented
                        size="small"
                        options={(['EXPLICIT', 'INFERRED'] as NeedKind[]).map((k) => ({ value: k, label: labelOf('NeedKind', k) }))}
                        aria-label={t('logInteraction.needKind', { n: i + 1 })}
                      />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'description']}
                      style={{ flex: 1, marginBottom: 8, minWidth: phone ? 260 : 300 }}
                      rules={[{ required: true, whitespace: true, message: t('logInteraction.needRequired') }]}
                    >
                      <Input
                        aria-label={t('logInteraction.needN', { n: i + 1 })}
                        placeholder={t('logInteraction.needPlaceholder')}
                        autoFocus={focusNeed === i}
                        maxLength={500}
                      />
                    </Form.Item>
                    <Button
                      type="text"
                      icon={<DeleteOutlined />}
                      aria-label={t('logInteraction.removeNeed', { n: i + 1 })}
                      onClick={() => {
                        remove(field.name);
                        // pain points point at needs by position: keep them pointing at the same ones
                        const pains = (form.getFieldValue('painPoints') ?? []) as LogInteractionValues['painPoints'];
                        form.setFieldValue(
                          'painPoints',
                          pains.map((p) => ({ ...p, needIndexes: (p.needIndexes ?? []).filter((x) => x !== i).map((x) => (x > i ? x - 1 : x)) })),
                        );
                      }}
                    />
                  </Space>
                ))}
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() => {
                    setFocusNeed(fields.length);
                    add({ kind: 'EXPLICIT', description: '' });
                  }}
                  style={{ marginBottom: 16 }}
                >
                  {t('logInteraction.addNeed')}
                </Button>
              </>
            )}
          </Form.List>

          <Typography.Title level={5}>{t('logInteraction.painPoints')}</Typography.Title>
          <Form.List name="painPoints">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field, i) => (
                  <div key={field.key} style={{ display: 'flex', gap: 8, flexWrap: phone ? 'wrap' : 'nowrap', alignItems: 'flex-start' }}>
                    <Form.Item
                      name={[field.name, 'description']}
                      style={{ flex: 1, marginBottom: 8, minWidth: 220 }}
                      rules={[{ required: true, whitespace: true, message: t('logInteraction.painRequired') }]}
                    >
                      <Input aria-label={t('logInteraction.painN', { n: i + 1 })} placeholder={t('logInteraction.painPlaceholder')} autoFocus={focusPain === i} maxLength={500} />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'needIndexes']}
                      style={{ flex: 1, marginBottom: 8, minWidth: 200 }}
                      rules={[{ required: true, type: 'array', min: 1, message: t('logInteraction.painNeedRequired') }]}
                    >
                      <FormSelect
                        mode="multiple"
                        optionFilterProp="label"
                        aria-label={t('logInteraction.painNeeds', { n: i + 1 })}
                        placeholder={t('logInteraction.painNeedsPlaceholder')}
                        options={needOptions}
                        notFoundContent={t('logInteraction.noNeedsYet')}
                      />
                    </Form.Item>
                    <Button type="text" icon={<DeleteOutlined />} aria-label={t('logInteraction.removePain', { n: i + 1 })} onClick={() => remove(field.name)} />
                  </div>
                ))}
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() => {
                    setFocusPain(fields.length);
                    add({ description: '', needIndexes: needs.length === 1 ? [0] : [] });
                  }}
                  style={{ marginBottom: 16 }}
                >
                  {t('logInteraction.addPain')}
                </Button>
              </>
            )}
          </Form.List>

          <Typography.Title level={5}>{t('logInteraction.nextAction')}</Typography.Title>
          <Form.Item
            name={['nextAction', 'content']}
            label={t('logInteraction.actionContent')}
            extra={t('logInteraction.actionHint')}
            rules={[{ required: true, whitespace: true, message: t('logInteraction.actionRequired') }]}
          >
            <Input placeholder={t('logInteraction.actionPlaceholder')} maxLength={500} />
          </Form.Item>
          <Form.Item name={['nextAction', 'ownerId']} label={t('logInteraction.actionOwner')} rules={[{ required: true, message: t('logInteraction.ownerRequired') }]}>
            <FormSelect showSearch optionFilterProp="label" options={ownerOptions} />
          </Form.Item>
          <Form.Item label={t('logInteraction.actionDue')} required style={{ marginBottom: 0 }}>
            <Form.Item
              name={['nextAction', 'dueAt']}
              dependencies={['occurredAt']}
              rules={[
                { required: true, message: t('logInteraction.dueRequired') },
                ({ getFieldValue }) => ({
                  validator: (_, value: Dayjs | undefined) => {
                    const occurred = getFieldValue('occurredAt') as Dayjs | undefined;
                    if (value && occurred && !value.isAfter(occurred)) return Promise.reject(new Error(t('logInteraction.dueAfterOccurred')));
                    return Promise.resolve();
                  },
                }),
              ]}
            >
              <DatePicker showTime={{ format: 'HH:mm' }} format={FORMAT} style={{ width: '100%' }} aria-label={t('logInteraction.actionDue')} />
            </Form.Item>
            <Space wrap style={{ marginBottom: 16 }}>
              <Button size="small" onClick={() => setQuick('todayEnd')}>
                {t('logInteraction.quick.todayEnd')}
              </Button>
              <Button size="small" onClick={() => setQuick('tomorrow')}>
                {t('logInteraction.quick.tomorrow')}
              </Button>
              <Button size="small" onClick={() => setQuick('nextMonday')}>
                {t('logInteraction.quick.nextMonday')}
              </Button>
            </Space>
          </Form.Item>
        </Form>
      </div>
    </Drawer>
  );
}
