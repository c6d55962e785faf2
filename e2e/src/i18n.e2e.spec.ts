import { waitFor } from '@salestrail/testkit';
import { customerInput, devToken, TestSystem } from './system';

/*
 * Chinese first, English as well, through the gateway: each person reads notifications and review
 * findings in their language from the directory, with names and with times in their team's time zone
 * as people write them; the escalation says the configured delay (36 h here, not the default 24 h);
 * every enum has labels in both languages.
 */

const UPSERT_TEAM = `mutation ($input: TeamInput!) { upsertTeam(input: $input) { id } }`;
const ADD_USER = `mutation ($input: AddUserInput!) { addUser(input: $input) { id locale } }`;
const CREATE = `mutation ($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }`;
const LOG = `mutation ($input: LogInteractionInput!) { logInteraction(input: $input) { id } }`;
const NOTIFICATIONS = `{ notifications { kind kindLabel title body } }`;

interface Note {
  kind: string;
  kindLabel: string;
  title: string;
  body: string;
}

describe('texts in the reader language, through the gateway', () => {
  let system: TestSystem;
  let admin: string;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    system = await TestSystem.start('i18n', { WORKFLOW_ESCALATE_AFTER_HOURS: '36' });
    admin = await devToken('ADMIN', 'admin-1', null, { name: '孙伟' });
    const teams = [
      { id: 'team-i18n-east', name: '华东销售组', timezone: 'Asia/Shanghai', rep: ['rep-li', '李明', 'zh-CN'], manager: ['mgr-chen', '陈经理', 'zh-CN'] },
      { id: 'team-i18n-eu', name: 'Europe sales', timezone: 'Europe/Berlin', rep: ['rep-tom', 'Tom Berger', 'en'], manager: ['mgr-anna', 'Anna Vogel', 'en'] },
    ] as const;
    for (const t of teams) {
      await must(admin, UPSERT_TEAM, { input: { id: t.id, name: t.name, managerId: t.manager[0], timezone: t.timezone } });
      for (const [[id, name, locale], role] of [[t.rep, 'SALES_REP'], [t.manager, 'SALES_MANAGER']] as const) {
        await must(admin, ADD_USER, { input: { id, name, locale, role, teamId: t.id } });
        tokens[id] = await devToken(role, id, t.id, { name });
      }
    }
    await system.recordsKnow(['rep-li', 'mgr-chen', 'rep-tom', 'mgr-anna']);
  }, 120_000);
  afterAll(async () => {
    await system?.stop();
  });

  async function must<T>(token: string, query: string, variables?: Record<string, unknown>): Promise<T> {
    const res = await system.graphql<T>(token, query, variables);
    if (res.errors || !res.data) throw new Error(`${query.slice(0, 50)} → ${JSON.stringify(res.errors)}`);
    return res.data;
  }

  /** A customer whose next action was due on 25 March at 18:00 Beijing time: every reminder fires at once. */
  async function overdueCustomer(rep: string, name: string, content: string): Promise<string> {
    const { createCustomer } = await must<{ createCustomer: { id: string } }>(tokens[rep]!, CREATE, { input: customerInput(name) });
    await must(tokens[rep]!, LOG, {
      input: {
        customerId: createCustomer.id,
        occurredAt: '2026-03-24T10:00:00+08:00',
        method: 'PHONE_CALL',
        summary: '客户确认需要报价；约定三月二十五日前发送。',
        nextAction: { content, dueAt: '2026-03-25T18:00:00+08:00' },
      },
    });
    return createCustomer.id;
  }

  async function notes(person: string, kind: string): Promise<Note> {
    return waitFor(
      async () => (await must<{ notifications: Note[] }>(tokens[person]!, NOTIFICATIONS)).notifications.find((n) => n.kind === kind),
      { timeoutMs: 20_000, what: `${kind} for ${person}` },
    );
  }

  it('a zh-CN reader reads Chinese with names and 3月25日 18:00; the escalation says 36 小时', async () => {
    await overdueCustomer('rep-li', 'ABC公司', '把报价单发邮件给王总');
    expect(await notes('rep-li', 'NEXT_ACTION_OVERDUE')).toEqual({
      kind: 'NEXT_ACTION_OVERDUE',
      kindLabel: '下一步行动已逾期',
      title: '已逾期：把报价单发邮件给王总',
      body: 'ABC公司：“把报价单发邮件给王总”应于 3月25日 18:00 完成（负责人 李明）',
    });
    expect(await notes('mgr-chen', 'NEXT_ACTION_ESCALATED')).toMatchObject({
      kindLabel: '逾期上报',
      title: '逾期超过 36 小时（负责人 李明）：把报价单发邮件给王总',
    });
  });

  it('an en reader reads English, with the time in their team time zone', async () => {
    const customerId = await overdueCustomer('rep-tom', 'Weber Maschinenbau GmbH', 'Email the quote to Mr Weber');
    expect(await notes('rep-tom', 'NEXT_ACTION_OVERDUE')).toEqual({
      kind: 'NEXT_ACTION_OVERDUE',
      kindLabel: 'Next action overdue',
      title: 'Overdue: Email the quote to Mr Weber',
      body: 'Weber Maschinenbau GmbH: "Email the quote to Mr Weber" is due Mar 25, 11:00 (owner Tom Berger)',
    });
    expect(await notes('mgr-anna', 'NEXT_ACTION_ESCALATED')).toMatchObject({
      kindLabel: 'Overdue action escalated',
      title: 'Overdue for 36 hours (Tom Berger): Email the quote to Mr Weber',
    });

    // Review findings too: in the reader's language, or the one asked for.
    const submitted = await must<{ submitForReview: Array<{ findings: Array<{ code: string; codeLabel: string; message: string; zh: string }> }> }>(
      tokens['rep-tom']!,
      `mutation ($ids: [ID!]!) { submitForReview(customerIds: $ids) { findings { code codeLabel message zh: message(locale: "zh-CN") } } }`,
      { ids: [customerId] },
    );
    expect(submitted.submitForReview[0]!.findings).toContainEqual({
      code: 'OVERDUE_ACTION',
      codeLabel: 'Overdue next action',
      message: 'Next action "Email the quote to Mr Weber" was due Mar 25, 11:00',
      zh: '下一步行动“Email the quote to Mr Weber”应于 3月25日 11:00 完成，已逾期',
    });
    const bad = await system.graphql(tokens['rep-tom']!, `{ notifications { kindLabel(locale: "fr") } }`);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'locale', reason: 'UNSUPPORTED_LOCALE' });
  });

  it('labels NotificationKind, ReviewFindingCode, WebhookDeliveryStatus and AccessAction in both languages', async () => {
    const labels = async (locale: string) =>
      (await must<{ enumLabels: Array<{ enum: string; value: string; label: string }> }>(tokens['rep-li']!, `query ($l: String) { enumLabels(locale: $l) { enum value label } }`, { l: locale }))
        .enumLabels;
    const zh = await labels('zh-CN');
    const en = await labels('en');
    for (const name of ['NotificationKind', 'ReviewFindingCode', 'WebhookDeliveryStatus', 'AccessAction']) {
      const values = zh.filter((l) => l.enum === name);
      expect(values.length).toBeGreaterThan(2);
      expect(en.filter((l) => l.enum === name).map((l) => l.value)).toEqual(values.map((l) => l.value));
    }
    expect(zh).toContainEqual({ enum: 'WebhookDeliveryStatus', value: 'DELIVERED', label: '已送达' });
    expect(en).toContainEqual({ enum: 'WebhookDeliveryStatus', value: 'DELIVERED', label: 'Delivered' });
    expect(zh).toContainEqual({ enum: 'AccessAction', value: 'CUSTOMER_READ', label: '查看客户' });
    expect(en).toContainEqual({ enum: 'ReviewFindingCode', value: 'MISSING_BASICS', label: 'Missing basics' });
  });
});
