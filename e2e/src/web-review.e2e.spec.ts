import { seedPeople, waitFor } from '@salestrail/testkit';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { devToken, TestSystem } from './system';
import { DESK, launchBrowser, signInThroughProvider, PHONE, screenshot, scrollWidth, seriousAccessibilityViolations, type AxeViolation } from './web-browser';

/*
 * The sales manager's screens in headless Chromium through the real stack and the real sign-in: the form's
 * ABC公司 example and a second record, seeded through the API and submitted by 李明; 陈经理 approves ABC公司
 * in the review queue (its findings and what changed since its last approval on screen), sends XYZ物流 back
 * with comments that 李明 then reads on his Friday screen, looks at the team overview and hands a customer
 * over.
 */

const WAIT = { timeout: 60_000 };
const SUMMARY = '客户表示现有供应商交货周期长，希望缩短至7天；我方介绍了智能仓储系统的效率提升；客户有兴趣，约定3月25日现场演示。';
const SEND_BACK = '请补充客户的预算范围和决策人联系方式，再提交';

const CREATE = `mutation ($input: CreateCustomerInput!) { createCustomer(input: $input) { id version } }`;
const LOG = `mutation ($input: LogInteractionInput!) { logInteraction(input: $input) { id } }`;
const STAGE = `mutation ($id: ID!, $v: Int!) { changeStage(customerId: $id, to: NEEDS_CONFIRMED, expectedVersion: $v) { version } }`;
const SUBMIT = `mutation ($ids: [ID!]!) { submitForReview(customerIds: $ids) { id status customerVersion findings { code } } }`;
const DECIDE = `mutation ($id: ID!) { decideReview(id: $id, decision: APPROVE, comments: "") { id status } }`;
const READ = `query ($id: ID!) { customer(id: $id) { version ownerId changesSinceApproval { sinceVersion changes { kind } } latestReview { status comments reviewerId } } }`;

interface Read {
  customer: {
    version: number;
    ownerId: string;
    changesSinceApproval: { sinceVersion: number | null; changes: Array<{ kind: string }> };
    latestReview: { status: string; comments: string | null; reviewerId: string } | null;
  };
}

const hoursFromNow = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

describe('the sales manager’s screens in the browser: review queue, team overview, hand-over', () => {
  let system: TestSystem;
  let browser: Browser;
  let base: string;
  let rep: string;
  let manager: string;
  let abcId: string;
  let xyzId: string;

  async function must<T>(token: string, query: string, variables: Record<string, unknown>): Promise<T> {
    const res = await system.graphql<T>(token, query, variables);
    if (res.errors?.length) throw new Error(`${query.slice(0, 40)}: ${JSON.stringify(res.errors)}`);
    return res.data!;
  }

  async function read(id: string): Promise<Read['customer']> {
    return (await must<Read>(manager, READ, { id })).customer;
  }

  type Submitted = Array<{ id: string; customerVersion: number; findings: Array<{ code: string }> }>;

  /**
   * 李明 submits the records as they are now: workflow learns of records' changes from their events, so
   * the submission is repeated (it updates the pending review) until it covers each record's current version.
   */
  async function submit(ids: string[]): Promise<Submitted> {
    return waitFor(
      async () => {
        const versions = await Promise.all(ids.map(async (id) => (await read(id)).version));
        const reviews = (await system.graphql<{ submitForReview: Submitted }>(rep, SUBMIT, { ids })).data?.submitForReview;
        return reviews?.every((r, i) => r.customerVersion === versions[i]) ? reviews : undefined;
      },
      { timeoutMs: 30_000, what: 'a submission of the records as they are' },
    );
  }

  beforeAll(async () => {
    system = await TestSystem.start('webreview', {}, { identityProvider: true });
    base = `http://127.0.0.1:${system.ports.gateway}`;
    const { tokens } = await seedPeople(system, await devToken('ADMIN', 'admin-1', null))
      .team('team-east', '华东销售组')
      .manager('manager-1', '陈经理', 'chenjingli@example.com')
      .rep('rep-1', '李明', 'liming@example.com')
      .rep('rep-2', '王芳', 'wangfang@example.com')
      .create();
    rep = tokens['rep-1']!;
    manager = tokens['manager-1']!;

    // The form's example: ABC公司, first contact at the trade show, the 2024-03-20 call.
    abcId = (
      await must<{ createCustomer: { id: string } }>(rep, CREATE, {
        input: {
          name: 'ABC公司',
          kind: 'ENTERPRISE',
          industryCode: 'C3612',
          sourceChannel: 'TRADE_SHOW',
          firstContactDate: '2024-03-15',
          contacts: [
            { name: '王总', role: 'DECISION_MAKER', phone: '13800138000' },
            { name: '赵主管', role: 'EXECUTOR', email: 'zhao@abc.example.com' },
          ],
        },
      })
    ).createCustomer.id;
    await must(rep, LOG, {
      input: {
        customerId: abcId,
        occurredAt: '2024-03-20T14:30:00+08:00',
        method: 'PHONE_CALL',
        summary: SUMMARY,
        needs: [
          { kind: 'EXPLICIT', description: '预算50万以内' },
          { kind: 'INFERRED', description: '对长期维护成本敏感' },
        ],
        painPoints: [{ description: '现有系统长期维护费用高，超出预算', needIndexes: [0] }],
        nextAction: { content: '发送产品详细参数表至客户邮箱', dueAt: '2024-03-25T18:00:00+08:00' },
      },
    });
    // Approved once as it stood; since then the stage moved: the queue shows that change.
    const [first] = await submit([abcId]);
    await must(manager, DECIDE, { id: first!.id });
    await waitFor(async () => (await read(abcId)).changesSinceApproval.sinceVersion !== null, { timeoutMs: 30_000, what: 'records learns the approval' });
    await must(rep, STAGE, { id: abcId, v: (await read(abcId)).version });

    xyzId = (
      await must<{ createCustomer: { id: string } }>(rep, CREATE, {
        input: { name: 'XYZ物流', kind: 'ENTERPRISE', industryCode: 'G59', sourceChannel: 'REFERRAL', firstContactDate: '2024-03-18', contacts: [{ name: '李经理', role: 'DECISION_MAKER', phone: '13900139000' }] },
      })
    ).createCustomer.id;
    await must(rep, LOG, {
      input: {
        customerId: xyzId,
        occurredAt: hoursFromNow(-3),
        method: 'IN_PERSON_MEETING',
        summary: '客户询问智能仓储系统的部署周期，我方说明标准部署需要6周。',
        needs: [{ kind: 'EXPLICIT', description: '6周内完成部署' }],
        painPoints: [{ description: '旺季前仓库人手不足', needIndexes: [0] }],
        nextAction: { content: '发送部署计划书至李经理邮箱', dueAt: hoursFromNow(48) },
      },
    });
    const submitted = await submit([abcId, xyzId]);
    expect(submitted[0]!.findings.map((f) => f.code)).toContain('OVERDUE_ACTION');
    browser = await launchBrowser();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  /** A fresh browser signed in by picking the person on the development provider's page. */
  function signIn(name: string, viewport = DESK): Promise<{ context: BrowserContext; page: Page }> {
    return signInThroughProvider(browser, { base, issuerUrl: system.issuerUrl }, name, { viewport });
  }

  it('陈经理 approves ABC公司 with its findings and changes on screen, and sends XYZ物流 back with comments', async () => {
    const { context, page } = await signIn('陈经理');
    const nav = page.getByRole('navigation', { name: '主导航' });
    await nav.getByRole('link', { name: '审核' }).click();
    await shows(page.getByRole('heading', { name: '审核', exact: true }));

    // The queue: both submissions, ABC公司 with its findings; the first one open beside the list.
    const abc = page.getByRole('button', { name: 'ABC公司' });
    await abc.waitFor(WAIT);
    await page.getByRole('button', { name: 'XYZ物流' }).waitFor(WAIT);
    await page.getByText(/问题 \d+ 项/).first().waitFor(WAIT);
    await abc.click();
    const findings = page.getByRole('list', { name: '完整性检查发现的问题' });
    await findings.waitFor(WAIT);
    expect(await findings.getByRole('listitem').count()).toBeGreaterThan(0);
    expect(await findings.textContent()).toContain('发送产品详细参数表至客户邮箱');
    const changes = page.getByRole('list', { name: '与上次通过版本相比的变更' });
    await changes.waitFor(WAIT);
    expect(await changes.textContent()).toMatch(/变更阶段.*线索培育.*需求确认/);
    await page.getByText(SUMMARY).first().waitFor(WAIT);
    expect(await settledViolations(page)).toEqual([]);
    await screenshot(page, 'review-queue-desk');

    await page.getByRole('textbox', { name: '审核意见' }).fill('逾期的行动请本周内补上，同意通过');
    await page.getByRole('button', { name: '通过', exact: true }).click();
    await page.getByText('已通过：ABC公司').waitFor(WAIT);

    // XYZ物流: sending back without comments is stopped on the screen; with them it goes.
    await page.getByRole('button', { name: 'XYZ物流' }).click();
    await page.getByRole('heading', { name: 'XYZ物流' }).waitFor(WAIT);
    await page.getByRole('button', { name: '退回修改' }).click();
    await page.getByText('退回修改时请写明需要修改什么').waitFor(WAIT);
    expect((await read(xyzId)).latestReview).toMatchObject({ status: 'PENDING' });
    await page.getByRole('textbox', { name: '审核意见' }).fill(SEND_BACK);
    await page.getByRole('button', { name: '退回修改' }).click();
    await page.getByText('已退回：XYZ物流').waitFor(WAIT);
    await page.getByText('没有待审核的记录').waitFor(WAIT);
    expect(await settledViolations(page)).toEqual([]);
    await context.close();

    expect((await read(abcId)).latestReview).toEqual({ status: 'APPROVED', comments: '逾期的行动请本周内补上，同意通过', reviewerId: 'manager-1' });
    expect((await read(xyzId)).latestReview).toEqual({ status: 'CHANGES_REQUESTED', comments: SEND_BACK, reviewerId: 'manager-1' });
  }, 300_000);

  it('李明’s Friday lists XYZ物流 as sent back with the manager’s comment', async () => {
    const { context, page } = await signIn('李明');
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '本周提交' }).click();
    await page.getByRole('heading', { name: '本周提交' }).waitFor(WAIT);
    await page.getByText(SEND_BACK).waitFor(WAIT);
    await page.getByText('被退回，需修改').first().waitFor(WAIT);
    // A salesperson has none of the manager's screens in the navigation.
    const nav = page.getByRole('navigation', { name: '主导航' });
    expect(await nav.getByRole('link', { name: '审核' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: '团队' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: '交接' }).count()).toBe(0);
    await context.close();
  }, 180_000);

  it('陈经理 sees the team’s week and clicks through to 李明’s customers', async () => {
    const { context, page } = await signIn('陈经理');
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '团队' }).click();
    await page.getByRole('heading', { name: '团队', exact: true }).waitFor(WAIT);
    const row = page.getByRole('row', { name: /李明/ });
    await row.waitFor(WAIT);
    // ABC公司's next action is overdue; two records changed this week, XYZ物流 sent back so not submitted.
    expect(await row.getByRole('link', { name: '1 个逾期，查看 李明 的这些客户' }).textContent()).toBe('1');
    expect(await row.textContent()).toContain('1 条未提交');
    expect(await settledViolations(page)).toEqual([]);
    await screenshot(page, 'team-desk');
    await page.getByRole('link', { name: '查看 李明 的客户' }).click();
    await page.waitForURL((url) => url.searchParams.get('owner') === 'rep-1', WAIT);
    await page.getByText('XYZ物流').first().waitFor(WAIT);
    await context.close();
  }, 180_000);

  it('陈经理 hands XYZ物流 over to 王芳 after confirming, and is told how many moved', async () => {
    const { context, page } = await signIn('陈经理');
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '交接' }).click();
    await page.getByRole('heading', { name: '交接', exact: true }).waitFor(WAIT);
    const customer = page.getByRole('combobox', { name: '客户' });
    await customer.click();
    await customer.pressSequentially('XYZ');
    await page.locator('.ant-select-item-option', { hasText: 'XYZ物流' }).click();
    const successor = page.getByRole('combobox', { name: '接手人' });
    await successor.click();
    await page.locator('.ant-select-item-option', { hasText: '王芳' }).click();
    await page.getByLabel('交接原因').fill('李明调往华南团队');
    await page.mouse.move(0, 0);
    expect(await settledViolations(page)).toEqual([]);
    await screenshot(page, 'hand-over-desk');
    await page.getByRole('button', { name: '移交', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: '把 XYZ物流 移交给 王芳？' });
    await dialog.waitFor(WAIT);
    expect((await read(xyzId)).ownerId).toBe('rep-1');
    await dialog.getByRole('button', { name: '确认交接' }).click();
    await dialog.waitFor({ state: 'hidden', ...WAIT });
    await page.getByText('已移交 1 个客户给 王芳').waitFor(WAIT);
    expect(await settledViolations(page)).toEqual([]);
    expect((await read(xyzId)).ownerId).toBe('rep-2');
    // The customer's page keeps who held it before and why it moved.
    await page.goto(`${base}/customers/${xyzId}`);
    const owners = page.getByRole('list', { name: '负责人变更' });
    await owners.waitFor(WAIT);
    expect(await owners.getByRole('listitem').allInnerTexts()).toEqual([
      expect.stringMatching(/^李明（\d{4}-\d{2}-\d{2} 起）$/),
      expect.stringMatching(/^王芳（\d{4}-\d{2}-\d{2} 起）：李明调往华南团队$/),
    ]);
    await screenshot(page, 'customer-owners-desk');
    await context.close();
  }, 180_000);

  it('on a phone the queue is a list and then the record; the team and hand-over fit the width', async () => {
    // Something to review again: ABC公司 after the on-site demonstration, resubmitted.
    await must(rep, LOG, {
      input: {
        customerId: abcId,
        occurredAt: hoursFromNow(-1),
        method: 'SITE_VISIT',
        summary: '现场演示智能仓储系统，王总关注与现有ERP系统的对接。',
        needs: [{ kind: 'EXPLICIT', description: '与现有ERP系统对接' }],
        nextAction: { content: '发送ERP对接方案至王总邮箱', dueAt: hoursFromNow(72) },
      },
    });
    await submit([abcId]);
    const { context, page } = await signIn('陈经理', PHONE);
    await page.goto(`${base}/reviews`);
    await shows(page.getByRole('button', { name: 'ABC公司' }));
    expect(await page.getByRole('list', { name: '与上次通过版本相比的变更' }).count()).toBe(0);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);
    expect(await settledViolations(page)).toEqual([]);
    await screenshot(page, 'review-queue-phone');
    await page.getByRole('button', { name: 'ABC公司' }).click();
    await page.getByRole('button', { name: '返回列表' }).waitFor(WAIT);
    await page.getByRole('textbox', { name: '审核意见' }).waitFor(WAIT);
    expect(await page.getByRole('list', { name: '与上次通过版本相比的变更' }).textContent()).toContain('与现有ERP系统对接');
    expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);
    expect(await settledViolations(page)).toEqual([]);
    await screenshot(page, 'review-record-phone');
    await page.goto(`${base}/team`);
    await page.getByRole('link', { name: '查看 李明 的客户' }).waitFor(WAIT);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);
    expect(await settledViolations(page)).toEqual([]);
    await screenshot(page, 'team-phone');
    await page.goto(`${base}/hand-over`);
    await page.getByRole('heading', { name: '交接', exact: true }).waitFor(WAIT);
    await page.getByRole('combobox', { name: '接手人' }).waitFor(WAIT);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);
    expect(await settledViolations(page)).toEqual([]);
    await screenshot(page, 'hand-over-phone');
    await context.close();
  }, 180_000);

  it('the queue in English', async () => {
    const { context, page } = await signIn('陈经理');
    // Chinese first; the language switch is remembered in the browser.
    await page.getByRole('button', { name: '切换语言：English' }).click();
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Reviews' }).click();
    await shows(page.getByRole('heading', { name: 'Reviews', exact: true }));
    await page.getByRole('list', { name: 'Changes since the last approved version' }).waitFor(WAIT);
    expect(await settledViolations(page)).toEqual([]);
    await screenshot(page, 'review-queue-desk-en');
    await context.close();
  }, 180_000);
});

/** Waits for the locator; when it never shows, the error says what the page showed instead. */
async function shows(locator: ReturnType<Page['locator']>): Promise<void> {
  try {
    await locator.waitFor(WAIT);
  } catch (e) {
    const text = await locator.page().locator('body').innerText().catch(() => '(no page)');
    throw new Error(`${(e as Error).message}\n--- the page showed ---\n${text.slice(0, 2000)}`, { cause: e });
  }
}

interface InPage {
  document: { querySelector(selector: string): unknown };
}

/**
 * axe's serious and critical findings once no popup or toast is on screen (mid-animation their fading
 * text fails contrast), with the pointer off the page (a hovered link is lighter for a moment).
 */
async function settledViolations(page: Page): Promise<AxeViolation[]> {
  await page.mouse.move(0, 0);
  await page.waitForFunction(
    () =>
      !(globalThis as unknown as InPage).document.querySelector(
        '.ant-picker-dropdown:not(.ant-picker-dropdown-hidden), .ant-select-dropdown:not(.ant-select-dropdown-hidden), .ant-message-notice',
      ),
    undefined,
    WAIT,
  );
  return seriousAccessibilityViolations(page);
}
