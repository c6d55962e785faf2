// Headless Chromium (Debian's `chromium` package, driven by playwright-core: no browser download) on the
// web app the gateway serves, signed in the way oidc-client-ts keeps a user.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

export const CHROMIUM = process.env.SALESTRAIL_CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The issuer and client the tests' gateway tells the app (no provider runs there: the user is put in storage). */
export const TEST_OIDC = { issuer: 'http://127.0.0.1:4199', clientId: 'salestrail-web' };

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
}

export const DESK = { width: 1280, height: 900 };
export const PHONE = { width: 375, height: 812 };

/**
 * A browser context signed in as the token's person: the user oidc-client-ts would have stored after the
 * authorization-code exchange (sessionStorage, key `oidc.user:<issuer>:<client>`), with this token as the
 * access token. The app then runs its real code path: UserManager.getUser() and the Bearer header.
 */
export async function signedInContext(
  browser: Browser,
  token: string,
  person: { sub: string; name: string },
  options: { viewport?: { width: number; height: number }; locale?: string; now?: Date } = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: options.viewport ?? DESK, locale: options.locale ?? 'zh-CN', timezoneId: 'Asia/Shanghai' });
  // Valid for an hour from the browser's time (`now` when its clock is set), and from the real time too.
  const iat = Math.floor(Math.min(Date.now(), options.now?.getTime() ?? Date.now()) / 1000);
  const exp = Math.floor(Math.max(Date.now(), options.now?.getTime() ?? Date.now()) / 1000) + 3600;
  const user = {
    access_token: token,
    token_type: 'Bearer',
    scope: 'openid profile email',
    profile: { sub: person.sub, name: person.name, iss: TEST_OIDC.issuer, aud: TEST_OIDC.clientId, exp, iat },
    expires_at: exp,
  };
  const key = JSON.stringify(`oidc.user:${TEST_OIDC.issuer}:${TEST_OIDC.clientId}`);
  // Once per tab: signing out (which removes it) stays signed out on reload.
  await context.addInitScript({
    content: `if (!sessionStorage.getItem('st.seeded')) { sessionStorage.setItem(${key}, ${JSON.stringify(JSON.stringify(user))}); sessionStorage.setItem('st.seeded', '1'); }`,
  });
  return context;
}

/**
 * A fresh browser context signed in through a real identity provider's page: the app sends the browser on
 * to the provider (`issuerUrl`), the person is picked there by name, and the app shows their account once
 * the code is exchanged. Locators wait through those navigations (a URL wait can meet a navigation the next
 * one aborted). `english` starts the app in English (the language remembered in localStorage).
 */
export async function signInThroughProvider(
  browser: Browser,
  app: { base: string; issuerUrl: string },
  name: string,
  options: { viewport?: { width: number; height: number }; english?: boolean; timeoutMs?: number } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const wait = { timeout: options.timeoutMs ?? 60_000 };
  const context = await browser.newContext({ viewport: options.viewport ?? DESK, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  if (options.english) await context.addInitScript({ content: `localStorage.setItem('salestrail.locale', 'en');` });
  const page = await context.newPage();
  await page.goto(`${app.base}/`);
  const pick = page.getByRole('button', { name: new RegExp(name) });
  await pick.waitFor(wait);
  if (!page.url().startsWith(app.issuerUrl)) throw new Error(`sign-in did not go through the provider: at ${page.url()}`);
  await pick.click();
  await page.getByRole('button', { name: options.english ? `Account: ${name}` : `账号：${name}` }).waitFor(wait);
  return { context, page };
}

/**
 * Opens an Ant Design select (its `combobox`, clicked through `opener` when given) until it says it is open
 * (on a loaded machine a first click can land before the select listens, and a click on an open select
 * would close it), types `typed` into its search when given, and picks the option holding `option` in this
 * select's own list (another select's list may still be closing).
 */
export async function chooseOption(page: Page, combobox: Locator, option: string, typed?: string, opener?: Locator, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const expanded = async () => (await combobox.getAttribute('aria-expanded')) === 'true';
  while (!(await expanded())) {
    if (Date.now() > deadline) throw new Error(`the select for ${option} did not open`);
    await (opener ?? combobox).click();
    for (let i = 0; i < 25 && !(await expanded()); i += 1) await page.waitForTimeout(200);
  }
  if (typed) await page.keyboard.type(typed);
  const list = await combobox.getAttribute('aria-controls');
  if (!list) throw new Error(`the select for ${option} names no list`);
  await page
    .locator('.ant-select-dropdown', { has: page.locator(`[id="${list}"]`) })
    .locator('.ant-select-item-option', { hasText: option })
    .first()
    .click({ timeout: timeoutMs });
}

/** The page's layout width: wider than the viewport means a sideways scroll on a phone. */
export function scrollWidth(page: Page): Promise<number> {
  return page.evaluate('document.documentElement.scrollWidth') as Promise<number>;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** axe-core's check of the page as it is: the violations that are serious or critical. */
export async function seriousAccessibilityViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the browser's devtools protocol: the page's content security policy forbids inline scripts.
  await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const result = (await page.evaluate('axe.run(document, { resultTypes: ["violations"] })')) as { violations: AxeViolation[] };
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target })) }));
}

/**
 * `npm run screenshots` sets SALESTRAIL_SCREENSHOTS=1: the browser tests then write docs/screenshots/*.png,
 * the whole page (`screenOnly`: what the screen shows, e.g. a drawer over the page).
 */
export async function screenshot(page: Page, name: string, options: { screenOnly?: boolean } = {}): Promise<void> {
  if (process.env.SALESTRAIL_SCREENSHOTS !== '1') return;
  const dir = path.resolve(__dirname, '../../docs/screenshots');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  if (options.screenOnly) {
    await page.screenshot({ path: file });
    return;
  }
  const viewport = page.viewportSize();
  if (!viewport || viewport.width > PHONE.width) {
    await page.screenshot({ path: file, fullPage: true });
    return;
  }
  // On a phone the tab bar is fixed to the screen's bottom: a screen as tall as the page puts it under the
  // content, where the person sees it, instead of across the middle of a full-page capture.
  const height = (await page.evaluate('document.documentElement.scrollHeight')) as number;
  await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, height) });
  await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
  await page.screenshot({ path: file });
  await page.setViewportSize(viewport);
}
