import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { percentile } from './stats';
import type { SeededSystem } from './seeded-system';

/**
 * The web app in headless Chromium (Debian's `/usr/bin/chromium`, driven by playwright-core) against a
 * system started on the seeded stores, signed in as the sales rep with the most customers:
 *
 * - first screen: the JavaScript the browser loads for the workbench (`/`), each script gzipped here
 *   (level 6, what a static server sends) and as the gateway actually sent it;
 * - customer list: from the navigation's start to the table's 50 rows in the document (measured in the
 *   page: a MutationObserver installed before the app's first script, on the page's own clock);
 * - log an interaction: from the save key (Ctrl+Enter in the drawer) to the new summary in the timeline,
 *   on the page's own clock;
 * - the review queue, as the manager of that rep's team: the week's 50 submissions made through the API
 *   first (the team's older pending reviews decided, then 50 of its records submitted by their owners),
 *   from the navigation's start to the queue's 50 entries and to the first record beside them;
 * - the conversion funnel for the year of seeded history that ends on the data's last day, as that manager
 *   (the team) and as a marketer (every team): from the navigation's start to the stage table's rows and
 *   the chart's canvas.
 *
 * Floors, in the same run and the same browser: a trivial static page's load (a one-line HTML page from a
 * local server: what any navigation costs), and a bare GraphQL round trip from the page (`{ __typename }`
 * through the gateway with the same token: what any request costs).
 */

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const OIDC = { issuer: 'http://127.0.0.1:4199', clientId: 'salestrail-web' };
/** The gateway's settings that make it tell the app where sign-in would be (no provider runs: the user is put in storage). */
export const WEB_ENV = { WEB_OIDC_ISSUER: OIDC.issuer, WEB_OIDC_CLIENT_ID: OIDC.clientId };
const DESK = { width: 1280, height: 900 };
const WAIT = { timeout: 60_000 };

export interface ScriptLoad {
  url: string;
  bytes: number;
  gzipBytes: number;
  servedBytes: number;
}

export interface Timing {
  runs: number;
  p50: number;
  p95: number;
  max: number;
}

/** A screen's marks (named moments the page reached), from the navigation's start, cold and warm. */
export interface ScreenTimes {
  url: string;
  cold: Record<string, Timing>;
  warm: Record<string, Timing>;
  /** The screen's own GraphQL requests (persisted hash and variables as the app sent them), replayed alone from the page. */
  queries: Record<string, Timing>;
}

export interface WebResults {
  rep: string;
  customersOfRep: number;
  firstScreen: { scripts: ScriptLoad[]; bytes: number; gzipBytes: number; servedBytes: number; shownMs: Timing; requests: Record<string, Timing> };
  staticPage: Timing;
  bareGraphql: Timing;
  customerList: { cold: Timing; warm: Timing; query: Timing };
  logInteraction: Timing;
  logInteractionApi: Timing;
  reviewQueue: ScreenTimes & { manager: string; team: string; decidedFirst: number; submitted: number; shown: number };
  funnel: { period: { from: string; to: string }; manager: ScreenTimes; marketing: ScreenTimes; stagesEntered: number };
}

function timing(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  return { runs: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted[sorted.length - 1] ?? Number.NaN };
}

/** A context signed in as `token`'s person: the user oidc-client-ts keeps after the code exchange (as the e2e browser tests do). */
async function signedIn(browser: Browser, token: string, person: { sub: string; name: string }): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: DESK, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const now = Math.floor(Date.now() / 1000);
  const user = {
    access_token: token,
    token_type: 'Bearer',
    scope: 'openid profile email',
    profile: { sub: person.sub, name: person.name, iss: OIDC.issuer, aud: OIDC.clientId, exp: now + 6 * 3600, iat: now },
    expires_at: now + 6 * 3600,
  };
  await context.addInitScript({
    content: `sessionStorage.setItem(${JSON.stringify(`oidc.user:${OIDC.issuer}:${OIDC.clientId}`)}, ${JSON.stringify(JSON.stringify(user))});`,
  });
  return context;
}

/** What the functions evaluated in the page use of it (bench compiles without the DOM's types). */
interface InPage {
  document: { querySelectorAll(selector: string): { length: number }; body: unknown; documentElement: unknown; readonly readyState: string };
  MutationObserver: new (cb: () => void) => { observe(target: unknown, options: Record<string, boolean>): void; disconnect(): void };
  performance: { now(): number };
  fetch(url: string, init: Record<string, unknown>): Promise<{ json(): Promise<unknown> }>;
  addEventListener(type: string, listener: (e: { key?: string; ctrlKey?: boolean }) => void, capture: boolean): void;
  __marks?: Record<string, number>;
  __saveAt?: number;
  __shownAt?: number;
}

/**
 * Installed before the app's first script: the page-clock time each mark's condition first holds, in
 * `window.__marks` (the conditions are JavaScript expressions over `document`).
 */
function watchMarks(marks: Record<string, string>): string {
  const checks = Object.entries(marks).map(([name, condition]) => `[${JSON.stringify(name)}, () => (${condition})]`);
  return `(() => {
  const checks = [${checks.join(', ')}];
  window.__marks = {};
  const check = () => {
    for (const [name, holds] of checks) if (window.__marks[name] === undefined && holds()) window.__marks[name] = performance.now();
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true });
})();`;
}

const ROWS_WATCH = watchMarks({ rows: `document.querySelectorAll('.ant-table-tbody tr.ant-table-row').length >= 50` });

async function percentTimes(runs: number, fn: (i: number) => Promise<number>): Promise<Timing> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) samples.push(await fn(i));
  return timing(samples);
}

export async function runWebBenchmark(s: SeededSystem, options: { runs: number; chromium: string; log?: (line: string) => void }): Promise<WebResults> {
  const log = options.log ?? (() => undefined);
  const base = `http://127.0.0.1:${s.system.ports.gateway}`;
  const [{ owner_id: rep, team_id: team, n }] = (await s.pools.records.query(
    `SELECT owner_id, team_id, count(*)::int AS n FROM customer GROUP BY owner_id, team_id ORDER BY count(*) DESC, owner_id LIMIT 1`,
  )).rows as [{ owner_id: string; team_id: string; n: number }];
  const token = await s.token('SALES_REP', rep, team);
  const person = { sub: rep, name: rep };
  const [{ id: customerId }] = (await s.pools.records.query(`SELECT id FROM customer WHERE owner_id = $1 ORDER BY updated_at DESC, id LIMIT 1`, [rep])).rows as [{ id: string }];
  const staticServer = await trivialServer();
  const staticUrl = `http://127.0.0.1:${(staticServer.address() as AddressInfo).port}/`;
  const browser = await chromium.launch({ executablePath: options.chromium, args: FLAGS, headless: true });
  try {
    // First screen: every script the workbench route loads, in a fresh (cold) context.
    log('web: first screen');
    const shown: number[] = [];
    const requests: Record<string, number[]> = {};
    let scripts: ScriptLoad[] = [];
    for (let i = 0; i < Math.max(3, Math.ceil(options.runs / 3)); i += 1) {
      const context = await signedIn(browser, token, person);
      const page = await context.newPage();
      const loads: Array<Promise<ScriptLoad>> = [];
      page.on('requestfinished', (request) => {
        const body = request.postData();
        if (request.url().endsWith('/graphql') && body) {
          const op = /"operationName":"(\w+)"/.exec(body)?.[1] ?? '?';
          (requests[op] ??= []).push(request.timing().responseEnd);
        }
        if (request.resourceType() !== 'script') return;
        loads.push(
          (async () => {
            const response = await request.response();
            const body = (await response?.body()) ?? Buffer.alloc(0);
            const sizes = await request.sizes();
            return { url: new URL(request.url()).pathname, bytes: body.length, gzipBytes: gzipSync(body, { level: 6 }).length, servedBytes: sizes.responseBodySize };
          })(),
        );
      });
      await page.goto(`${base}/`);
      await page.getByRole('heading', { name: '工作台' }).waitFor(WAIT);
      shown.push((await page.evaluate(() => (globalThis as unknown as InPage).performance.now())) as number);
      await page.waitForLoadState('networkidle');
      scripts = await Promise.all(loads);
      await context.close();
    }
    const sum = (f: (x: ScriptLoad) => number) => scripts.reduce((a, x) => a + f(x), 0);

    log('web: floors');
    const floorContext = await signedIn(browser, token, person);
    const floorPage = await floorContext.newPage();
    const staticPage = await percentTimes(options.runs, async () => {
      await floorPage.goto(staticUrl);
      return (await floorPage.evaluate(() => (globalThis as unknown as { performance: { getEntriesByType(t: string): Array<{ loadEventEnd: number }> } }).performance.getEntriesByType('navigation')[0]!.loadEventEnd)) as number;
    });
    await floorPage.goto(`${base}/`);
    await floorPage.getByRole('heading', { name: '工作台' }).waitFor(WAIT);
    const bareGraphql = await percentTimes(options.runs, async () =>
      (await floorPage.evaluate(async (bearer) => {
        const t = (globalThis as unknown as InPage).performance.now();
        await (await (globalThis as unknown as InPage).fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` }, body: JSON.stringify({ query: '{ __typename }' }) })).json();
        return (globalThis as unknown as InPage).performance.now() - t;
      }, token)) as number,
    );
    await floorContext.close();

    log('web: customer list');
    const listRun = async (page: Page): Promise<number> => {
      await page.goto(`${base}/customers`);
      await page.waitForFunction(() => (globalThis as unknown as InPage).__marks?.rows !== undefined, undefined, WAIT);
      return (await page.evaluate(() => (globalThis as unknown as InPage).__marks!.rows)) as number;
    };
    const cold = await percentTimes(options.runs, async () => {
      const context = await signedIn(browser, token, person);
      await context.addInitScript({ content: ROWS_WATCH });
      const t = await listRun(await context.newPage());
      await context.close();
      return t;
    });
    const warmContext = await signedIn(browser, token, person);
    await warmContext.addInitScript({ content: ROWS_WATCH });
    const warmPage = await warmContext.newPage();
    // The list's own request (persisted hash and variables), replayed below on its own.
    const listBodies: string[] = [];
    warmPage.on('request', (request) => {
      const body = request.postData();
      if (request.url().endsWith('/graphql') && body?.includes('"operationName":"CustomerList"')) listBodies.push(body);
    });
    await listRun(warmPage);
    const warm = await percentTimes(options.runs, () => listRun(warmPage));
    const listBody = listBodies[0];
    if (!listBody) throw new Error('the customer list sent no CustomerList request');
    const listQuery = await percentTimes(options.runs, async () =>
      (await warmPage.evaluate(
        async ([bearer, body]) => {
          const w = globalThis as unknown as InPage;
          const t = w.performance.now();
          await (await w.fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` }, body })).json();
          return w.performance.now() - t;
        },
        [token, listBody] as const,
      )) as number,
    );
    await warmContext.close();

    log('web: log an interaction');
    const context = await signedIn(browser, token, person);
    const page = await context.newPage();
    await page.goto(`${base}/customers/${customerId}`);
    await page.getByRole('button', { name: '记录沟通' }).first().waitFor(WAIT);
    const stamp = Date.now().toString(36);
    await page.evaluate(() => {
      const w = globalThis as unknown as InPage;
      w.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' && e.ctrlKey && w.__saveAt === undefined) w.__saveAt = w.performance.now();
      }, true);
    });
    const saves: number[] = [];
    // The first two saves warm the page's code paths up; the rest are the figure.
    for (let i = 0; i < options.runs + 2; i += 1) {
      const summary = `基准测试 ${stamp}-${i}：客户确认了演示时间，要求提供参数表。`;
      await page.getByRole('button', { name: '记录沟通' }).first().click();
      const drawer = page.getByRole('dialog', { name: /记录沟通/ });
      await drawer.getByLabel('沟通内容摘要').fill(summary);
      await drawer.getByLabel('行动内容').fill(`发送产品参数表至客户邮箱（${i}）`);
      await drawer.getByRole('button', { name: '明天' }).click();
      await drawer.getByLabel('行动内容').focus();
      await page.evaluate((text) => {
        const w = globalThis as unknown as InPage;
        w.__saveAt = undefined;
        w.__shownAt = undefined;
        const holds = () => ((w.document.body as { textContent: string | null }).textContent ?? '').includes(text);
        const observer = new w.MutationObserver(() => {
          if (w.__saveAt !== undefined && holds()) {
            w.__shownAt = w.performance.now();
            observer.disconnect();
          }
        });
        observer.observe(w.document.body, { childList: true, subtree: true, characterData: true });
      }, summary);
      await page.keyboard.press('Control+Enter');
      await page.waitForFunction(() => (globalThis as unknown as InPage).__shownAt !== undefined, undefined, WAIT);
      await drawer.waitFor({ state: 'hidden', ...WAIT });
      const ms = (await page.evaluate(() => (globalThis as unknown as InPage).__shownAt! - (globalThis as unknown as InPage).__saveAt!)) as number;
      if (i >= 2) saves.push(ms);
    }
    await context.close();

    log('web: logInteraction alone, from Node');
    const LOG = `mutation ($input: LogInteractionInput!) { logInteraction(input: $input) { id } }`;
    const logInteractionApi = await percentTimes(options.runs, async (i) => {
      const t = performance.now();
      const res = await s.system.graphql(token, LOG, {
        input: { customerId, occurredAt: new Date().toISOString(), method: 'PHONE_CALL', summary: `基准测试 ${stamp}-api-${i}：客户确认了演示时间。`, nextAction: { content: `发送报价单至客户邮箱（${i}）`, dueAt: new Date(Date.now() + 86_400_000).toISOString() } },
      });
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      return performance.now() - t;
    });
    log('web: review queue (the week\'s 50 submissions)');
    const queueSetup = await prepareReviewQueue(s, team, 50, log);
    const managerPerson = { sub: queueSetup.manager, name: queueSetup.manager };
    const managerToken = await s.token('SALES_MANAGER', queueSetup.manager, team);
    const reviewScreen = await measureScreen(browser, managerToken, managerPerson, `${base}/reviews`, {
      // The queue's entries, and the first one's record beside them (its title links to the customer, with its findings or none).
      queue: `document.querySelectorAll('.ant-list-items > .ant-list-item').length >= 50`,
      record: `!!document.querySelector('h4 a[href^="/customers/"]') && !!document.querySelector('.ant-col-16 .ant-alert')`,
    }, ['ReviewQueue', 'ReviewRecord'], options.runs);
    const inQueue = (await s.system.graphql(managerToken, '{ reviewQueue(status: PENDING) { id } }')).data as { reviewQueue: unknown[] };

    log('web: conversion funnel for a year');
    const [{ last }] = (await s.pools.records.query(`SELECT to_char(max(occurred_at) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS last FROM interaction`)).rows as [{ last: string }];
    const period = { from: new Date(Date.parse(`${last}T00:00:00Z`) - 364 * 86_400_000).toISOString().slice(0, 10), to: last };
    const funnelUrl = `${base}/analytics/funnel?period=custom&from=${period.from}&to=${period.to}`;
    const FUNNEL_MARKS = {
      // Six stages and 终止 in the table, and the chart drawn on its canvas.
      figures: `document.querySelectorAll('.ant-table-tbody tr.ant-table-row').length >= 7 && !!document.querySelector('.ant-card canvas')`,
    };
    const funnelManager = await measureScreen(browser, managerToken, managerPerson, funnelUrl, FUNNEL_MARKS, ['AnalyticsFunnel'], options.runs);
    const marketer = { sub: 'marketing-bench', name: 'marketing-bench' };
    const marketingToken = await s.token('MARKETING', marketer.sub, null);
    const funnelMarketing = await measureScreen(browser, marketingToken, marketer, funnelUrl, FUNNEL_MARKS, ['AnalyticsFunnel'], options.runs);
    const entered = (await s.system.graphql(marketingToken, `query ($from: Date!, $to: Date!) { conversionFunnel(from: $from, to: $to) { stages { entered } } }`, period)).data as {
      conversionFunnel: Array<{ stages: Array<{ entered: number }> }>;
    };

    return {
      rep,
      customersOfRep: n,
      firstScreen: { scripts, bytes: sum((x) => x.bytes), gzipBytes: sum((x) => x.gzipBytes), servedBytes: sum((x) => x.servedBytes), shownMs: timing(shown), requests: Object.fromEntries(Object.entries(requests).map(([op, ms]) => [op, timing(ms)])) },
      staticPage,
      bareGraphql,
      customerList: { cold, warm, query: listQuery },
      logInteraction: timing(saves),
      logInteractionApi,
      reviewQueue: { ...reviewScreen, ...queueSetup, team, shown: inQueue.reviewQueue.length },
      funnel: {
        period,
        manager: funnelManager,
        marketing: funnelMarketing,
        stagesEntered: (entered.conversionFunnel[0]?.stages ?? []).reduce((a, x) => a + x.entered, 0),
      },
    };
  } finally {
    await browser.close();
    await new Promise((resolve) => staticServer.close(resolve));
  }
}

/**
 * A screen's marks from the navigation's start: `runs` times in a fresh context (cold), then `runs` times
 * again in one context (warm: the scripts cached; the app's own cache starts empty on each navigation);
 * then the screen's named GraphQL requests, as the app sent them, replayed alone from the page.
 */
async function measureScreen(
  browser: Browser,
  token: string,
  person: { sub: string; name: string },
  url: string,
  marks: Record<string, string>,
  operations: string[],
  runs: number,
): Promise<ScreenTimes> {
  const names = Object.keys(marks);
  const visit = async (page: Page): Promise<Record<string, number>> => {
    await page.goto(url);
    await page.waitForFunction((wanted) => wanted.every((m) => (globalThis as unknown as InPage).__marks?.[m] !== undefined), names, WAIT);
    return (await page.evaluate(() => (globalThis as unknown as InPage).__marks!)) as Record<string, number>;
  };
  const collect = async (n: number, once: () => Promise<Record<string, number>>): Promise<Record<string, Timing>> => {
    const samples: Record<string, number[]> = Object.fromEntries(names.map((m) => [m, []]));
    for (let i = 0; i < n; i += 1) {
      const got = await once();
      for (const m of names) samples[m]!.push(got[m]!);
    }
    return Object.fromEntries(names.map((m) => [m, timing(samples[m]!)]));
  };
  const cold = await collect(runs, async () => {
    const context = await signedIn(browser, token, person);
    await context.addInitScript({ content: watchMarks(marks) });
    const got = await visit(await context.newPage());
    await context.close();
    return got;
  });
  const context = await signedIn(browser, token, person);
  await context.addInitScript({ content: watchMarks(marks) });
  const page = await context.newPage();
  const bodies = new Map<string, string>();
  page.on('request', (request) => {
    const body = request.postData();
    const op = body && request.url().endsWith('/graphql') ? /"operationName":"(\w+)"/.exec(body)?.[1] : undefined;
    if (op && operations.includes(op) && !bodies.has(op)) bodies.set(op, body!);
  });
  await visit(page);
  const warm = await collect(runs, () => visit(page));
  const queries: Record<string, Timing> = {};
  for (const op of operations) {
    const body = bodies.get(op);
    if (!body) throw new Error(`${url} sent no ${op} request`);
    queries[op] = await percentTimes(runs, async () =>
      (await page.evaluate(
        async ([bearer, sent]) => {
          const w = globalThis as unknown as InPage;
          const t = w.performance.now();
          await (await w.fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` }, body: sent })).json();
          return w.performance.now() - t;
        },
        [token, body] as const,
      )) as number,
    );
  }
  await context.close();
  return { url: new URL(url).pathname + new URL(url).search, cold, warm, queries };
}

/**
 * Makes the manager's queue the week's `size` submissions, through the API as people would: the team's
 * pending reviews (the seeded history's, or an earlier run's) are decided first (approved, as a manager
 * clearing a backlog),
 * then the team's most recently changed records are submitted by their owners (findings computed as for
 * any submission).
 */
async function prepareReviewQueue(s: SeededSystem, team: string, size: number, log: (line: string) => void): Promise<{ manager: string; decidedFirst: number; submitted: number }> {
  const [{ manager_id: manager }] = (await s.pools.workflow.query(`SELECT manager_id FROM team WHERE id = $1`, [team])).rows as [{ manager_id: string }];
  const managerToken = await s.token('SALES_MANAGER', manager, team);
  const call = async (token: string, query: string, variables?: Record<string, unknown>) => {
    const res = await s.system.graphql(token, query, variables);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data as Record<string, unknown>;
  };
  let decided = 0;
  for (;;) {
    const { reviewQueue } = (await call(managerToken, '{ reviewQueue(status: PENDING) { id } }')) as { reviewQueue: Array<{ id: string }> };
    if (reviewQueue.length === 0) break;
    const ids = reviewQueue.map((r) => r.id);
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let id = ids.pop(); id !== undefined; id = ids.pop()) {
          await call(managerToken, 'mutation ($id: ID!) { decideReview(id: $id, decision: APPROVE, comments: "上周积压，已核对") { id } }', { id });
          decided += 1;
        }
      }),
    );
    log(`web: ${decided} pending reviews decided`);
  }
  const chosen = (await s.pools.records.query(
    `SELECT id, owner_id FROM customer WHERE team_id = $1 AND stage <> 'LEAD_TERMINATED' ORDER BY updated_at DESC, id LIMIT $2`,
    [team, size],
  )).rows as Array<{ id: string; owner_id: string }>;
  const byOwner = new Map<string, string[]>();
  for (const c of chosen) byOwner.set(c.owner_id, [...(byOwner.get(c.owner_id) ?? []), c.id]);
  for (const [owner, customerIds] of byOwner) {
    await call(await s.token('SALES_REP', owner, team), 'mutation ($ids: [ID!]!) { submitForReview(customerIds: $ids, note: "本周记录") { id } }', { ids: customerIds });
  }
  return { manager, decidedFirst: decided, submitted: chosen.length };
}

function trivialServer(): Promise<Server> {
  const server = createServer((_, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>floor</title></head><body>ok</body></html>');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
