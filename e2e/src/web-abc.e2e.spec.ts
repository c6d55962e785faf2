import { seedPeople } from '@salestrail/testkit';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { devToken, TestSystem } from './system';
import { DESK, launchBrowser, signInThroughProvider, seriousAccessibilityViolations, type AxeViolation } from './web-browser';

/*
 * The form's ABC公司 example from first contact to Friday submission, in headless Chromium through the real
 * stack and the real sign-in: the app sends the browser to the development identity provider, 李明 picks
 * himself there and comes back signed in, then enters everything on the app's own screens.
 */

const SUMMARY = '客户表示现有供应商交货周期长，希望缩短至7天；我方介绍了智能仓储系统的效率提升；客户有兴趣，约定3月25日现场演示。';
const PAIN = '现有系统长期维护费用高，超出预算';
const ACTION = '发送产品详细参数表至客户邮箱';
const WAIT = { timeout: 60_000 };

const READ = /* GraphQL */ `
  query Read($id: ID!) {
    customer(id: $id) {
      name kind sourceChannel firstContactDate stage ownerId
      industry { code }
      contacts { name role phone }
      interactions(first: 10) { totalCount edges { node { occurredAt method summary authorId } } }
      needs { id kind description }
      painPoints { description needIds }
      nextActions(status: OPEN) { content ownerId dueAt }
      latestReview { status reviewerId }
    }
  }
`;

interface Read {
  customer: {
    name: string;
    kind: string;
    sourceChannel: string;
    firstContactDate: string;
    stage: string;
    ownerId: string;
    industry: { code: string };
    contacts: Array<{ name: string; role: string; phone: string | null }>;
    interactions: { totalCount: number; edges: Array<{ node: { occurredAt: string; method: string; summary: string; authorId: string } }> };
    needs: Array<{ id: string; kind: string; description: string }>;
    painPoints: Array<{ description: string; needIds: string[] }>;
    nextActions: Array<{ content: string; ownerId: string; dueAt: string }>;
    latestReview: { status: string; reviewerId: string } | null;
  } | null;
}

describe('the ABC公司 example in the browser, signed in through the development identity provider', () => {
  let system: TestSystem;
  let browser: Browser;
  let base: string;
  let rep: string;
  let abcId: string;
  beforeAll(async () => {
    system = await TestSystem.start('webabc', {}, { identityProvider: true });
    base = `http://127.0.0.1:${system.ports.gateway}`;
    // The development people the provider signs in, in the directory as `npm start` puts them.
    const { tokens } = await seedPeople(system, await devToken('ADMIN', 'admin-1', null))
      .team('team-east', '华东销售组')
      .manager('manager-1', '陈经理', 'chenjingli@example.com')
      .rep('rep-1', '李明', 'liming@example.com')
      .create();
    rep = tokens['rep-1']!;
    browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  /** A fresh browser signed in by picking the person on the development provider's page. */
  function signIn(name: string, viewport = DESK): Promise<{ context: BrowserContext; page: Page }> {
    return signInThroughProvider(browser, { base, issuerUrl: system.issuerUrl }, name, { viewport });
  }

  it('李明 signs in, creates ABC公司, logs the 2024-03-20 call, moves the stage and submits it on Friday', async () => {
    const { context, page } = await signIn('李明');
    await page.getByRole('heading', { name: '工作台' }).waitFor(WAIT);

    // New customer: section 1 and the first contact on one screen.
    await page.goto(`${base}/customers/new`);
    await page.getByRole('heading', { name: '新建客户' }).waitFor(WAIT);
    await page.getByLabel('客户名称').fill('ABC公司');
    expect(await page.getByRole('radio', { name: '企业' }).isChecked()).toBe(true);
    const industry = page.getByRole('combobox', { name: '所属行业' });
    await industry.click();
    await industry.pressSequentially('新能源');
    const match = page.getByRole('menuitemcheckbox', { name: /新能源车整车制造/ }).or(page.locator('.ant-cascader-menu-item', { hasText: '新能源车整车制造' }));
    await match.first().click(WAIT);
    await page.locator('.ant-cascader .ant-select-selection-item').getByText('制造业 / 汽车制造业 / 汽车整车制造 / 新能源车整车制造').waitFor(WAIT);
    const firstContact = page.getByLabel('首次接触时间');
    await firstContact.click();
    await page.mouse.move(0, 0);
    await firstContact.press('Control+a');
    await firstContact.pressSequentially('2024-03-15');
    await firstContact.press('Enter');
    await waitValue(firstContact, '2024-03-15');
    const source = page.getByRole('combobox', { name: '来源渠道' });
    await source.click();
    await page.getByTitle('展会推荐').click();
    await page.getByLabel('姓名').fill('王总');
    await page.locator('.ant-select', { has: page.getByRole('combobox', { name: '角色' }) }).getByTitle('决策人').waitFor(WAIT);
    await page.getByLabel('电话').fill('13800138000');
    expect(await settledViolations(page)).toEqual([]);
    await page.getByRole('button', { name: '保存客户' }).click();
    await page.getByRole('heading', { name: 'ABC公司' }).waitFor(WAIT);
    abcId = /\/customers\/([^/?#]+)$/.exec(page.url())![1]!;

    // Log the call, with the keyboard: the drawer opens on the time, Enter moves on, Ctrl+Enter saves.
    await page.getByRole('button', { name: '记录沟通' }).first().click();
    const drawer = page.getByRole('dialog', { name: /记录沟通/ });
    const occurred = drawer.getByLabel('沟通时间');
    await waitFocused(occurred);
    // The pointer away from where the picker's panel opens: a hovered day previews itself in the field.
    await page.mouse.move(0, 0);
    await page.keyboard.press('Control+a');
    await page.keyboard.type('2024-03-20 14:30');
    await page.keyboard.press('Enter');
    await waitValue(occurred, '2024-03-20 14:30');
    await drawer.getByLabel('沟通内容摘要').focus();
    await page.keyboard.type(SUMMARY);
    await drawer.getByRole('button', { name: /添加需求/ }).press('Enter');
    await waitFocused(drawer.getByLabel('需求 1', { exact: true }));
    await page.keyboard.type('预算50万以内');
    await drawer.getByRole('button', { name: /添加需求/ }).press('Enter');
    await waitFocused(drawer.getByLabel('需求 2', { exact: true }));
    await page.keyboard.type('对长期维护成本敏感');
    await drawer.getByLabel('需求 2 的类型').getByText('潜在需求').click();
    await drawer.getByRole('button', { name: /添加痛点/ }).press('Enter');
    await waitFocused(drawer.getByLabel('痛点 1', { exact: true }));
    await page.keyboard.type(PAIN);
    await drawer.getByRole('combobox', { name: '痛点 1 对应的需求' }).focus();
    await page.keyboard.type('预算');
    await page.locator('.ant-select-item-option', { hasText: '预算50万以内' }).waitFor(WAIT);
    await page.keyboard.press('Enter');
    await drawer.getByLabel('行动内容').focus();
    await page.keyboard.type(ACTION);
    await drawer.locator('.ant-select', { has: page.getByRole('combobox', { name: '负责人' }) }).getByTitle('李明').waitFor(WAIT);
    const due = drawer.getByLabel('计划完成时间');
    await page.mouse.move(0, 0);
    await due.focus();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('2024-03-25 18:00');
    await page.keyboard.press('Enter');
    await waitValue(due, '2024-03-25 18:00');
    expect(await settledViolations(page)).toEqual([]);
    await drawer.getByLabel('行动内容').focus();
    await page.keyboard.press('Control+Enter');
    await drawer.waitFor({ state: 'hidden', ...WAIT });

    // The timeline shows it.
    await page.getByText(SUMMARY).first().waitFor(WAIT);
    await page.getByText(ACTION).first().waitFor(WAIT);

    // 需求确认.
    await page.getByRole('button', { name: '调整阶段' }).click();
    const dialog = page.getByRole('dialog');
    // The select's box, once the dialog has finished opening (a click is only made on a stable element).
    await dialog.locator('.ant-select-selector').click();
    await page.locator('.ant-select-item-option', { hasText: '需求确认' }).click();
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.waitFor({ state: 'hidden', ...WAIT });
    await page.getByText('线索培育 → 需求确认').waitFor(WAIT);

    // Friday: the record is there, submitted in one step.
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '本周提交' }).click();
    await page.getByRole('heading', { name: '本周提交' }).waitFor(WAIT);
    const pick = page.getByRole('checkbox', { name: '选择 ABC公司' });
    await pick.waitFor(WAIT);
    expect(await settledViolations(page)).toEqual([]);
    await pick.check();
    await page.getByRole('button', { name: /提交审核（1 条）/ }).click();
    await page.getByText('已提交 1 条记录给 陈经理 审核').waitFor(WAIT);
    await context.close();

    // As entered, through the API.
    const read = await system.graphql<Read>(rep, READ, { id: abcId });
    expect(read.errors).toBeUndefined();
    const c = read.data!.customer!;
    expect(c).toMatchObject({
      name: 'ABC公司',
      kind: 'ENTERPRISE',
      sourceChannel: 'TRADE_SHOW',
      firstContactDate: '2024-03-15',
      stage: 'NEEDS_CONFIRMED',
      ownerId: 'rep-1',
      industry: { code: 'C3612' },
      contacts: [{ name: '王总', role: 'DECISION_MAKER', phone: '13800138000' }],
      latestReview: { status: 'PENDING', reviewerId: 'manager-1' },
    });
    expect(c.interactions.totalCount).toBe(1);
    expect(c.interactions.edges[0]!.node).toEqual({ occurredAt: '2024-03-20T06:30:00.000Z', method: 'PHONE_CALL', summary: SUMMARY, authorId: 'rep-1' });
    expect(c.needs.map(({ kind, description }) => ({ kind, description }))).toEqual([
      { kind: 'EXPLICIT', description: '预算50万以内' },
      { kind: 'INFERRED', description: '对长期维护成本敏感' },
    ]);
    const budget = c.needs.find((n) => n.description === '预算50万以内')!;
    expect(c.painPoints).toEqual([{ description: PAIN, needIds: [budget.id] }]);
    expect(c.nextActions).toEqual([{ content: ACTION, ownerId: 'rep-1', dueAt: '2024-03-25T10:00:00.000Z' }]);
  }, 300_000);

  it('an AFTER_SALES user opening the lead by its link gets a not-found page, not the record', async () => {
    expect(abcId).toBeDefined();
    const { context, page } = await signIn('赵强');
    await page.goto(`${base}/customers/${abcId}`);
    await page.getByText('找不到这个客户').waitFor(WAIT);
    expect(await page.getByText('王总').count()).toBe(0);
    expect(await page.getByText(SUMMARY).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'ABC公司' }).count()).toBe(0);
    await context.close();
  }, 120_000);
});

/** What the functions evaluated in the page use of it (the e2e package compiles without the DOM's types). */
interface InPage {
  document: { activeElement: unknown; querySelector(selector: string): unknown };
}

/**
 * axe's serious and critical findings once no popup or toast is on screen: mid-animation their fading
 * text fails contrast, and a closed picker is no part of the screen being checked.
 */
async function settledViolations(page: Page): Promise<AxeViolation[]> {
  await page.waitForFunction(
    () => !(globalThis as unknown as InPage).document.querySelector('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden), .ant-select-dropdown:not(.ant-select-dropdown-hidden), .ant-message-notice'),
    undefined,
    WAIT,
  );
  return seriousAccessibilityViolations(page);
}

async function waitFocused(locator: ReturnType<Page['locator']>): Promise<void> {
  await locator.waitFor(WAIT);
  await locator.page().waitForFunction((el) => el === (globalThis as unknown as InPage).document.activeElement, await locator.elementHandle(), WAIT);
}

async function waitValue(locator: ReturnType<Page['locator']>, value: string): Promise<void> {
  await locator
    .page()
    .waitForFunction(([el, v]) => (el as unknown as { value: string }).value === v, [await locator.elementHandle(), value] as const, WAIT)
    .catch(async (e: Error) => {
      throw new Error(`${value}: the field holds ${JSON.stringify(await locator.inputValue())}: ${e.message}`);
    });
}
