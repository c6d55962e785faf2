import { readFileSync } from 'node:fs';
import { seedPeople, waitFor } from '@salestrail/testkit';
import type { Browser, Page } from 'playwright-core';
import { customerInput, devToken, TestSystem } from './system';
import {
  launchBrowser,
  PHONE,
  screenshot,
  scrollWidth,
  seriousAccessibilityViolations,
  signedInContext,
  TEST_OIDC,
} from './web-browser';

/*
 * The analytics screens in a browser through the real stack: customers seeded through the API (the form's
 * ABC公司 moved through the first stages), the events applied by analytics, then the manager's funnel,
 * follow-up efficiency and pipeline, each figure on screen checked against the API's own answer;
 * MARKETING sees the same customers; after-sales staff get no analytics.
 */

const CREATE = `mutation ($input: CreateCustomerInput!) { createCustomer(input: $input) { id version } }`;
const LOG = `mutation ($input: LogInteractionInput!) { logInteraction(input: $input) { id } }`;
const VERSION = `query ($id: ID!) { customer(id: $id) { version } }`;
const STAGE = `mutation ($id: ID!, $to: SalesStage!, $reason: String, $v: Int!) {
  changeStage(customerId: $id, to: $to, reason: $reason, expectedVersion: $v) { version } }`;
const FUNNEL = `query ($from: Date!, $to: Date!) { conversionFunnel(from: $from, to: $to) {
  stages { stage entered advanced terminated conversionRate medianDaysInStage } winRate } }`;
const FOLLOW_UP = `query ($from: Date!, $to: Date!) { followUpEfficiency(from: $from, to: $to, groupBy: [OWNER]) {
  key { ownerId } interactionsLogged actionsDue actionsCompletedOnTime openOverdue } }`;
const PIPELINE = `{ pipeline { stage count } }`;

const STAGES_ZH: Record<string, string> = {
  LEAD_NURTURING: '线索培育',
  NEEDS_CONFIRMED: '需求确认',
  PROPOSAL_PRESENTED: '方案呈现',
  NEGOTIATION: '谈判推进',
  DEAL_SIGNING: '成交签约',
  AFTER_SALES: '售后维护',
  LEAD_TERMINATED: '线索终止',
};

interface StageFigures {
  stage: string;
  entered: number;
  advanced: number;
  terminated: number;
  conversionRate: number | null;
  medianDaysInStage: number | null;
}

/** A calendar date in Asia/Shanghai (the team's zone), `offsetDays` from today. */
function shanghaiDate(offsetDays: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(
    new Date(Date.now() + offsetDays * 86_400_000),
  );
}
const minutesAgo = (m: number) =>
  new Date(Math.floor((Date.now() - m * 60_000) / 60_000) * 60_000).toISOString();
const hoursFromNow = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

/** The text of each cell of a table's body rows, by row. */
async function tableRows(page: Page, name: string): Promise<string[][]> {
  const table = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name }) });
  return (
    table
      .locator('tbody tr:not([aria-hidden])')
      // Typed by hand: the e2e package compiles without the DOM's types.
      .evaluateAll(
        (rows: Array<{ querySelectorAll(selector: string): ArrayLike<{ textContent: string | null }> }>) =>
          rows.map((r) => Array.from(r.querySelectorAll('td')).map((td) => (td.textContent ?? '').trim())),
      )
  );
}

describe('the analytics screens, in a browser through the gateway', () => {
  let system: TestSystem;
  let browser: Browser;
  let base: string;
  let manager: string;
  let rep: string;
  let marketing: string;
  let afterSales: string;
  // A custom period around today: seeding and viewing fall inside it whatever the time of day or week.
  const period = { from: shanghaiDate(-1), to: shanghaiDate(1) };
  const funnelPath = () => `/analytics/funnel?period=custom&from=${period.from}&to=${period.to}`;

  beforeAll(async () => {
    system = await TestSystem.start('webanalytics', {
      WEB_OIDC_ISSUER: TEST_OIDC.issuer,
      WEB_OIDC_CLIENT_ID: TEST_OIDC.clientId,
    });
    base = `http://127.0.0.1:${system.ports.gateway}`;
    const { tokens } = await seedPeople(system, await devToken('ADMIN', 'admin-1', null))
      .team('team-ana', '华东销售组')
      .manager('manager-ana', '陈经理')
      .rep('rep-ana', '李明')
      .rep('rep-ana-2', '王芳')
      .create();
    manager = tokens['manager-ana']!;
    rep = tokens['rep-ana']!;
    const rep2 = tokens['rep-ana-2']!;
    marketing = await devToken('MARKETING', 'marketing-ana', null, { name: '刘芳' });
    afterSales = await devToken('AFTER_SALES', 'aftersales-ana', 'team-ana', { name: '周工' });

    const create = async (token: string, name: string, extra: Record<string, unknown> = {}) => {
      const res = await system.graphql<{ createCustomer: { id: string } }>(token, CREATE, {
        input: customerInput(name, { firstContactDate: shanghaiDate(0), ...extra }),
      });
      expect(res.errors).toBeUndefined();
      return res.data!.createCustomer.id;
    };
    const log = async (
      token: string,
      customerId: string,
      occurredAt: string,
      content: string,
      dueAt: string,
    ) => {
      const res = await system.graphql(token, LOG, {
        input: {
          customerId,
          occurredAt,
          method: 'PHONE_CALL',
          summary: '客户希望缩短交货周期；我方介绍了智能仓储系统；约定现场演示。',
          nextAction: { content, dueAt },
        },
      });
      expect(res.errors).toBeUndefined();
    };
    const move = async (token: string, id: string, to: string, reason: string | null = null) => {
      const current = await system.graphql<{ customer: { version: number } }>(token, VERSION, { id });
      const res = await system.graphql(token, STAGE, { id, to, reason, v: current.data!.customer.version });
      expect(res.errors).toBeUndefined();
    };
    // ABC公司 (the form's example): a call, then 需求确认 → 方案呈现 → 谈判推进.
    const abc = await create(rep, 'ABC公司', {
      industryCode: 'C36',
      contacts: [{ name: '王总', role: 'DECISION_MAKER', phone: '13800138000' }],
    });
    await log(rep, abc, minutesAgo(90), '发送产品详细参数表至客户邮箱', hoursFromNow(48));
    for (const to of ['NEEDS_CONFIRMED', 'PROPOSAL_PRESENTED', 'NEGOTIATION']) await move(rep, abc, to);
    // XYZ物流: terminated from 线索培育; its call's next action is already overdue.
    const xyz = await create(rep, 'XYZ物流', { sourceChannel: 'REFERRAL' });
    await log(rep, xyz, minutesAgo(300), '发送正式报价单至李经理邮箱', hoursFromNow(-1));
    await move(rep, xyz, 'LEAD_TERMINATED', '客户预算冻结');
    // 王芳's 星河科技 stays in 线索培育.
    const star = await create(rep2, '星河科技', { sourceChannel: 'INBOUND' });
    // Its call's next action fell due half an hour ago: open and overdue.
    await log(rep2, star, minutesAgo(60), '电话确认星河科技的采购预算和决策人', minutesAgo(30));

    // Analytics applies the events on its own: wait until the funnel holds all of them.
    await waitFor(
      async () => {
        const res = await system.graphql<{ conversionFunnel: Array<{ stages: StageFigures[] }> }>(
          manager,
          FUNNEL,
          period,
        );
        const stages = res.data?.conversionFunnel[0]?.stages ?? [];
        const of = (s: string) => stages.find((x) => x.stage === s);
        return of('LEAD_NURTURING')?.entered === 3 &&
          of('NEGOTIATION')?.entered === 1 &&
          of('LEAD_TERMINATED')?.entered === 1
          ? true
          : undefined;
      },
      { timeoutMs: 30_000, what: 'the seeded stage changes in the funnel' },
    );
    await waitFor(
      async () => {
        const res = await system.graphql<{
          followUpEfficiency: Array<{ interactionsLogged: number; openOverdue: number }>;
        }>(manager, FOLLOW_UP, period);
        const groups = res.data?.followUpEfficiency ?? [];
        const logged = groups.reduce((n, g) => n + g.interactionsLogged, 0);
        const overdue = groups.reduce((n, g) => n + g.openOverdue, 0);
        return logged === 3 && overdue === 1 ? true : undefined;
      },
      { timeoutMs: 30_000, what: 'the seeded interactions and the overdue action in follow-up efficiency' },
    );
    browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  /** The funnel table on screen equals the API's answer for the same caller and period, stage by stage. */
  async function expectFunnelTableEqualsApi(page: Page, token: string): Promise<StageFigures[]> {
    const api = await system.graphql<{ conversionFunnel: Array<{ stages: StageFigures[] }> }>(
      token,
      FUNNEL,
      period,
    );
    const stages = api.data!.conversionFunnel[0]!.stages;
    await page.getByRole('button', { name: '查看线索培育的客户' }).waitFor();
    const rows = await tableRows(page, '停留天数（中位数）');
    const pct = (r: number | null) =>
      r === null ? '—' : `${new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 1 }).format(r * 100)}%`;
    expect(rows.map((r) => r.slice(0, 5))).toEqual(
      [
        'LEAD_NURTURING',
        'NEEDS_CONFIRMED',
        'PROPOSAL_PRESENTED',
        'NEGOTIATION',
        'DEAL_SIGNING',
        'AFTER_SALES',
        'LEAD_TERMINATED',
      ].map((stage) => {
        const s = stages.find((x) => x.stage === stage)!;
        return [
          STAGES_ZH[stage],
          String(s.entered),
          String(s.advanced),
          String(s.terminated),
          pct(s.conversionRate),
        ];
      }),
    );
    return stages;
  }

  it("shows the manager's funnel for the period with ABC公司's stages, and a stage's customers on click", async () => {
    const context = await signedInContext(browser, manager, { sub: 'manager-ana', name: '陈经理' });
    const page = await context.newPage();
    const scripts: string[] = [];
    page.on('request', (req) => {
      if (req.resourceType() === 'script') scripts.push(new URL(req.url()).pathname);
    });
    await page.goto(`${base}/`);
    await page.getByRole('heading', { name: '工作台' }).waitFor();
    // ECharts is loaded by the analytics screens only: the first screen fetches no chart code.
    expect(scripts.filter((s) => s.includes('/EChart-'))).toEqual([]);
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '分析' }).click();
    await page.getByRole('heading', { name: '分析', level: 1 }).waitFor();
    await page.getByRole('button', { name: '查看线索培育的客户' }).waitFor();
    await page.locator('canvas').first().waitFor();
    expect(scripts.filter((s) => s.includes('/EChart-'))).toHaveLength(1);
    await page.goto(`${base}${funnelPath()}`);
    const stages = await expectFunnelTableEqualsApi(page, manager);
    // What the seeding did: three leads; ABC公司 went on to 谈判推进, XYZ物流 was terminated.
    const of = (s: string) => stages.find((x) => x.stage === s)!;
    expect([
      of('LEAD_NURTURING').entered,
      of('LEAD_NURTURING').advanced,
      of('LEAD_NURTURING').terminated,
    ]).toEqual([3, 1, 1]);
    expect([
      of('NEEDS_CONFIRMED').entered,
      of('PROPOSAL_PRESENTED').entered,
      of('NEGOTIATION').entered,
    ]).toEqual([1, 1, 1]);
    // The chart is drawn (a canvas, hidden from screen readers: the table is its accessible form).
    expect(await page.locator('[aria-hidden="true"] canvas').count()).toBeGreaterThan(0);
    await screenshot(page, 'analytics-funnel-desk');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.getByRole('button', { name: '查看谈判推进的客户' }).click();
    await page.getByRole('heading', { name: '谈判推进 · 本期进入的客户' }).waitFor();
    const listed = page
      .getByRole('table')
      .filter({ has: page.getByRole('columnheader', { name: '进入时间' }) });
    await listed.getByRole('link', { name: 'ABC公司' }).waitFor();
    expect(await listed.getByRole('link').allTextContents()).toEqual(['ABC公司']);
    await page.getByRole('button', { name: '查看线索培育的客户' }).click();
    await page.getByRole('heading', { name: '线索培育 · 本期进入的客户' }).waitFor();
    await listed.getByRole('link', { name: 'XYZ物流' }).waitFor();
    expect((await listed.getByRole('link').allTextContents()).sort()).toEqual(
      ['ABC公司', 'XYZ物流', '星河科技'].sort(),
    );
    expect(page.url()).toContain('stage=LEAD_NURTURING');
    await screenshot(page, 'analytics-funnel-customers-desk');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // Grouped by owner: one row per salesperson, by name.
    await page.goto(`${base}${funnelPath()}&groupBy=OWNER&stage=NEGOTIATION`);
    const groups = page
      .getByRole('table')
      .filter({ has: page.getByRole('columnheader', { name: '进入线索培育' }) });
    await groups.getByText('李明').waitFor();
    await groups.getByText('王芳').waitFor();
    await listed.getByRole('link', { name: 'ABC公司' }).click();
    await page.getByRole('heading', { name: 'ABC公司' }).waitFor();
    await context.close();
  });

  it('shows follow-up efficiency per salesperson and the pipeline as the API counts them, with a working CSV export', async () => {
    const context = await signedInContext(browser, manager, { sub: 'manager-ana', name: '陈经理' });
    const page = await context.newPage();
    await page.goto(`${base}/analytics/efficiency?period=custom&from=${period.from}&to=${period.to}`);
    await page.getByRole('heading', { name: '各销售的跟进效率' }).waitFor();
    await page.getByRole('cell', { name: '李明' }).waitFor();
    const api = await system.graphql<{
      followUpEfficiency: Array<{
        key: { ownerId: string };
        interactionsLogged: number;
        actionsDue: number;
        openOverdue: number;
      }>;
    }>(manager, FOLLOW_UP, period);
    const rows = await tableRows(page, '当前逾期');
    for (const [id, name] of [
      ['rep-ana', '李明'],
      ['rep-ana-2', '王芳'],
    ] as const) {
      const figures = api.data!.followUpEfficiency.find((g) => g.key.ownerId === id)!;
      const row = rows.find((r) => r[0] === name)!;
      // Cells hold the figure, then the trend's words for screen readers.
      expect(row[1]).toMatch(new RegExp(`^${figures.interactionsLogged}(较|$)`));
      expect(row[3]).toMatch(new RegExp(`^${figures.actionsDue}(较|$)`));
      expect(row[7]).toBe(String(figures.openOverdue));
    }
    expect(rows.find((r) => r[0] === '李明')![1]).toMatch(/^2/);
    expect(rows.find((r) => r[0] === '王芳')![7]).toBe('1');
    await screenshot(page, 'analytics-efficiency-desk');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.getByRole('navigation', { name: '分析页面' }).getByRole('link', { name: '销售管道' }).click();
    await page.getByRole('heading', { name: '各阶段现有客户' }).waitFor();
    const pipeline = await system.graphql<{ pipeline: Array<{ stage: string; count: number }> }>(
      manager,
      PIPELINE,
    );
    const shown = await tableRows(page, '客户数');
    expect(shown.map((r) => r.slice(0, 2))).toEqual(
      Object.keys(STAGES_ZH).map((stage) => [
        STAGES_ZH[stage],
        String(pipeline.data!.pipeline.find((p) => p.stage === stage)!.count),
      ]),
    );
    expect(shown.find((r) => r[0] === '谈判推进')![1]).toBe('1');
    await screenshot(page, 'analytics-pipeline-desk');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // The export carries the Bearer token from the app: the file arrives with the team's figures.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /导出 CSV/ }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('pipeline.csv');
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split(/\r?\n/).filter(Boolean)).toHaveLength(8);
    await context.close();
  });

  it('works at a phone width in Chinese, and in English', async () => {
    const context = await signedInContext(
      browser,
      manager,
      { sub: 'manager-ana', name: '陈经理' },
      { viewport: PHONE },
    );
    const page = await context.newPage();
    await page.goto(`${base}${funnelPath()}`);
    await expectFunnelTableEqualsApi(page, manager);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);
    // A manager's eight sections: 分析 is under 更多 in the phone's tab bar, marked as the current section
    const more = page.getByRole('navigation', { name: '主导航' }).getByRole('button', { name: '更多' });
    expect(await more.getAttribute('aria-current')).toBe('page');
    await more.click();
    await page.getByRole('menuitem', { name: /分析/ }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('menuitem', { name: /分析/ }).waitFor({ state: 'hidden' });
    await screenshot(page, 'analytics-funnel-phone');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.goto(`${base}/analytics/efficiency?period=custom&from=${period.from}&to=${period.to}`);
    await page.getByRole('cell', { name: '李明' }).waitFor();
    expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'analytics-efficiency-phone');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await context.close();

    const desk = await signedInContext(
      browser,
      manager,
      { sub: 'manager-ana', name: '陈经理' },
      { locale: 'en' },
    );
    const en = await desk.newPage();
    await en.goto(`${base}${funnelPath()}`);
    await en.getByRole('button', { name: '切换语言：English' }).click();
    await en.getByRole('button', { name: 'Show the customers of Negotiation' }).waitFor();
    await en.getByRole('columnheader', { name: 'Median days in stage' }).waitFor();
    await screenshot(en, 'analytics-funnel-desk-en');
    expect(await seriousAccessibilityViolations(en)).toEqual([]);
    await desk.close();
  });

  it('shows MARKETING every team’s funnel with ABC公司 in it', async () => {
    const context = await signedInContext(browser, marketing, { sub: 'marketing-ana', name: '刘芳' });
    const page = await context.newPage();
    await page.goto(`${base}${funnelPath()}`);
    const stages = await expectFunnelTableEqualsApi(page, marketing);
    expect(stages.find((s) => s.stage === 'NEGOTIATION')!.entered).toBe(1);
    await page.getByRole('combobox', { name: '团队' }).waitFor();
    await page.getByRole('button', { name: '查看谈判推进的客户' }).click();
    const listed = page
      .getByRole('table')
      .filter({ has: page.getByRole('columnheader', { name: '进入时间' }) });
    await listed.getByRole('link', { name: 'ABC公司' }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await context.close();
  });

  it('gives after-sales staff and salespeople no analytics: no menu item, a clear no-access page, FORBIDDEN from the API for after-sales', async () => {
    const refused = await system.graphql(afterSales, FUNNEL, period);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    for (const [token, sub, name] of [
      [afterSales, 'aftersales-ana', '周工'],
      [rep, 'rep-ana', '李明'],
    ] as const) {
      const context = await signedInContext(browser, token, { sub, name });
      const page = await context.newPage();
      await page.goto(`${base}/`);
      const nav = page.getByRole('navigation', { name: '主导航' });
      await nav.getByRole('link', { name: '客户' }).waitFor();
      expect(await nav.getByRole('link', { name: '分析' }).count()).toBe(0);
      await page.goto(`${base}${funnelPath()}`);
      await page.getByRole('heading', { name: '你没有查看分析的权限' }).waitFor();
      expect(await page.getByRole('table').count()).toBe(0);
      if (sub === 'aftersales-ana') {
        await screenshot(page, 'analytics-no-access-desk');
        expect(await seriousAccessibilityViolations(page)).toEqual([]);
      }
      await context.close();
    }
  });
});
