import { seedPeople } from '@salestrail/testkit';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { customerInput, devToken, TestSystem } from './system';
import { DESK, launchBrowser, PHONE, screenshot, scrollWidth, seriousAccessibilityViolations, signedInContext, TEST_OIDC } from './web-browser';

/*
 * Every main screen of the salesperson, at a desk's and a phone's width, in Chinese (and a few in English),
 * on fixed data: `npm run screenshots` runs this file with SALESTRAIL_SCREENSHOTS=1 and it writes
 * docs/screenshots/*.png. Without the variable it is a plain browser test of the same screens: each one
 * shows its data, has no serious accessibility finding and, on a phone, no sideways scroll.
 *
 * The browser's clock is frozen at 20:00 (Asia/Shanghai) of the day the run starts, and every date the
 * data carries is set relative to that day, so the pictures say the same ("已逾期 1 天", "2 天后到期")
 * whenever they are taken; only the calendar dates follow the day. The servers keep their own clock:
 * what they stamp (stage history, changes, notifications) is the run's real time, before 20:00 that day
 * when run during the day in China.
 */

const CREATE = `mutation ($input: CreateCustomerInput!) { createCustomer(input: $input) { id version } }`;
const LOG = `mutation ($input: LogInteractionInput!) { logInteraction(input: $input) { id } }`;
const VERSION = `query ($id: ID!) { customer(id: $id) { version } }`;
const STAGE = `mutation ($id: ID!, $version: Int!) { changeStage(customerId: $id, to: NEEDS_CONFIRMED, expectedVersion: $version) { id } }`;
const SUBMIT = `mutation ($ids: [ID!]!) { submitForReview(customerIds: $ids) { id } }`;
const DECIDE = `mutation ($id: ID!, $comments: String!) { decideReview(id: $id, decision: REQUEST_CHANGES, comments: $comments) { id } }`;
const NOTIFICATIONS = `{ notifications { kind } }`;

const SUMMARY = '客户表示现有供应商交货周期长，希望缩短至7天；我方介绍了智能仓储系统的效率提升；客户有兴趣，约定3月25日现场演示。';
const PAIN = '人工分拣效率低导致产能不足';
const ACTION = '发送产品详细参数表至客户邮箱';
const WAIT = { timeout: 60_000 };

/** The day the run starts in China (YYYY-MM-DD), and that day shifted by `days`. */
const TODAY = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
function day(days: number): string {
  return new Date(Date.parse(`${TODAY}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
/** An instant on `day(days)` at `time` in Asia/Shanghai. */
const at = (days: number, time: string) => `${day(days)}T${time}:00+08:00`;
const FROZEN_NOW = new Date(at(0, '20:00'));

describe('the salesperson\'s screens on fixed data (the pictures in docs/screenshots)', () => {
  let system: TestSystem;
  let browser: Browser;
  let base: string;
  let rep: string;
  let marketing: string;
  let abcId: string;

  beforeAll(async () => {
    system = await TestSystem.start('screens', {
      WEB_OIDC_ISSUER: TEST_OIDC.issuer,
      WEB_OIDC_CLIENT_ID: TEST_OIDC.clientId,
      // No escalation within the run: the notifications are the same whatever the hour.
      WORKFLOW_ESCALATE_AFTER_HOURS: '240',
    });
    base = `http://127.0.0.1:${system.ports.gateway}`;
    const { tokens } = await seedPeople(system, await devToken('ADMIN', 'admin-1', null))
      .team('team-east', '华东销售组')
      .manager('manager-1', '陈经理')
      .rep('rep-1', '李明')
      .create();
    rep = tokens['rep-1']!;
    const manager = tokens['manager-1']!;
    marketing = await devToken('MARKETING', 'marketing-1', null, { name: '刘芳' });
    const create = async (name: string, extra: Record<string, unknown>) => {
      const res = await system.graphql<{ createCustomer: { id: string } }>(rep, CREATE, { input: customerInput(name, extra) });
      expect(res.errors).toBeUndefined();
      return res.data!.createCustomer.id;
    };
    const log = async (input: Record<string, unknown>) => {
      const res = await system.graphql(rep, LOG, { input });
      expect(res.errors).toBeUndefined();
    };

    const waitForNotifications = (kinds: string[]) =>
      waitFor(async () => {
        const res = await system.graphql<{ notifications: Array<{ kind: string }> }>(rep, NOTIFICATIONS);
        const have = new Set(res.data?.notifications.map((n) => n.kind));
        return kinds.every((k) => have.has(k));
      });

    // The form's example: ABC公司, its contacts, the 2024-03-20 call with needs, a pain point and the next
    // action, then 需求确认.
    abcId = await create('ABC公司', {
      industryCode: 'C3612',
      sourceChannel: 'TRADE_SHOW',
      firstContactDate: '2024-03-15',
      remarks: '客户对价格敏感，注意长期维护成本',
      contacts: [
        { name: '王总', role: 'DECISION_MAKER', phone: '13800138000' },
        { name: '赵主管', role: 'EXECUTOR', email: 'zhao@abc.example' },
      ],
    });
    await log({
      customerId: abcId,
      occurredAt: '2024-03-20T14:30:00+08:00',
      method: 'PHONE_CALL',
      summary: SUMMARY,
      needs: [
        { kind: 'EXPLICIT', description: '预算50万以内' },
        { kind: 'INFERRED', description: '对长期维护成本敏感' },
      ],
      painPoints: [{ description: PAIN, needIndexes: [0] }],
      nextAction: { content: ACTION, dueAt: at(2, '18:00') },
    });
    const version = await system.graphql<{ customer: { version: number } }>(rep, VERSION, { id: abcId });
    const staged = await system.graphql(rep, STAGE, { id: abcId, version: version.data!.customer.version });
    expect(staged.errors).toBeUndefined();

    // Submitted and sent back (below).
    const starId = await create('星海贸易有限公司', { industryCode: 'F51', sourceChannel: 'ONLINE_PROMOTION', contacts: [{ name: '周经理', role: 'INFLUENCER' }] });
    await log({
      customerId: starId,
      occurredAt: at(-1, '10:30'),
      method: 'INSTANT_MESSAGE',
      summary: '客户了解了仓储系统的报价区间，表示下月预算会议后再联系。',
      nextAction: { content: '预算会议后电话确认采购意向', dueAt: at(9, '10:00') },
    });
    // Nothing to do before next year.
    const quietId = await create('南京宏远机电设备有限公司', { industryCode: 'C3411', sourceChannel: 'PROACTIVE_VISIT', firstContactDate: '2024-02-01' });
    await log({
      customerId: quietId,
      occurredAt: at(-2, '09:00'),
      method: 'PHONE_CALL',
      summary: '客户表示今年暂无采购计划，同意明年一季度再沟通。',
      nextAction: { content: '明年一季度回访，了解采购计划', dueAt: at(40, '10:00') },
    });

    // Overdue by a day.
    const xyzId = await create('XYZ物流', { industryCode: 'G5990', sourceChannel: 'REFERRAL', contacts: [{ name: '李经理', role: 'DECISION_MAKER', phone: '13900139000' }] });
    await log({
      customerId: xyzId,
      occurredAt: at(-3, '15:00'),
      method: 'IN_PERSON_MEETING',
      summary: '客户询问智能仓储系统的部署周期，我方说明标准部署需要6周。',
      nextAction: { content: '发送正式报价单至李经理邮箱', dueAt: at(-1, '17:00') },
    });

    // Workflow applies the records' events in order: once the last one's reminders reached 李明, its
    // completeness check sees every record as it now is.
    await waitForNotifications(['NEXT_ACTION_DUE_SOON', 'NEXT_ACTION_OVERDUE']);

    // ABC公司 submitted; 星海贸易有限公司 submitted and sent back by the manager, with comments.
    const abcSubmitted = await system.graphql(rep, SUBMIT, { ids: [abcId] });
    expect(abcSubmitted.errors).toBeUndefined();
    const submitted = await system.graphql<{ submitForReview: Array<{ id: string }> }>(rep, SUBMIT, { ids: [starId] });
    expect(submitted.errors).toBeUndefined();
    const decided = await system.graphql(manager, DECIDE, {
      id: submitted.data!.submitForReview[0]!.id,
      comments: '请补充决策人及其联系电话，需求要写具体。',
    });
    expect(decided.errors).toBeUndefined();

    await waitForNotifications(['REVIEW_DECIDED']);
    browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  /** A signed-in tab whose clock stands still at FROZEN_NOW; `en` switches the app to English. */
  async function open(width: 'desk' | 'phone', options: { en?: boolean; token?: string; person?: { sub: string; name: string } } = {}): Promise<{ context: BrowserContext; page: Page }> {
    const context = await signedInContext(browser, options.token ?? rep, options.person ?? { sub: 'rep-1', name: '李明' }, {
      viewport: width === 'desk' ? DESK : PHONE,
      now: FROZEN_NOW,
    });
    if (options.en) await context.addInitScript({ content: `localStorage.setItem('salestrail.locale', 'en');` });
    await context.clock.setFixedTime(FROZEN_NOW);
    const page = await context.newPage();
    page.on('pageerror', (e) => console.log('PAGEERROR', e.message));
    return { context, page };
  }

  async function checkPhone(page: Page): Promise<void> {
    expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);
  }

  it('workbench: overdue first, then the coming days', async () => {
    for (const width of ['desk', 'phone'] as const) {
      const { context, page } = await open(width);
      await page.goto(`${base}/`);
      await page.getByRole('heading', { name: '工作台' }).waitFor(WAIT);
      await page.getByRole('list', { name: '已逾期' }).getByText('发送正式报价单至李经理邮箱').waitFor(WAIT);
      await page.getByText(/已逾期 1 天/).first().waitFor(WAIT);
      await page.getByText(ACTION).first().waitFor(WAIT);
      await page.getByText(/2 天后到期/).first().waitFor(WAIT);
      if (width === 'phone') await checkPhone(page);
      await settle(page);
      await screenshot(page, `workbench-${width}`);
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await context.close();
    }
  }, 120_000);

  it('customers: the list at a desk, cards on a phone', async () => {
    for (const width of ['desk', 'phone'] as const) {
      const { context, page } = await open(width);
      await page.goto(`${base}/customers`);
      await page.getByRole('heading', { name: '客户', exact: true }).waitFor(WAIT);
      for (const name of ['ABC公司', 'XYZ物流', '星海贸易有限公司', '南京宏远机电设备有限公司']) await page.getByRole('link', { name }).first().waitFor(WAIT);
      await page.getByText('共 4 个客户').waitFor(WAIT);
      if (width === 'phone') {
        expect(await page.getByRole('table').count()).toBe(0);
        await checkPhone(page);
      }
      await settle(page);
      await screenshot(page, `customers-${width}`);
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await context.close();
    }
  }, 120_000);

  it('customer page: ABC公司 as the form has it', async () => {
    for (const width of ['desk', 'phone'] as const) {
      const { context, page } = await open(width);
      await page.goto(`${base}/customers/${abcId}`);
      await page.getByRole('heading', { name: 'ABC公司' }).waitFor(WAIT);
      for (const text of ['王总', '13800138000', '赵主管', SUMMARY, '预算50万以内', '对长期维护成本敏感', PAIN, ACTION, '线索培育 → 需求确认', '客户对价格敏感，注意长期维护成本']) {
        await page.getByText(text).first().waitFor(WAIT);
      }
      await page.getByText('2024-03-20 14:30').first().waitFor(WAIT);
      await page.locator('#section-review .ant-tag').first().waitFor(WAIT);
      if (width === 'phone') await checkPhone(page);
      await settle(page);
      await screenshot(page, `customer-${width}`);
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await context.close();
    }
  }, 120_000);

  it('customer page as MARKETING: the fields the role may not see are locked', async () => {
    const { context, page } = await open('desk', { token: marketing, person: { sub: 'marketing-1', name: '刘芳' } });
    await page.goto(`${base}/customers/${abcId}`);
    await page.getByRole('heading', { name: 'ABC公司' }).waitFor(WAIT);
    await page.locator('#section-remarks').getByLabel('受限').waitFor(WAIT);
    expect(await page.getByText('13800138000').count()).toBe(0);
    await settle(page);
    await screenshot(page, 'customer-restricted-desk');
    await context.close();
  }, 120_000);

  it('new customer: the industry cascader searched at a desk, the form filled on a phone', async () => {
    {
      const { context, page } = await open('desk');
      await page.goto(`${base}/customers/new`);
      await page.getByRole('heading', { name: '新建客户' }).waitFor(WAIT);
      await page.getByLabel('客户名称').fill('华东精密机械有限公司');
      await page.getByLabel('姓名').fill('孙总');
      await page.getByLabel('电话').fill('13700137000');
      const industry = page.getByRole('combobox', { name: '所属行业' });
      await industry.click();
      await industry.pressSequentially('新能源');
      await page.locator('.ant-cascader-menu-item', { hasText: '新能源车整车制造' }).first().waitFor(WAIT);
      await page.mouse.move(0, 0);
      await screenshot(page, 'new-customer-desk');
      await context.close();
    }
    {
      const { context, page } = await open('phone');
      await page.goto(`${base}/customers/new`);
      await page.getByRole('heading', { name: '新建客户' }).waitFor(WAIT);
      await page.getByLabel('客户名称').fill('ABC');
      // A similar name the team already has shows under the field while typing.
      await page.getByRole('link', { name: 'ABC公司' }).first().waitFor(WAIT);
      const industry = page.getByRole('combobox', { name: '所属行业' });
      await industry.click();
      await industry.pressSequentially('新能源');
      await page.locator('.ant-cascader-menu-item', { hasText: '新能源车整车制造' }).first().click(WAIT);
      await page.locator('.ant-cascader .ant-select-selection-item').getByText(/新能源车整车制造/).waitFor(WAIT);
      const source = page.getByRole('combobox', { name: '来源渠道' });
      await source.click();
      await page.getByTitle('展会推荐').click();
      await page.getByLabel('姓名').fill('王总');
      await page.getByLabel('电话').fill('13800138000');
      await checkPhone(page);
      await settle(page);
      await screenshot(page, 'new-customer-phone');
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await context.close();
    }
  }, 180_000);

  it('log an interaction: the drawer filled with the form\'s example', async () => {
    {
      const { context, page } = await open('desk');
      await page.goto(`${base}/customers/${abcId}`);
      await page.getByRole('heading', { name: 'ABC公司' }).waitFor(WAIT);
      await page.getByRole('button', { name: '记录沟通' }).first().click();
      const drawer = page.getByRole('dialog', { name: /记录沟通/ });
      await fillExample(page, drawer, { needs: true });
      await showWholeDrawer(page, drawer);
      await screenshot(page, 'log-interaction-desk', { screenOnly: true });
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await context.close();
    }
    {
      const { context, page } = await open('phone');
      await page.goto(`${base}/customers/${abcId}`);
      await page.getByRole('heading', { name: 'ABC公司' }).waitFor(WAIT);
      await page.getByRole('button', { name: '记录沟通' }).first().click();
      const drawer = page.getByRole('dialog', { name: /记录沟通/ });
      await fillExample(page, drawer, { needs: false });
      await checkPhone(page);
      await showWholeDrawer(page, drawer);
      await screenshot(page, 'log-interaction-phone', { screenOnly: true });
      await context.close();
    }
  }, 180_000);

  it('My Friday: sent back first, then this week\'s changes', async () => {
    for (const width of ['desk', 'phone'] as const) {
      const { context, page } = await open(width);
      await page.goto(`${base}/friday`);
      await page.getByRole('heading', { name: '本周提交' }).waitFor(WAIT);
      await page.getByText('请补充决策人及其联系电话，需求要写具体。').waitFor(WAIT);
      for (const name of ['XYZ物流', '星海贸易有限公司', '南京宏远机电设备有限公司']) await page.getByRole('checkbox', { name: `选择 ${name}` }).waitFor(WAIT);
      if (width === 'phone') await checkPhone(page);
      await settle(page);
      await screenshot(page, `friday-${width}`);
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await context.close();
    }
  }, 120_000);

  it('notifications: the reminders and the review\'s decision', async () => {
    for (const width of ['desk', 'phone'] as const) {
      const { context, page } = await open(width);
      await page.goto(`${base}/notifications`);
      await page.getByRole('heading', { name: '通知' }).waitFor(WAIT);
      await page.getByText(/发送正式报价单至李经理邮箱/).first().waitFor(WAIT);
      await page.getByText(/星海贸易有限公司/).first().waitFor(WAIT);
      if (width === 'phone') await checkPhone(page);
      await settle(page);
      await screenshot(page, `notifications-${width}`);
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await context.close();
    }
  }, 120_000);

  it('in English: workbench, customers and the customer page', async () => {
    const { context, page } = await open('desk', { en: true });
    await page.goto(`${base}/`);
    await page.getByRole('heading', { name: 'Workbench' }).waitFor(WAIT);
    await page.getByText('发送正式报价单至李经理邮箱').first().waitFor(WAIT);
    await settle(page);
    await screenshot(page, 'workbench-desk-en');
    await page.goto(`${base}/customers`);
    await page.getByRole('heading', { name: 'Customers' }).waitFor(WAIT);
    await page.getByRole('table').getByText('Needs confirmed').first().waitFor(WAIT);
    await settle(page);
    await screenshot(page, 'customers-desk-en');
    await page.goto(`${base}/customers/${abcId}`);
    await page.getByRole('heading', { name: 'ABC公司' }).waitFor(WAIT);
    await page.getByText(SUMMARY).first().waitFor(WAIT);
    await settle(page);
    await screenshot(page, 'customer-desk-en');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await context.close();
  }, 120_000);
});

/** The form's 2024-03-20 call typed into the drawer with the keyboard (needs and a pain point at a desk). */
async function fillExample(page: Page, drawer: Locator, options: { needs: boolean }): Promise<void> {
  const occurred = drawer.getByLabel('沟通时间');
  await occurred.waitFor(WAIT);
  await page.mouse.move(0, 0);
  await occurred.focus();
  await page.keyboard.press('Control+a');
  await page.keyboard.type('2024-03-20 14:30');
  await page.keyboard.press('Enter');
  await waitValue(occurred, '2024-03-20 14:30');
  await drawer.getByLabel('沟通内容摘要').focus();
  await page.keyboard.type(SUMMARY);
  if (options.needs) {
    await drawer.getByRole('button', { name: /添加需求/ }).press('Enter');
    await drawer.getByLabel('需求 1', { exact: true }).waitFor(WAIT);
    await drawer.getByLabel('需求 1', { exact: true }).fill('预算50万以内');
    await drawer.getByRole('button', { name: /添加需求/ }).press('Enter');
    await drawer.getByLabel('需求 2', { exact: true }).waitFor(WAIT);
    await drawer.getByLabel('需求 2', { exact: true }).fill('对长期维护成本敏感');
    await drawer.getByLabel('需求 2 的类型').getByText('潜在需求').click();
    await drawer.getByRole('button', { name: /添加痛点/ }).press('Enter');
    await drawer.getByLabel('痛点 1', { exact: true }).waitFor(WAIT);
    await drawer.getByLabel('痛点 1', { exact: true }).fill(PAIN);
    await drawer.getByRole('combobox', { name: '痛点 1 对应的需求' }).focus();
    await page.keyboard.type('预算');
    await page.locator('.ant-select-item-option', { hasText: '预算50万以内' }).waitFor(WAIT);
    await page.keyboard.press('Enter');
  }
  await drawer.getByLabel('行动内容').focus();
  await page.keyboard.type(ACTION);
  const due = drawer.getByLabel('计划完成时间');
  await page.mouse.move(0, 0);
  await due.focus();
  await page.keyboard.press('Control+a');
  await page.keyboard.type(`${day(2)} 18:00`);
  await page.keyboard.press('Enter');
  await waitValue(due, `${day(2)} 18:00`);
  await drawer.getByLabel('行动内容').focus();
}

/** A screen tall enough for the whole drawer, its body scrolled to the top, nothing popped up. */
async function showWholeDrawer(page: Page, drawer: Locator): Promise<void> {
  await settle(page);
  const body = drawer.locator('.ant-drawer-body');
  const hidden = (await body.evaluate((el) => {
    const e = el as unknown as { scrollHeight: number; clientHeight: number; scrollTop: number };
    e.scrollTop = 0;
    return e.scrollHeight - e.clientHeight;
  })) as number;
  const viewport = page.viewportSize()!;
  await page.setViewportSize({ width: viewport.width, height: viewport.height + Math.max(0, hidden) });
  await page.waitForFunction((el) => (el as unknown as { scrollHeight: number; clientHeight: number }).scrollHeight <= (el as unknown as { clientHeight: number }).clientHeight + 1, await body.elementHandle(), WAIT);
}

/** What the functions evaluated in the page use of it (the e2e package compiles without the DOM's types). */
interface InPage {
  document: { querySelector(selector: string): unknown; fonts: { ready: Promise<unknown> } };
}

/** No picker, select popup or toast on screen, fonts loaded: the screen as it rests. */
async function settle(page: Page): Promise<void> {
  await page.mouse.move(0, 0);
  await page.waitForFunction(
    () => !(globalThis as unknown as InPage).document.querySelector('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden), .ant-select-dropdown:not(.ant-select-dropdown-hidden), .ant-message-notice, .ant-skeleton'),
    undefined,
    WAIT,
  );
  await page.evaluate(() => (globalThis as unknown as InPage).document.fonts.ready.then(() => undefined));
}

async function waitValue(locator: Locator, value: string): Promise<void> {
  await locator.page().waitForFunction(([el, v]) => (el as unknown as { value: string }).value === v, [await locator.elementHandle(), value] as const, WAIT);
}

async function waitFor(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
