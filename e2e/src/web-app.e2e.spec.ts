import { seedPeople, waitFor } from '@salestrail/testkit';
import type { Browser, Locator, Page, Request } from 'playwright-core';
import { customerInput, devToken, TestSystem } from './system';
import { launchBrowser, PHONE, scrollWidth, seriousAccessibilityViolations, signedInContext, TEST_OIDC } from './web-browser';

/*
 * The web app through the real stack: the gateway serves the built app on its own origin, the app sends
 * persisted documents only, and a salesperson's screens work against real services, Postgres and Redis in
 * headless Chromium. Sign-in is the user oidc-client-ts stores after the code exchange (see web-browser.ts).
 */

const CREATE = `mutation ($input: CreateCustomerInput!) { createCustomer(input: $input) { id version } }`;
const LOG = `mutation ($input: LogInteractionInput!) { logInteraction(input: $input) { id nextAction { id } } }`;
const SUMMARY = '客户表示现有供应商交货周期长，希望缩短至7天；我方介绍了智能仓储系统的效率提升；客户有兴趣，约定3月25日现场演示。';

const WEEKLY = `{ weeklySubmission { customer { id name } findings { code } } }`;

const hoursFromNow = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

describe('the web app, in a browser through the gateway', () => {
  let system: TestSystem;
  let browser: Browser;
  let rep: string;
  let marketing: string;
  let abcId: string;
  let base: string;
  beforeAll(async () => {
    system = await TestSystem.start('web', { WEB_OIDC_ISSUER: TEST_OIDC.issuer, WEB_OIDC_CLIENT_ID: TEST_OIDC.clientId });
    base = `http://127.0.0.1:${system.ports.gateway}`;
    const { tokens } = await seedPeople(system, await devToken('ADMIN', 'admin-1', null))
      .team('team-web', '华东销售组')
      .manager('manager-web', '陈经理')
      .rep('rep-web', '李明')
      .create();
    rep = tokens['rep-web']!;
    marketing = await devToken('MARKETING', 'marketing-web', null, { name: '刘芳' });
    const created = await system.graphql<{ createCustomer: { id: string } }>(rep, CREATE, {
      input: customerInput('ABC公司', {
        industryCode: 'C36',
        remarks: '客户对价格敏感，注意长期维护成本',
        contacts: [
          { name: '王总', role: 'DECISION_MAKER', phone: '13800138000' },
          { name: '赵主管', role: 'EXECUTOR', email: 'zhao@abc.example' },
        ],
      }),
    });
    expect(created.errors).toBeUndefined();
    abcId = created.data!.createCustomer.id;
    const logged = await system.graphql(rep, LOG, {
      input: {
        customerId: abcId,
        occurredAt: hoursFromNow(-2),
        method: 'PHONE_CALL',
        summary: SUMMARY,
        needs: [
          { kind: 'EXPLICIT', description: '预算50万以内' },
          { kind: 'INFERRED', description: '对长期维护成本敏感' },
        ],
        painPoints: [{ description: '人工分拣效率低导致产能不足', needIndexes: [0] }],
        nextAction: { content: '发送产品详细参数表至客户邮箱', dueAt: hoursFromNow(48) },
      },
    });
    expect(logged.errors).toBeUndefined();
    const xyz = await system.graphql<{ createCustomer: { id: string } }>(rep, CREATE, {
      input: customerInput('XYZ物流', { sourceChannel: 'REFERRAL', contacts: [{ name: '李经理', role: 'DECISION_MAKER', phone: '13900139000' }] }),
    });
    const overdue = await system.graphql(rep, LOG, {
      input: {
        customerId: xyz.data!.createCustomer.id,
        occurredAt: hoursFromNow(-72),
        method: 'IN_PERSON_MEETING',
        summary: '客户询问智能仓储系统的部署周期，我方说明标准部署需要6周。',
        nextAction: { content: '发送正式报价单至李经理邮箱', dueAt: hoursFromNow(-24) },
      },
    });
    expect(overdue.errors).toBeUndefined();
    // Workflow reads the records through events: both records are due this Friday once it has them
    await waitFor(async () => (await system.graphql<{ weeklySubmission: unknown[] }>(rep, WEEKLY)).data?.weeklySubmission.length === 2, {
      timeoutMs: 30_000,
      what: 'the records in workflow',
    });
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  /**
   * Picks an option of the dialog's select. On a loaded machine the first click can land before the
   * select listens: the select is clicked again until its list shows, then the option is chosen.
   */
  async function pickOption(page: Page, dialog: Locator, title: string): Promise<void> {
    // The open list's option: the page behind the dialog names the stages too (its stepper)
    const list = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
    const option = list.getByTitle(title, { exact: true });
    await waitFor(
      async () => {
        if (await option.isVisible()) return true;
        await dialog.getByRole('combobox').click({ force: true });
        return option.waitFor({ timeout: 5_000 }).then(
          () => true,
          () => false,
        );
      },
      { timeoutMs: 45_000, intervalMs: 200, what: `the option ${title}` },
    );
    await option.click();
    // The choice shows in the select; a list a late click reopened is closed by a click on the dialog's title
    // (outside the select; Escape would close the dialog too).
    await dialog.locator('.ant-select-selection-item', { hasText: title }).waitFor();
    await waitFor(
      async () => {
        if (!(await list.isVisible())) return true;
        await dialog.locator('.ant-modal-title').click();
        return list.waitFor({ state: 'hidden', timeout: 2_000 }).then(
          () => true,
          () => false,
        );
      },
      { timeoutMs: 30_000, intervalMs: 200, what: 'the closed list' },
    );
  }

  /** Collects the GraphQL request bodies a page sends. */
  function graphqlBodies(page: Page): Array<Record<string, unknown>> {
    const bodies: Array<Record<string, unknown>> = [];
    page.on('request', (req: Request) => {
      if (req.url().endsWith('/graphql') && req.method() === 'POST') bodies.push(JSON.parse(req.postData() ?? '{}') as Record<string, unknown>);
    });
    return bodies;
  }

  it('serves the app on the API origin without shadowing the API, health, readiness or exports', async () => {
    const index = await fetch(`${base}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/text\/html/);
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await index.text();
    const deep = await fetch(`${base}/customers/${abcId}`);
    expect(deep.status).toBe(200);
    expect(await deep.text()).toBe(html);
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    const js = await fetch(`${base}${asset}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${base}/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${base}/persisted-documents.json`)).status).toBe(404);
    expect(await (await fetch(`${base}/app-config.json`)).json()).toEqual({
      oidc: { issuer: TEST_OIDC.issuer, clientId: TEST_OIDC.clientId, scope: 'openid profile email' },
    });
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const exportRes = await fetch(`${base}/export/pipeline.csv`);
    expect(exportRes.status).toBe(401);
    expect(exportRes.headers.get('content-type')).toMatch(/json/);
    const api = await system.graphql(rep, '{ me { name } }');
    expect(api.data).toEqual({ me: { name: '李明' } });
  });

  it('resolves persisted documents by hash and still takes query text from other clients', async () => {
    const unknown = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${rep}` },
      body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } } }),
    });
    const body = (await unknown.json()) as { errors?: Array<{ message: string }> };
    expect(unknown.status).toBe(400);
    expect(body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', reason: 'PERSISTED_DOCUMENT_NOT_FOUND' } });
    // Neither text nor hash: a typed 400, as without the web app, never a 500.
    for (const payload of [{ query: '' }, {}]) {
      const empty = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${rep}` },
        body: JSON.stringify(payload),
      });
      expect(empty.status).toBe(400);
      const emptyBody = (await empty.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
      expect(emptyBody.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  it('shows the workbench: overdue first, then the week, and completes an action in place, sending hashes only', async () => {
    const context = await signedInContext(browser, rep, { sub: 'rep-web', name: '李明' });
    const page = await context.newPage();
    const bodies = graphqlBodies(page);
    page.on('pageerror', (e) => console.log('PAGEERROR', e.message));
    await page.goto(`${base}/`);
    await page.getByRole('heading', { name: '工作台' }).waitFor();
    const overdue = page.getByRole('list', { name: '已逾期' });
    await overdue.getByText('发送正式报价单至李经理邮箱').waitFor();
    await overdue.getByText(/已逾期 1 天/).waitFor();
    await page.getByText('发送产品详细参数表至客户邮箱').waitFor();
    // The server's order: the overdue action above the one due in two days, and the counts beside them
    const actions = await page.locator('main li').filter({ has: page.getByRole('button', { name: /^完成：/ }) }).allInnerTexts();
    expect(actions.map((text) => text.split('\n')[0])).toEqual(['发送正式报价单至李经理邮箱', '发送产品详细参数表至客户邮箱']);
    const counts = page.getByRole('group', { name: '下一步行动统计' });
    expect(await counts.innerText()).toMatch(/已逾期\s*1/);
    await page.getByText(/本周需提交审核：2 条记录/).waitFor();
    await page.getByRole('button', { name: '账号：李明' }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    // The app sends no query text: each operation is its hash.
    expect(bodies.length).toBeGreaterThan(0);
    for (const b of bodies) {
      expect(b.query).toBeUndefined();
      expect((b.extensions as { persistedQuery?: { sha256Hash?: string } }).persistedQuery?.sha256Hash).toMatch(/^[0-9a-f]{64}$/);
    }
    await page.getByRole('button', { name: '完成：发送正式报价单至李经理邮箱' }).click();
    await overdue.waitFor({ state: 'detached' });
    await page.getByText('发送正式报价单至李经理邮箱').waitFor({ state: 'detached' });
    const after = await system.graphql<{ customers: { edges: Array<{ node: { name: string; nextActions: Array<{ status: string }> } }> } }>(
      rep,
      `{ customers(filter: { search: "XYZ物流" }) { edges { node { name nextActions { status } } } } }`,
    );
    expect(after.data!.customers.edges[0]!.node.nextActions).toEqual([{ status: 'DONE' }]);
    await context.close();
  });

  it('orders the customer list on the server by the column clicked, and keeps the order in the address', async () => {
    const context = await signedInContext(browser, rep, { sub: 'rep-web', name: '李明' });
    const page = await context.newPage();
    const bodies = graphqlBodies(page);
    await page.goto(`${base}/customers`);
    const table = page.getByRole('table');
    await table.getByRole('link', { name: 'ABC公司' }).waitFor();
    // Newest first by default: XYZ物流 was created after ABC公司
    expect(await table.getByRole('link').allInnerTexts()).toEqual(['XYZ物流', 'ABC公司']);
    const shown = (expected: string) => waitFor(async () => (await table.getByRole('link').allInnerTexts()).join('、') === expected, { what: expected });
    await table.getByRole('columnheader', { name: /最近沟通/ }).click();
    await page.waitForURL(/sort=lastInteractionAt/);
    await shown('XYZ物流、ABC公司');
    // ABC公司's call (2 h ago) is the latest: descending puts it first
    await table.getByRole('columnheader', { name: /最近沟通/ }).click();
    await page.waitForURL(/dir=desc/);
    await shown('ABC公司、XYZ物流');
    const ordered = bodies.filter((b) => (b.variables as { orderBy?: unknown } | undefined)?.orderBy);
    expect(ordered.at(-1)!.variables).toMatchObject({ orderBy: { field: 'LAST_INTERACTION', direction: 'DESC' } });
    await page.reload();
    await shown('ABC公司、XYZ物流');
    await context.close();
  });

  it('lists customers with search by phone, stage tags, owner and next action; a deep link survives reload', async () => {
    const context = await signedInContext(browser, rep, { sub: 'rep-web', name: '李明' });
    const page = await context.newPage();
    await page.goto(`${base}/customers`);
    const table = page.getByRole('table');
    await table.getByRole('link', { name: 'ABC公司' }).waitFor();
    await table.getByRole('link', { name: 'XYZ物流' }).waitFor();
    await page.getByText('共 2 个客户').waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.getByRole('searchbox', { name: '搜索客户' }).fill('13800138000');
    await page.getByRole('searchbox', { name: '搜索客户' }).press('Enter');
    await page.getByText('共 1 个客户').waitFor();
    expect(page.url()).toContain('q=13800138000');
    await table.getByRole('link', { name: 'ABC公司' }).click();
    await page.getByRole('heading', { name: 'ABC公司' }).waitFor();
    expect(page.url()).toBe(`${base}/customers/${abcId}`);
    await page.reload();
    await page.getByRole('heading', { name: 'ABC公司' }).waitFor();
    for (const section of ['客户基础信息', '沟通记录', '客户需求关键点', '客户痛点分析', '当前销售阶段', '下一步行动计划', '备注', '审核信息']) {
      await page.getByText(section, { exact: true }).first().waitFor();
    }
    await page.getByText('人工分拣效率低导致产能不足').waitFor();
    await page.getByText('13800138000').waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await context.close();
  });

  it('moves the stage, and asks for the reason the server requires to terminate', async () => {
    const context = await signedInContext(browser, rep, { sub: 'rep-web', name: '李明' });
    const page = await context.newPage();
    await page.goto(`${base}/customers/${abcId}`);
    await page.getByRole('button', { name: '调整阶段' }).click();
    const dialog = page.getByRole('dialog');
    // The select's input is invisible by design: act once the dialog has finished opening (stable).
    await dialog.getByRole('button', { name: /保\s*存/ }).click({ trial: true });
    await pickOption(page, dialog, '线索终止');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.getByText('请填写原因。').waitFor();
    const unchanged = await system.graphql<{ customer: { stage: string } }>(rep, `query ($id: ID!) { customer(id: $id) { stage } }`, { id: abcId });
    expect(unchanged.data!.customer.stage).toBe('LEAD_NURTURING');
    await pickOption(page, dialog, '需求确认');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('线索培育 → 需求确认').waitFor();
    const moved = await system.graphql<{ customer: { stage: string } }>(rep, `query ($id: ID!) { customer(id: $id) { stage } }`, { id: abcId });
    expect(moved.data!.customer.stage).toBe('NEEDS_CONFIRMED');
    await context.close();
  });

  it('shows a MARKETING user the fields their role may not see as restricted, with a lock', async () => {
    const context = await signedInContext(browser, marketing, { sub: 'marketing-web', name: '刘芳' });
    const page = await context.newPage();
    await page.goto(`${base}/customers/${abcId}`);
    await page.getByRole('heading', { name: 'ABC公司' }).waitFor();
    await page.locator('#section-remarks').getByLabel('受限').waitFor();
    expect(await page.getByText('客户对价格敏感').count()).toBe(0);
    expect(await page.getByText('13800138000').count()).toBe(0);
    expect(await page.locator('#section-basics').getByLabel('受限').count()).toBeGreaterThanOrEqual(2);
    await context.close();
  });

  it('switches to English and remembers it across a reload', async () => {
    const context = await signedInContext(browser, rep, { sub: 'rep-web', name: '李明' });
    const page = await context.newPage();
    await page.goto(`${base}/customers`);
    await page.getByRole('button', { name: '切换语言：English' }).click();
    await page.getByRole('heading', { name: 'Customers' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Customers' }).waitFor();
    // Enum labels come from the API in the chosen language.
    await page.getByRole('table').getByText('Lead nurturing').first().waitFor();
    // The salesperson's screens are complete in English too; the findings in the reader's language.
    await page.goto(`${base}/`);
    await page.getByRole('group', { name: 'Next actions at a glance' }).getByText('Overdue').waitFor();
    await page.getByText(/To submit for review this week: 2 records/).waitFor();
    await page.goto(`${base}/friday`);
    await page.getByRole('checkbox', { name: 'Select every record to submit (2)' }).waitFor();
    // the server writes the findings in the language of the screen (the page looks again every 15 s)
    await page.getByRole('list', { name: 'Gaps in XYZ物流' }).getByText('No next action is planned for this customer').waitFor({ timeout: 45_000 });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await context.close();
  });

  it('shows My Friday: each record due with the server’s findings and a fix one click away; select all submits', async () => {
    // the completion on the workbench has reached workflow
    await waitFor(
      async () => {
        const { data } = await system.graphql<{ weeklySubmission: Array<{ customer: { name: string }; findings: Array<{ code: string }> }> }>(rep, WEEKLY);
        return data?.weeklySubmission.some((r) => r.customer.name === 'XYZ物流' && r.findings.some((f) => f.code === 'NO_OPEN_NEXT_ACTION'));
      },
      { timeoutMs: 30_000, what: 'the completed action in workflow' },
    );
    const context = await signedInContext(browser, rep, { sub: 'rep-web', name: '李明' });
    const page = await context.newPage();
    await page.goto(`${base}/friday`);
    await page.getByRole('heading', { name: '本周提交' }).waitFor();
    // XYZ物流's only action was completed on the workbench: nothing is planned for it any more
    const xyzGaps = page.getByRole('list', { name: 'XYZ物流 的缺项' });
    await xyzGaps.getByText('该客户没有计划中的下一步行动').waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    // one click to fix: the drawer for that customer
    await xyzGaps.getByRole('button', { name: '记录沟通 · XYZ物流' }).click();
    const drawer = page.getByRole('dialog', { name: '记录沟通 · XYZ物流' });
    await drawer.waitFor();
    await drawer.getByRole('button', { name: /^关\s*闭$/ }).last().click();
    await drawer.waitFor({ state: 'hidden' });
    await page.getByRole('checkbox', { name: /全选可提交的记录（2 条）/ }).check();
    await page.getByRole('button', { name: /提交审核（2 条）/ }).click();
    await page.getByText('已提交 2 条记录给 陈经理 审核').waitFor();
    await page.getByText('本周没有需要提交的记录').waitFor();
    const queue = await system.graphql<{ myReviews: Array<{ status: string; findings: Array<{ code: string }> }> }>(
      rep,
      `{ myReviews { status findings { code } } }`,
    );
    expect(queue.data!.myReviews).toHaveLength(2);
    expect(queue.data!.myReviews.every((r) => r.status === 'PENDING')).toBe(true);
    expect(queue.data!.myReviews.flatMap((r) => r.findings.map((f) => f.code))).toContain('NO_OPEN_NEXT_ACTION');
    await context.close();
  });

  it('works at a phone width: workbench, customer cards and the customer page', async () => {
    const context = await signedInContext(browser, rep, { sub: 'rep-web', name: '李明' }, { viewport: PHONE });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.getByRole('heading', { name: '工作台' }).waitFor();
    await page.getByText('发送产品详细参数表至客户邮箱').waitFor();
    expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);
    // Every section one tap away at the bottom.
    const tabs = page.getByRole('navigation', { name: '主导航' });
    for (const name of ['工作台', '客户', '本周提交']) await tabs.getByRole('link', { name }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.goto(`${base}/customers`);
    await page.getByRole('link', { name: 'ABC公司' }).waitFor();
    expect(await page.getByRole('table').count()).toBe(0);
    // no column headers on a phone: the order is a select, kept in the address like the desk's
    await page.goto(`${base}/customers?sort=lastInteractionAt&dir=desc`);
    await page.getByRole('combobox', { name: '排序' }).waitFor();
    await page.getByText('最近沟通', { exact: true }).first().waitFor();
    const cards = page.getByRole('main').getByRole('link', { name: /公司|物流/ });
    await waitFor(async () => (await cards.allInnerTexts()).join('、') === 'ABC公司、XYZ物流', { what: 'the cards by latest interaction' });
    await page.goto(`${base}/customers/${abcId}`);
    await page.getByRole('heading', { name: 'ABC公司' }).waitFor();
    expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    // the drawer takes the whole screen; nothing in it runs off the side
    await page.getByRole('button', { name: '记录沟通' }).first().click();
    const drawer = page.getByRole('dialog', { name: '记录沟通 · ABC公司' });
    await drawer.getByLabel('行动内容').waitFor();
    expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await context.close();
  });

});
