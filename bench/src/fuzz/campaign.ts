import { createSecretKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { SignJWT } from 'jose';
import { TEST_JWT_SECRET, TestSystem, devToken, waitFor } from '@salestrail/testkit';
import { checksumDatabase, diffChecksums, type TableChecksum } from '../db-checksum';
import { generateCases, publicSchema, type FuzzCase, type FuzzContext } from './generate';
import { ReplayedIdentities } from './replayed-identities';
import { webhookAdmin } from './ssrf';

const CONTRACT_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'INTERNAL_SERVER_ERROR',
]);

export interface FuzzOutcome {
  fuzzCase: FuzzCase;
  status: number;
  codes: string[];
  problem: string | null;
}

export interface FuzzReport {
  total: number;
  byCode: Record<string, number>;
  byCategory: Record<string, number>;
  problems: FuzzOutcome[];
  changedTables: string[];
  passed: boolean;
}

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

async function badTokens(): Promise<FuzzContext['badTokens']> {
  const now = Math.floor(Date.now() / 1000);
  const claims = { sub: 'rep-fuzz', role: 'SALES_REP', team: 'team-fuzz', aud: 'salestrail' };
  const sign = (payload: object, secret = TEST_JWT_SECRET) =>
    new SignJWT({ ...payload })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(createSecretKey(Buffer.from(secret, 'utf8')));
  const valid = await sign({ ...claims, exp: now + 600 });
  const [h, , s] = valid.split('.');
  return [
    { name: 'garbage token', header: 'Bearer not-a-jwt' },
    { name: 'empty bearer', header: 'Bearer ' },
    { name: 'basic auth instead of bearer', header: 'Basic dXNlcjpwYXNz' },
    { name: 'expired token', header: `Bearer ${await sign({ ...claims, exp: now - 3600 })}` },
    {
      name: 'token signed with another key',
      header: `Bearer ${await sign({ ...claims, exp: now + 600 }, 'another-secret-another-secret-another')}`,
    },
    {
      name: 'alg none',
      header: `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, exp: now + 600 })}.`,
    },
    {
      name: 'tampered payload',
      header: `Bearer ${h}.${b64({ ...claims, role: 'ADMIN', exp: now + 600 })}.${s}`,
    },
    {
      name: 'wrong audience',
      header: `Bearer ${await sign({ ...claims, aud: 'someone-else', exp: now + 600 })}`,
    },
    { name: 'unknown role', header: `Bearer ${await sign({ ...claims, role: 'CEO', exp: now + 600 })}` },
    {
      name: 'no subject',
      header: `Bearer ${await sign({ role: 'SALES_REP', aud: 'salestrail', exp: now + 600 })}`,
    },
  ];
}

/**
 * Sends one case and reads the answer whenever it comes: a server may answer (a 413) before it has read
 * the whole body, and a client that only listens once it has sent everything can miss that answer.
 * An error while sending counts only when no answer arrived.
 */
function send(system: TestSystem, c: FuzzCase): Promise<{ status: number; text: string }> {
  const url = new URL(c.url ?? system.gatewayUrl);
  if (c.method === 'GET' && c.query) url.searchParams.set('query', c.query);
  const body = c.method === 'POST' && c.body !== undefined ? Buffer.from(c.body) : undefined;
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = http.request(
      url,
      {
        method: c.method,
        headers: { accept: '*/*', ...c.headers, ...(body ? { 'content-length': String(body.length) } : {}) },
      },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    req.end(body);
  });
}

/** What went wrong while sending: name, code and message, and the same of each error an AggregateError holds. */
function describeSendError(e: unknown): string {
  const one = (x: unknown): string => {
    const err = x as { name?: string; code?: string; message?: string };
    return [err.name, err.code, err.message].filter(Boolean).join(' ');
  };
  const inner = e instanceof AggregateError ? ` [${e.errors.map(one).join('; ')}]` : '';
  return `${one(e)}${inner}`;
}

/** Judges one answer: no 5xx, JSON, every error typed with a contract code, a refused mutation has no data. */
export function judge(
  c: FuzzCase,
  status: number,
  text: string,
): { codes: string[]; problem: string | null } {
  if (status >= 500) return { codes: [], problem: `HTTP ${status}` };
  if (c.expectStatus !== undefined && status !== c.expectStatus)
    return { codes: [], problem: `HTTP ${status}, not ${c.expectStatus}` };
  let body: {
    data?: Record<string, unknown> | null;
    errors?: Array<{ extensions?: { code?: string; field?: string; reason?: string } }>;
  };
  try {
    body = JSON.parse(text);
  } catch {
    return { codes: [], problem: `not JSON (HTTP ${status}): ${text.slice(0, 80)}` };
  }
  const errors = Array.isArray(body) ? body.flatMap((b: typeof body) => b.errors ?? []) : (body.errors ?? []);
  const codes = errors.map((e) => e.extensions?.code ?? '(none)');
  const untyped = codes.filter((code) => !CONTRACT_CODES.has(code));
  if (untyped.length) return { codes, problem: `untyped error ${untyped.join(',')}` };
  if (c.mustFail && errors.length === 0) return { codes, problem: 'accepted' };
  const want = c.expectError;
  const matches = (e: (typeof errors)[number]) =>
    e.extensions?.code === want?.code &&
    (!want?.field || e.extensions?.field === want.field) &&
    (!want?.reason || e.extensions?.reason === want.reason);
  if (want && !errors.some(matches)) {
    return {
      codes,
      problem: `expected ${want.code}${want.field ? ` on ${want.field}` : ''}${want.reason ? ` (${want.reason})` : ''}`,
    };
  }
  if (c.mutation && body.data && Object.values(body.data).some((v) => v !== null)) {
    return { codes, problem: 'mutation returned data' };
  }
  if (codes.includes('INTERNAL_SERVER_ERROR')) return { codes, problem: 'INTERNAL_SERVER_ERROR' };
  return { codes, problem: null };
}

async function snapshot(system: TestSystem): Promise<TableChecksum[]> {
  const urls = [
    system.env.RECORDS_DATABASE_URL!,
    system.env.WORKFLOW_DATABASE_URL!,
    system.env.ANALYTICS_DATABASE_URL!,
  ];
  const parts = await Promise.all(urls.map((u) => checksumDatabase(u)));
  return parts.flatMap((tables, i) =>
    tables.map((t) => ({ ...t, table: `${['records', 'workflow', 'analytics'][i]}:${t.table}` })),
  );
}

/** Waits until no table changes between two looks (the event pipeline has drained). */
async function settled(system: TestSystem): Promise<TableChecksum[]> {
  let previous = await snapshot(system);
  return waitFor(
    async () => {
      await new Promise((r) => setTimeout(r, 500));
      const next = await snapshot(system);
      const same = diffChecksums(previous, next).length === 0;
      previous = next;
      return same ? next : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 0, what: 'the databases to settle' },
  );
}

/** Seeds a little real data so that broken inputs meet real records. */
async function seed(system: TestSystem, token: string): Promise<FuzzContext['ids']> {
  const res = await system.graphql<{ createCustomer: { id: string } }>(
    token,
    `mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }`,
    {
      i: {
        name: '模糊测试客户',
        kind: 'ENTERPRISE',
        industryCode: 'C34',
        sourceChannel: 'TRADE_SHOW',
        firstContactDate: '2024-03-15',
        contacts: [{ name: '王总', role: 'DECISION_MAKER', phone: '13800138000' }],
      },
    },
  );
  if (!res.data) throw new Error(`seeding failed: ${JSON.stringify(res.errors)}`);
  return { customerId: res.data.createCustomer.id, otherIds: ['00000000-0000-4000-8000-000000000000'] };
}

export interface FuzzOptions {
  count: number;
  seed: number;
  concurrency?: number;
  log?: (line: string) => void;
}

/** Starts a system, fires the campaign at its gateway, and checks that the databases did not change. */
export async function runFuzzCampaign(options: FuzzOptions): Promise<FuzzReport> {
  const log = options.log ?? (() => undefined);
  const supergraph = readFileSync(path.resolve(__dirname, '../../../gateway/supergraph.graphql'), 'utf8');
  const schema = publicSchema(supergraph);
  const replayed = await ReplayedIdentities.start();
  // Gap checks run often here so that their bookkeeping settles before the "before" snapshot.
  const system = await TestSystem.start('fuzz', {
    ...replayed.env,
    GATEWAY_RATE_LIMIT_POINTS: '1000000',
    GATEWAY_UNAUTHENTICATED_RATE_LIMIT_POINTS: '1000000',
    ANALYTICS_GAP_CHECK_MS: '200',
    RECORDS_GAP_CHECK_MS: '200',
    WORKFLOW_GAP_CHECK_MS: '200',
    WORKFLOW_WEBHOOK_ALLOWED_HOSTS: '', // as in production: webhooks reach public addresses only
  });
  try {
    replayed.aim(system);
    const token = await devToken('SALES_REP', 'rep-fuzz', 'team-fuzz');
    const ctx: FuzzContext = {
      token,
      ids: await seed(system, token),
      badTokens: await badTokens(),
      captured: await replayed.cases(system, token),
      admin: await webhookAdmin(system),
    };
    const cases = generateCases(schema, ctx, options.count, options.seed);
    const before = await settled(system);
    log(`${cases.length} cases against ${system.gatewayUrl}`);
    const outcomes: FuzzOutcome[] = [];
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const c = cases[next++]!;
        const { status, text } = await send(system, c).catch((e: Error) => ({
          status: 599,
          text: describeSendError(e),
        }));
        const { codes, problem } = judge(c, status, text);
        outcomes.push({ fuzzCase: c, status, codes, problem });
      }
    };
    await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
    const after = await settled(system);
    const byCode: Record<string, number> = {};
    const byCategory: Record<string, number> = {};
    for (const o of outcomes) {
      const key = o.codes.length ? [...new Set(o.codes)].join('+') : 'answered with data';
      byCode[key] = (byCode[key] ?? 0) + 1;
      byCategory[o.fuzzCase.category] = (byCategory[o.fuzzCase.category] ?? 0) + 1;
    }
    const problems = outcomes.filter((o) => o.problem);
    const changedTables = diffChecksums(before, after);
    return {
      total: outcomes.length,
      byCode,
      byCategory,
      problems,
      changedTables,
      passed: problems.length === 0 && changedTables.length === 0,
    };
  } finally {
    await system.stop();
    await replayed.stop();
  }
}

export function formatReport(report: FuzzReport): string {
  const lines = [`bad-input campaign: ${report.total} operations`, '', 'answers by error code:'];
  for (const [code, n] of Object.entries(report.byCode).sort((a, b) => b[1] - a[1]))
    lines.push(`  ${code.padEnd(40)} ${n}`);
  lines.push('', 'operations by category:');
  for (const [cat, n] of Object.entries(report.byCategory)) lines.push(`  ${cat.padEnd(40)} ${n}`);
  lines.push(
    '',
    `databases unchanged: ${report.changedTables.length === 0 ? 'yes' : `NO: ${report.changedTables.join(', ')}`}`,
  );
  lines.push(`problems: ${report.problems.length}`);
  for (const p of report.problems.slice(0, 40)) {
    lines.push(
      `  - [${p.fuzzCase.category}] ${p.fuzzCase.name}: ${p.problem} (HTTP ${p.status}, ${p.codes.join(',')})`,
    );
  }
  lines.push('', report.passed ? 'PASS' : 'FAIL');
  return lines.join('\n');
}
