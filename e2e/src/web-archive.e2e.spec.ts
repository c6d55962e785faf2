import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { seedPeople, waitFor } from '@salestrail/testkit';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { devToken, TestSystem } from './system';
import { DESK, launchBrowser, signInThroughProvider, PHONE, screenshot, scrollWidth, seriousAccessibilityViolations, type AxeViolation } from './web-browser';

/*
 * Form step 6 in the browser, through the real stack and the real sign-in: the form's ABC公司 record,
 * submitted by 李明 and approved by 陈经理 through the API, is archived by 王助理 on the 归档 screen,
 * found again by its code ABC公司_20240315, opened as the paper form and printed to an A4 PDF whose text
 * and pages are checked. A salesperson gets no archive button and the API refuses them.
 */

const WAIT = { timeout: 60_000 };
const SUMMARY = '客户表示现有供应商交货周期长，希望缩短至7天；我方介绍了智能仓储系统的效率提升；客户有兴趣，约定3月25日现场演示。';
const ACTION = '发送产品详细参数表至客户邮箱';
const SECTIONS = ['客户基础信息', '沟通记录', '客户需求关键点', '客户痛点分析', '当前销售阶段', '下一步行动计划', '备注', '审核信息'];

const CREATE = `mutation ($input: CreateCustomerInput!) { createCustomer(input: $input) { id version } }`;
const LOG = `mutation ($input: LogInteractionInput!) { logInteraction(input: $input) { id } }`;
const STAGE = `mutation ($id: ID!, $v: Int!) { changeStage(customerId: $id, to: NEEDS_CONFIRMED, expectedVersion: $v) { version } }`;
const VERSION = `query ($id: ID!) { customer(id: $id) { version archiveCode } }`;
const SUBMIT = `mutation ($ids: [ID!]!) { submitForReview(customerIds: $ids, note: "本周记录") { id customerVersion customer { id } } }`;
const DECIDE = `mutation ($id: ID!) { decideReview(id: $id, decision: APPROVE, comments: "记录完整，同意归档") { status } }`;
const TO_ARCHIVE = `{ customersToArchive { id } }`;
const ARCHIVE_MANY = `mutation ($ids: [ID!]!) { archiveCustomers(customerIds: $ids) { id archiveCode } }`;
const ARCHIVE_ONE = `mutation ($id: ID!) { archiveCustomer(customerId: $id) { id archiveCode } }`;
const LIST = `query ($q: String) { archivedRecords(search: $q) { id archiveCode customerId archiver { name } } }`;

describe('归档 in the browser: archive, find by code, open as the form, print on A4', () => {
  let system: TestSystem;
  let browser: Browser;
  let base: string;
  let rep: string;
  let manager: string;
  let assistant: string;
  let abcId: string;
  let xyzId: string;
  let work: string;

  beforeAll(async () => {
    system = await TestSystem.start('webarchive', {}, { identityProvider: true });
    base = `http://127.0.0.1:${system.ports.gateway}`;
    const { tokens } = await seedPeople(system, await devToken('ADMIN', 'admin-1', null))
      .team('team-east', '华东销售组')
      .manager('manager-1', '陈经理', 'chenjingli@example.com')
      .rep('rep-1', '李明', 'liming@example.com')
      .assistant('assistant-1', '王助理', 'wangzhuli@example.com')
      .create();
    rep = tokens['rep-1']!;
    manager = tokens['manager-1']!;
    assistant = tokens['assistant-1']!;

    // The form's example: ABC公司, first contact 2024-03-15 at a trade show, the 2024-03-20 14:30 call.
    const abc = await must<{ createCustomer: { id: string } }>(rep, CREATE, {
      input: {
        name: 'ABC公司',
        kind: 'ENTERPRISE',
        industryCode: 'C3612',
        sourceChannel: 'TRADE_SHOW',
        firstContactDate: '2024-03-15',
        remarks: '客户对价格敏感，注意长期维护成本',
        contacts: [
          { name: '王总', role: 'DECISION_MAKER', phone: '13800138000' },
          { name: '赵主管', role: 'EXECUTOR', email: 'zhao@abc.example' },
        ],
      },
    });
    abcId = abc.createCustomer.id;
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
        painPoints: [{ description: '现有系统长期维护费用高，超出预算', needIndexes: [1] }],
        nextAction: { content: ACTION, dueAt: '2024-03-25T18:00:00+08:00' },
      },
    });
    const v = (await must<{ customer: { version: number } }>(rep, VERSION, { id: abcId })).customer.version;
    await must(rep, STAGE, { id: abcId, v });
    const xyz = await must<{ createCustomer: { id: string } }>(rep, CREATE, {
      input: {
        name: 'XYZ物流',
        kind: 'ENTERPRISE',
        industryCode: 'G59',
        sourceChannel: 'TRADE_SHOW',
        firstContactDate: '2024-03-18',
        contacts: [{ name: '李经理', role: 'DECISION_MAKER', phone: '13900139000' }],
      },
    });
    xyzId = xyz.createCustomer.id;
    await must(rep, LOG, {
      input: {
        customerId: xyzId,
        occurredAt: '2024-03-18T10:00:00+08:00',
        method: 'IN_PERSON_MEETING',
        summary: '客户询问智能仓储系统的部署周期，我方说明标准部署需要6周。',
        nextAction: { content: '发送正式报价单至李经理邮箱', dueAt: '2024-03-22T18:00:00+08:00' },
      },
    });

    // 李明 submits both on Friday (once the workflow knows their current versions); 陈经理 approves them.
    const current = async (id: string) => (await must<{ customer: { version: number } }>(rep, VERSION, { id })).customer.version;
    const versions = new Map([
      [abcId, await current(abcId)],
      [xyzId, await current(xyzId)],
    ]);
    const reviews = await waitFor(
      async () => {
        const res = await system.graphql<{ submitForReview: Array<{ id: string; customerVersion: number; customer: { id: string } }> }>(rep, SUBMIT, { ids: [abcId, xyzId] });
        const all = res.data?.submitForReview ?? [];
        return all.length === 2 && all.every((r) => r.customerVersion === versions.get(r.customer.id)) ? all : undefined;
      },
      { timeoutMs: 30_000, what: 'the workflow to know both records' },
    );
    for (const r of reviews) await must(manager, DECIDE, { id: r.id });
    // Records learns the approvals from workflow's events.
    await waitFor(
      async () => {
        const res = await system.graphql<{ customersToArchive: Array<{ id: string }> }>(assistant, TO_ARCHIVE);
        const ids = res.data?.customersToArchive.map((c) => c.id) ?? [];
        return ids.includes(abcId) && ids.includes(xyzId) ? true : undefined;
      },
      { timeoutMs: 30_000, what: 'records to hear of both approvals' },
    );
    browser = await launchBrowser();
    work = mkdtempSync(path.join(tmpdir(), 'salestrail-archive-'));
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  async function must<T = unknown>(token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const res = await system.graphql<T>(token, query, variables);
    if (res.errors?.length) throw new Error(`${query}: ${JSON.stringify(res.errors)}`);
    return res.data!;
  }

  /** A fresh browser signed in by picking the person on the development provider's page. */
  function signIn(name: string, viewport = DESK): Promise<{ context: BrowserContext; page: Page }> {
    return signInThroughProvider(browser, { base, issuerUrl: system.issuerUrl }, name, { viewport });
  }

  it('王助理 sees both approved records, archives them in one step, finds ABC公司_20240315 and opens it as the form', async () => {
    const { context, page } = await signIn('王助理');
    const nav = page.getByRole('navigation', { name: '主导航' });
    await nav.getByRole('link', { name: '归档' }).click();
    await page.getByRole('heading', { name: '归档', level: 3 }).waitFor(WAIT);
    await page.getByText('待归档（2 条）').waitFor(WAIT);
    await page.getByRole('button', { name: '归档 ABC公司' }).waitFor(WAIT);
    await page.getByRole('button', { name: '归档 XYZ物流' }).waitFor(WAIT);
    expect(await settledViolations(page)).toEqual([]);
    await screenshot(page, 'archive-desk');

    await page.getByRole('checkbox', { name: /全选（2 条）/ }).check();
    await page.getByRole('button', { name: /归档所选（2 条）/ }).click();
    await page.getByText('已归档 2 条记录').waitFor(WAIT);
    await page.getByText('没有待归档的记录。经理审核通过后，记录会出现在这里。').waitFor(WAIT);

    // The API agrees: both archived under name + first-contact date.
    expect((await must<{ customer: { archiveCode: string } }>(rep, VERSION, { id: abcId })).customer.archiveCode).toBe('ABC公司_20240315');
    expect((await must<{ customer: { archiveCode: string } }>(rep, VERSION, { id: xyzId })).customer.archiveCode).toBe('XYZ物流_20240318');

    // Found by its code, on the server.
    const list = page.getByRole('region', { name: /^归档记录（\d+ 份）$/ });
    await list.getByRole('link', { name: 'XYZ物流_20240318' }).waitFor(WAIT);
    await page.getByRole('searchbox', { name: '按归档编号搜索' }).fill('ABC公司_20240315');
    await page.waitForURL((url) => url.searchParams.get('q') === 'ABC公司_20240315', WAIT);
    await list.getByRole('link', { name: 'XYZ物流_20240318' }).waitFor({ state: 'detached', ...WAIT });
    const found = list.getByRole('link', { name: 'ABC公司_20240315' });
    await found.waitFor(WAIT);
    expect(await list.getByRole('link').count()).toBe(1);
    await list.getByText(/由 王助理 归档/).waitFor(WAIT);
    expect(await settledViolations(page)).toEqual([]);
    await screenshot(page, 'archive-search-desk');

    // Opened as the paper form, by a link that survives a reload.
    await found.click();
    await page.waitForURL(/\/archive\/snapshots\/[0-9a-f-]{36}$/, WAIT);
    await page.reload();
    const form = page.getByRole('article', { name: '销售过程标准记录表' });
    await form.waitFor(WAIT);
    await form.getByText('制造业 / 新能源车整车制造（C3612）').waitFor(WAIT);
    const headings = await form.getByRole('heading', { level: 2 }).allTextContents();
    expect(headings.map((h) => h.replace(/^[一二三四五六七八]、/, ''))).toEqual(SECTIONS);
    await form.getByText(SUMMARY).waitFor(WAIT);
    await form.getByText('2024-03-20 14:30').waitFor(WAIT);
    await form.getByText('王总（决策人） · 13800138000').waitFor(WAIT);
    await form.getByText(ACTION).waitFor(WAIT);
    await page.getByRole('button', { name: /打\s*印/ }).waitFor(WAIT);
    expect(await settledViolations(page)).toEqual([]);
    await screenshot(page, 'archive-form-desk');

    // Printed: an A4 PDF with the form's sections and ABC公司's data, and none of the app's chrome.
    const pdfFile = path.join(work, 'abc.pdf');
    writeFileSync(pdfFile, await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true }));
    const text = execFileSync('pdftotext', ['-layout', pdfFile, '-'], { encoding: 'utf8' });
    const flat = text.replace(/\s+/g, '');
    for (const section of SECTIONS) expect(flat).toContain(section);
    for (const data of ['销售过程标准记录表', 'ABC公司_20240315', 'ABC公司', '2024-03-15', '展会推荐', '王总（决策人）', '2024-03-2014:30', '预算50万以内', '现有系统长期维护费用高，超出预算', ACTION, '客户对价格敏感，注意长期维护成本', '销售人员签字', '李明', '经理审核意见', '记录完整，同意归档', '陈经理']) {
      expect(flat).toContain(data.replace(/\s+/g, ''));
    }
    // The sections in the form's order on paper too.
    const at = SECTIONS.map((s) => flat.indexOf(s));
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    for (const chrome of ['工作台', '本周提交', '返回归档', '打开客户']) expect(flat).not.toContain(chrome);
    const info = execFileSync('pdfinfo', [pdfFile], { encoding: 'utf8' });
    // A4 is 595 × 842 points.
    expect(info).toMatch(/Page size:\s+[\d.]+ x [\d.]+ pts \(A4\)/);
    execFileSync('pdftoppm', ['-png', '-r', '60', pdfFile, path.join(work, 'page')]);
    const pages = readdirSync(work).filter((f) => /^page-\d+\.png$/.test(f)).sort();
    expect(pages.length).toBeGreaterThanOrEqual(1);
    if (process.env.SALESTRAIL_SCREENSHOTS === '1') {
      const dir = path.resolve(__dirname, '../../docs/screenshots');
      mkdirSync(dir, { recursive: true });
      copyFileSync(path.join(work, pages[0]!), path.join(dir, 'archive-print-a4.png'));
      if (pages[1]) copyFileSync(path.join(work, pages[1]), path.join(dir, 'archive-print-a4-2.png'));
    }

    // On a phone: the form fits the width.
    await page.setViewportSize(PHONE);
    await form.waitFor(WAIT);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);
    expect(await settledViolations(page)).toEqual([]);
    await screenshot(page, 'archive-form-phone');
    await page.goto(`${base}/archive`);
    await page.getByRole('region', { name: /^归档记录（\d+ 份）$/ }).getByRole('link', { name: 'ABC公司_20240315' }).waitFor(WAIT);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);
    expect(await settledViolations(page)).toEqual([]);
    await screenshot(page, 'archive-phone');

    // In English too.
    await page.setViewportSize(DESK);
    await page.getByRole('button', { name: '切换语言：English' }).click();
    await page.getByRole('link', { name: 'ABC公司_20240315' }).click();
    await page.getByRole('article', { name: 'Sales process record form' }).waitFor(WAIT);
    await page.getByRole('heading', { name: '8. Review' }).waitFor(WAIT);
    expect(await settledViolations(page)).toEqual([]);
    await screenshot(page, 'archive-form-desk-en');
    await context.close();
  }, 300_000);

  it('陈经理 sees the team’s archive; a salesperson gets no archive button and the API refuses them, changing nothing', async () => {
    expect(abcId).toBeDefined();
    const listed = await must<{ archivedRecords: Array<{ archiveCode: string; archiver: { name: string } }> }>(manager, LIST, { q: '20240315' });
    expect(listed.archivedRecords).toEqual([expect.objectContaining({ archiveCode: 'ABC公司_20240315', archiver: { name: '王助理' } })]);
    const { context: mc, page: mp } = await signIn('陈经理');
    await mp.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '归档' }).click();
    await mp.getByRole('region', { name: /^归档记录（\d+ 份）$/ }).getByRole('link', { name: 'ABC公司_20240315' }).waitFor(WAIT);
    await mc.close();

    const before = await must<{ customer: { version: number; archiveCode: string } }>(rep, VERSION, { id: abcId });
    const one = await system.graphql(rep, ARCHIVE_ONE, { id: abcId });
    expect(one.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    const many = await system.graphql(rep, ARCHIVE_MANY, { ids: [abcId] });
    expect(many.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', field: 'customerIds.0', customerId: abcId });
    expect(await must(rep, VERSION, { id: abcId })).toEqual({ customer: before.customer });

    const { context, page } = await signIn('李明');
    expect(await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '归档' }).count()).toBe(0);
    // From his customer's page, the archive code leads to its archived forms.
    await page.goto(`${base}/customers/${abcId}`);
    await page.getByRole('heading', { name: 'ABC公司' }).waitFor(WAIT);
    await page.getByRole('link', { name: 'ABC公司_20240315' }).click();
    await page.waitForURL((url) => url.pathname === '/archive' && url.searchParams.get('q') === 'ABC公司_20240315', WAIT);
    await page.getByText(/归档由团队助理或经理完成/).waitFor(WAIT);
    // His own record's archived form is his to read; archiving is not.
    await page.getByRole('region', { name: /^归档记录（\d+ 份）$/ }).getByRole('link', { name: 'ABC公司_20240315' }).waitFor(WAIT);
    expect(await page.getByRole('button', { name: /^归档/ }).count()).toBe(0);
    expect(await settledViolations(page)).toEqual([]);
    await context.close();
  }, 180_000);
});

/** What the functions evaluated in the page use of it (the e2e package compiles without the DOM's types). */
interface InPage {
  document: { querySelector(selector: string): unknown };
}

/** axe's serious and critical findings once no popup or toast is on screen (fading text fails contrast mid-animation). */
async function settledViolations(page: Page): Promise<AxeViolation[]> {
  await page.waitForFunction(
    () => !(globalThis as unknown as InPage).document.querySelector('.ant-select-dropdown:not(.ant-select-dropdown-hidden), .ant-message-notice, .ant-skeleton'),
    undefined,
    WAIT,
  );
  return seriousAccessibilityViolations(page);
}
