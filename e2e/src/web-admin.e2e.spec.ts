import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { seedPeople, waitFor } from '@salestrail/testkit';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { customerInput, devToken, TestSystem } from './system';
import {
  DESK,
  launchBrowser,
  PHONE,
  screenshot,
  scrollWidth,
  seriousAccessibilityViolations,
  signInThroughProvider,
  chooseOption,
  type AxeViolation,
} from './web-browser';

/*
 * The administration screens in headless Chromium through the real stack and the real sign-in (the
 * development identity provider's 孙伟, ADMIN): a person and a team added, the team's calendar marked, a
 * person deactivated with their customer handed to a successor, a webhook's failed delivery seen and sent
 * again once the (real, local) receiver is fixed, the logs; each change checked through the API. Someone
 * who is not ADMIN gets no admin navigation and a clear refusal on /admin.
 */

const WAIT = { timeout: 60_000 };
const LOG_PAST_DUE = `mutation ($input: LogInteractionInput!) { logInteraction(input: $input) { id } }`;

/** A real HTTP receiver on 127.0.0.1: answers 500 until it is fixed, then 204. */
async function receiver() {
  let broken = true;
  let received = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received += 1;
      if (broken) res.writeHead(500).end('receiver down');
      else res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/salestrail`,
    fix: () => (broken = false),
    received: () => received,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('the administration screens, in a browser through the real sign-in', () => {
  let system: TestSystem;
  let browser: Browser;
  let base: string;
  let admin: string;
  let repTwo: string;
  let abcId: string;
  let hook: Awaited<ReturnType<typeof receiver>>;
  beforeAll(async () => {
    hook = await receiver();
    system = await TestSystem.start(
      'webadmin',
      // The receiver is local: allowed explicitly; two quick attempts before a delivery counts as failed.
      {
        WORKFLOW_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
        WORKFLOW_WEBHOOK_ATTEMPTS: '2',
        WORKFLOW_WEBHOOK_BACKOFF_MS: '200',
      },
      { identityProvider: true },
    );
    base = `http://127.0.0.1:${system.ports.gateway}`;
    admin = await devToken('ADMIN', 'admin-1', null, { name: '孙伟' });
    const { tokens } = await seedPeople(system, admin)
      .team('team-east', '华东销售组')
      .manager('manager-1', '陈经理', 'chenjingli@example.com')
      .rep('rep-1', '李明', 'liming@example.com')
      .rep('rep-2', '王芳')
      .create();
    repTwo = tokens['rep-2']!;
    const created = await system.graphql<{ createCustomer: { id: string } }>(
      tokens['rep-1']!,
      `mutation ($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }`,
      { input: customerInput('ABC公司') },
    );
    expect(created.errors).toBeUndefined();
    abcId = created.data!.createCustomer.id;
    browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
    await hook?.close();
  });

  /** A fresh browser signed in by picking the person on the development provider's page. */
  function signIn(
    name: string,
    options: { viewport?: { width: number; height: number }; english?: boolean } = {},
  ): Promise<{ context: BrowserContext; page: Page }> {
    return signInThroughProvider(browser, { base, issuerUrl: system.issuerUrl }, name, options);
  }

  /** axe once no dropdown, picker or toast is moving on the page. */
  async function settledViolations(page: Page): Promise<AxeViolation[]> {
    await page.waitForFunction(
      () =>
        !(
          globalThis as unknown as { document: { querySelector(s: string): unknown } }
        ).document.querySelector(
          '.ant-picker-dropdown:not(.ant-picker-dropdown-hidden), .ant-select-dropdown:not(.ant-select-dropdown-hidden), .ant-message-notice, .ant-zoom-appear, .ant-zoom-enter, .ant-zoom-leave',
        ),
      undefined,
      WAIT,
    );
    return seriousAccessibilityViolations(page);
  }

  const api = async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const res = await system.graphql<T>(admin, query, variables);
    expect(res.errors).toBeUndefined();
    return res.data!;
  };

  /** Picks an option of an antd select: typing narrows the list (the server searches the directory). */
  async function pick(
    page: Page,
    scope: ReturnType<Page['locator']>,
    label: string,
    option: string,
    typed?: string,
  ) {
    await chooseOption(page, scope.getByRole('combobox', { name: label }), option, typed);
  }

  /** Chooses a value of a filter select (its box, not the input the chosen value covers). */
  async function choose(page: Page, label: string, option: string) {
    const box = page.getByRole('combobox', { name: label });
    await chooseOption(page, box, option, undefined, page.locator('.ant-select', { has: box }));
  }

  it('ADMIN adds a person and a team, marks the calendar, and deactivates 李明 handing ABC公司 to 王芳', async () => {
    const { context, page } = await signIn('孙伟');
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '管理' }).click();
    await page.waitForURL(`${base}/admin/people`, WAIT);
    await page.getByRole('heading', { name: '人员名录' }).waitFor(WAIT);
    await page.getByRole('cell', { name: '李明', exact: true }).waitFor(WAIT);
    expect(await settledViolations(page)).toEqual([]);
    await screenshot(page, 'admin-people-desk');

    // Add a person: the form's required fields first, then 赵磊 in 华东销售组.
    await page.getByRole('button', { name: '添加人员' }).click();
    const personDialog = page.getByRole('dialog', { name: '添加人员' });
    await personDialog.getByRole('button', { name: /保\s*存/ }).click();
    await personDialog.getByText('请填写登录账号').waitFor(WAIT);
    expect(await settledViolations(page)).toEqual([]);
    await personDialog.getByLabel('登录账号').fill('rep-zhao');
    await personDialog.getByLabel('姓名').fill('赵磊');
    await pick(page, personDialog, '角色', '销售代表');
    await pick(page, personDialog, '团队', '华东销售组');
    await personDialog.getByLabel('邮箱').fill('zhaolei@example.com');
    await personDialog.getByRole('button', { name: /保\s*存/ }).click();
    await personDialog.waitFor({ state: 'hidden', ...WAIT });
    await page.getByRole('cell', { name: '赵磊', exact: true }).waitFor(WAIT);
    expect(await api(`{ user(id: "rep-zhao") { name role teamId email active } }`)).toEqual({
      user: {
        name: '赵磊',
        role: 'SALES_REP',
        teamId: 'team-east',
        email: 'zhaolei@example.com',
        active: true,
      },
    });

    // A new team with its manager picked from the directory and its own workday end.
    await page.getByRole('navigation', { name: '管理分区' }).getByRole('link', { name: '团队' }).click();
    await page.getByRole('heading', { name: '团队', exact: true }).waitFor(WAIT);
    await page.getByRole('button', { name: '新建团队' }).click();
    const teamDialog = page.getByRole('dialog', { name: '新建团队' });
    await teamDialog.getByLabel('团队编号').fill('team-south');
    await teamDialog.getByLabel('团队名称').fill('华南销售组');
    await pick(page, teamDialog, '经理', '陈经理', '陈');
    await teamDialog.getByLabel('下班时间').fill('17:30');
    expect(await settledViolations(page)).toEqual([]);
    await teamDialog.getByRole('button', { name: /保\s*存/ }).click();
    await teamDialog.waitFor({ state: 'hidden', ...WAIT });
    await page.getByRole('cell', { name: '华南销售组 team-south' }).waitFor(WAIT);
    const teams = await api<{ teams: Array<Record<string, unknown>> }>(
      `{ teams { id name managerId manager { name } assistant { name } timezone workdayEnd } }`,
    );
    expect(teams.teams.find((x) => x.id === 'team-south')).toEqual({
      id: 'team-south',
      name: '华南销售组',
      managerId: 'manager-1',
      manager: { name: '陈经理' },
      assistant: null,
      timezone: 'Asia/Shanghai',
      workdayEnd: '17:30',
    });
    expect(await settledViolations(page)).toEqual([]);
    await screenshot(page, 'admin-teams-desk');

    // The calendar: National Day off, and a make-up working Sunday.
    const year = new Date().getFullYear();
    await page.getByRole('button', { name: '工作日历 华南销售组' }).click();
    const calendar = page.getByRole('dialog', { name: '华南销售组 的工作日历' });
    await calendar.getByText('这一年还没有标记节假日或调休').waitFor(WAIT);
    for (const [date, kind, name] of [
      [`${year}-10-01`, '节假日', '国庆节'],
      [`${year}-09-27`, '调休上班日', '国庆节调休'],
    ] as const) {
      // Kind and note first; the date typed last, and Enter marks the day.
      await calendar.locator('label.ant-radio-button-wrapper', { hasText: kind }).click();
      await calendar.getByLabel('说明').fill(name);
      const field = calendar.getByLabel('日期');
      await field.click();
      await page.mouse.move(0, 0);
      await field.press('Control+a');
      await field.pressSequentially(date);
      await field.press('Enter');
      await calendar.getByRole('cell', { name }).waitFor(WAIT);
    }
    const marked = await api<{ teamCalendar: Array<{ date: string; kind: string; name: string }> }>(
      `query ($from: Date!, $to: Date!) { teamCalendar(teamId: "team-south", from: $from, to: $to) { date kind name } }`,
      { from: `${year}-01-01`, to: `${year}-12-31` },
    );
    expect(marked.teamCalendar).toEqual([
      { date: `${year}-09-27`, kind: 'WORKING_DAY', name: '国庆节调休' },
      { date: `${year}-10-01`, kind: 'HOLIDAY', name: '国庆节' },
    ]);
    expect(await settledViolations(page)).toEqual([]);
    await screenshot(page, 'admin-calendar-desk');
    await calendar
      .getByRole('button', { name: 'Close' })
      .or(calendar.getByRole('button', { name: '关闭' }))
      .first()
      .click();

    // 李明 leaves: the dialog says one customer moves, and it moves to 王芳 in the same step.
    await page.getByRole('navigation', { name: '管理分区' }).getByRole('link', { name: '人员' }).click();
    await page.getByRole('button', { name: '停用 李明' }).click();
    const leave = page.getByRole('dialog', { name: '停用 李明' });
    await leave.getByText('此人目前负责 1 个客户').waitFor(WAIT);
    await leave.getByRole('button', { name: '停用并移交 1 个客户' }).click();
    await leave.getByText('此人还负责客户，请选择接手人').waitFor(WAIT);
    await pick(page, leave, '接手人', '王芳', '王芳');
    await leave.getByLabel('原因').fill('离职，客户移交给王芳');
    expect(await settledViolations(page)).toEqual([]);
    await screenshot(page, 'admin-deactivate-desk');
    await leave.getByRole('button', { name: '停用并移交 1 个客户' }).click();
    await leave.waitFor({ state: 'hidden', ...WAIT });
    await page.getByText('李明 已停用，1 个客户正在移交给 王芳').waitFor(WAIT);
    const owner = await waitFor(
      async () => {
        const read = await api<{ customer: { ownerId: string } | null }>(
          `query ($id: ID!) { customer(id: $id) { ownerId } }`,
          { id: abcId },
        );
        return read.customer?.ownerId === 'rep-2' ? read.customer.ownerId : undefined;
      },
      { timeoutMs: 30_000, what: 'ABC公司 to move to 王芳' },
    );
    expect(owner).toBe('rep-2');
    expect(await api(`{ user(id: "rep-1") { active } }`)).toEqual({ user: { active: false } });
    // The deactivated person is listed under 已停用, and can be made active again.
    await choose(page, '按状态筛选', '已停用');
    await page.getByRole('button', { name: '重新启用 李明' }).waitFor(WAIT);
    await context.close();
  }, 240_000);

  it('ADMIN sees a webhook delivery fail against a receiver that answers 500, and sends it again once it is fixed', async () => {
    const { context, page } = await signIn('孙伟');
    await page.goto(`${base}/admin/channels`);
    await page.getByRole('heading', { name: 'Webhook 推送' }).waitFor(WAIT);
    await page.getByRole('button', { name: '添加 Webhook' }).click();
    const dialog = page.getByRole('dialog', { name: '添加 Webhook' });
    await pick(page, dialog, '团队', '华东销售组');
    await dialog.getByLabel('接收地址').fill(hook.url);
    await dialog.getByLabel('签名密钥').fill('whsec-admin-0123456789');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.waitFor({ state: 'hidden', ...WAIT });
    await page.getByRole('cell', { name: hook.url }).waitFor(WAIT);

    // 王芳 logs a call whose next action is long past due: the overdue reminder goes out to the team's webhook.
    const own = await system.graphql<{ createCustomer: { id: string } }>(
      repTwo,
      `mutation ($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }`,
      { input: customerInput('XYZ物流') },
    );
    expect(own.errors).toBeUndefined();
    const logged = await system.graphql(repTwo, LOG_PAST_DUE, {
      input: {
        customerId: own.data!.createCustomer.id,
        occurredAt: '2024-03-20T14:30:00+08:00',
        method: 'PHONE_CALL',
        summary: '客户希望缩短交货周期；约定下周现场演示。',
        nextAction: { content: '发送产品详细参数表至客户邮箱', dueAt: '2024-03-25T18:00:00+08:00' },
      },
    });
    expect(logged.errors).toBeUndefined();
    const failedId = await waitFor(
      async () => {
        const d = await api<{ webhookDeliveries: Array<{ id: string; teamId: string }> }>(
          `{ webhookDeliveries(status: FAILED) { id teamId } }`,
        );
        return d.webhookDeliveries.find((x) => x.teamId === 'team-east')?.id;
      },
      { timeoutMs: 45_000, what: 'a FAILED delivery to the broken receiver' },
    );
    await choose(page, '按状态筛选', '发送失败');
    const row = page.locator(`tr[data-row-key="${failedId}"]`);
    await row.waitFor(WAIT);
    await row.getByText('发送失败').waitFor(WAIT);
    await row.getByText('HTTP_500: receiver down').waitFor(WAIT);
    expect(await row.getByRole('cell', { name: '2', exact: true }).count()).toBeGreaterThan(0);
    expect(await row.getByRole('cell', { name: '500', exact: true }).count()).toBe(1);
    expect(await settledViolations(page)).toEqual([]);
    await screenshot(page, 'admin-channels-desk');

    const before = hook.received();
    hook.fix();
    await row.getByRole('button', { name: '重新发送' }).click();
    await page.getByText('已重新排队发送').waitFor(WAIT);
    const delivered = await waitFor(
      async () => {
        const d = await api<{ webhookDeliveries: Array<{ id: string; status: string }> }>(
          `{ webhookDeliveries(status: DELIVERED) { id status } }`,
        );
        return d.webhookDeliveries.some((x) => x.id === failedId) ? true : undefined;
      },
      { timeoutMs: 30_000, what: 'the replayed delivery to arrive' },
    );
    expect(delivered).toBe(true);
    expect(hook.received()).toBeGreaterThan(before);
    await choose(page, '按状态筛选', '已送达');
    await page.locator(`tr[data-row-key="${failedId}"]`).getByText('已送达').waitFor(WAIT);
    await context.close();
  }, 240_000);

  it('ADMIN reads the access and export logs by person, page by page', async () => {
    // An export to find in the export log.
    const csv = await fetch(`${base}/export/pipeline.csv?teamId=team-east`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(csv.status).toBe(200);
    const { context, page } = await signIn('孙伟');
    await page.goto(`${base}/admin/logs`);
    await page.getByRole('heading', { name: '访问与导出日志' }).waitFor(WAIT);
    // The hand-over to 王芳 was logged as a transfer of ABC公司, named as people know it and opening it.
    await page.getByRole('cell', { name: '移交客户' }).first().waitFor(WAIT);
    const transferred = page.getByRole('row').filter({ hasText: '移交客户' }).getByRole('link', { name: 'ABC公司' }).first();
    await transferred.waitFor(WAIT);
    expect(await transferred.getAttribute('href')).toMatch(/^\/customers\/[0-9a-f-]{36}$/);
    expect(await settledViolations(page)).toEqual([]);
    await screenshot(page, 'admin-logs-desk');
    await page.getByRole('tab', { name: '导出日志' }).click();
    await page.getByRole('cell', { name: '阶段分布' }).waitFor(WAIT);
    // By person: 陈经理 exported nothing.
    await pick(page, page.locator('form[id="logFilters"]'), '人员', '陈经理', '陈');
    await page.getByRole('tabpanel').getByText('这段时间没有记录').waitFor(WAIT);
    expect(await settledViolations(page)).toEqual([]);
    await context.close();

    // Through the API: the people behind the entries, and pages that follow one another.
    const firstPage = await api<{ accessLog: Array<{ id: string; user: { name: string } | null }> }>(
      `{ accessLog(first: 1) { id user { name } } }`,
    );
    const secondPage = await api<{ accessLog: Array<{ id: string }> }>(
      `{ accessLog(first: 1, offset: 1) { id } }`,
    );
    const both = await api<{ accessLog: Array<{ id: string }> }>(`{ accessLog(first: 2) { id } }`);
    expect([...firstPage.accessLog, ...secondPage.accessLog].map((e) => e.id)).toEqual(
      both.accessLog.map((e) => e.id),
    );
    expect(firstPage.accessLog[0]!.user).not.toBeNull();
    const exports = await api<{ exportLog: Array<{ report: string; user: { name: string } | null }> }>(
      `query ($from: DateTime) { exportLog(userId: "admin-1", from: $from) { report user { name } } }`,
      { from: new Date(Date.now() - 3_600_000).toISOString() },
    );
    expect(exports.exportLog).toEqual([{ report: 'pipeline', user: { name: '孙伟' } }]);
    const refused = await system.graphql(admin, `{ exportLog(offset: -1) { id } }`);
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'offset',
      reason: 'OUT_OF_RANGE',
    });
  }, 240_000);

  it('shows every admin screen on a phone and in English without sideways scrolling', async () => {
    for (const [viewport, english, suffix] of [
      [PHONE, false, 'phone'],
      [DESK, true, 'desk-en'],
    ] as const) {
      const { context, page } = await signIn('孙伟', { viewport, english });
      for (const [path, heading] of [
        ['people', english ? 'Directory' : '人员名录'],
        ['teams', english ? 'Teams' : '团队'],
        ['channels', english ? 'Webhooks' : 'Webhook 推送'],
        ['logs', english ? 'Access & export logs' : '访问与导出日志'],
      ] as const) {
        await page.goto(`${base}/admin/${path}`);
        await page.getByRole('heading', { name: heading, exact: true }).waitFor(WAIT);
        await page.locator('.ant-table-row, .ant-table .ant-empty').first().waitFor(WAIT);
        await page.waitForFunction(
          () => !(globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector('.ant-skeleton, .ant-spin-spinning'),
          undefined,
          WAIT,
        );
        await screenshot(page, `admin-${path}-${suffix}`);
        expect({ path, suffix, wider: (await scrollWidth(page)) > viewport.width }).toEqual({
          path,
          suffix,
          wider: false,
        });
        expect({ path, suffix, violations: await settledViolations(page) }).toEqual({
          path,
          suffix,
          violations: [],
        });
      }
      await context.close();
    }
  }, 240_000);

  it('someone who is not ADMIN gets no admin navigation and a clear refusal on /admin', async () => {
    const { context, page } = await signIn('陈经理');
    await page.getByRole('heading', { name: '工作台' }).waitFor(WAIT);
    const nav = page.getByRole('navigation', { name: '主导航' });
    await nav.getByRole('link', { name: '客户' }).waitFor(WAIT);
    expect(await nav.getByRole('link', { name: '管理' }).count()).toBe(0);
    await page.goto(`${base}/admin/people`);
    await page.getByRole('heading', { name: '没有访问权限' }).waitFor(WAIT);
    await page.getByText('系统管理只对管理员开放').waitFor(WAIT);
    expect(await page.getByRole('heading', { name: '人员名录' }).count()).toBe(0);
    expect(await settledViolations(page)).toEqual([]);
    await screenshot(page, 'admin-no-access-desk');
    await context.close();
  }, 240_000);
});
