import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { databaseExists, testDatabaseUrl, waitFor } from '@salestrail/testkit';
import { runScript as run } from './scripts';
import { devToken, TestSystem } from './system';

/*
 * The backup procedure (README, "Backups") on a small data set made through the real system: dump each
 * service's database (infra/scripts/backup.mjs), restore into fresh databases (restore.mjs), start the
 * system there, rebuild analytics from the event histories, and find the same records, reviews and reports.
 */

const TEAM = 'team-backup';
const SERVICES = ['records', 'workflow', 'analytics'] as const;

/** The environment a backup or restore gets: the PATH (pg_dump, pg_restore) and each service's database. */
function databasesOf(name: string): Record<string, string> {
  return Object.fromEntries([
    ['PATH', process.env.PATH ?? ''],
    ...SERVICES.map((s) => [`${s.toUpperCase()}_DATABASE_URL`, testDatabaseUrl(`${name}_${s}`)]),
  ]);
}

/** A calendar date in Asia/Shanghai (the team's time zone), `offsetDays` from today. */
function shanghaiDate(offsetDays: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + offsetDays * 86_400_000));
}

const REPORTS = /* GraphQL */ `
  query Reports($from: Date!, $to: Date!, $filter: AnalyticsFilter) {
    conversionFunnel(from: $from, to: $to, filter: $filter, groupBy: [OWNER]) {
      key { ownerId } stages { stage entered advanced terminated conversionRate } winRate
    }
    followUpEfficiency(from: $from, to: $to, filter: $filter) {
      interactionsLogged loggedWithin24hRate actionsDue actionsCompletedOnTime openOverdue
    }
    pipeline(filter: $filter) { stage count }
  }
`;
const RECORDS = /* GraphQL */ `
  query Records($filter: CustomerFilter) {
    customers(filter: $filter, first: 50) {
      totalCount
      edges { node { id name stage version interactionCount openNextActions latestReview { status } } }
    }
  }
`;

/** What seed() makes, as the reports count it. */
interface Seeded {
  customers: number;
  interactions: number;
}

/** Three customers of one rep: interactions with next actions, stage changes, one record reviewed and approved. */
async function seed(system: TestSystem): Promise<void> {
  const admin = await devToken('ADMIN', 'admin-1', null);
  const rep = await devToken('SALES_REP', 'rep-backup', TEAM);
  const manager = await devToken('SALES_MANAGER', 'manager-backup', TEAM);
  const team = await system.graphql(admin, `mutation($input: TeamInput!) { upsertTeam(input: $input) { id } }`, {
    input: { id: TEAM, name: '备份测试组', managerId: 'manager-backup' },
  });
  expect(team.errors).toBeUndefined();
  const ids: string[] = [];
  for (const [i, name] of ['甲公司', '乙公司', '丙公司'].entries()) {
    const created = await system.graphql<{ createCustomer: { id: string } }>(
      rep,
      `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }`,
      {
        input: {
          name,
          kind: 'ENTERPRISE',
          industryCode: 'C34',
          sourceChannel: i === 0 ? 'TRADE_SHOW' : 'REFERRAL',
          firstContactDate: shanghaiDate(-1),
          contacts: [{ name: '王总', role: 'DECISION_MAKER' }],
        },
      },
    );
    expect(created.errors).toBeUndefined();
    const id = created.data!.createCustomer.id;
    ids.push(id);
    const logged = await system.graphql(rep, `mutation($input: LogInteractionInput!) { logInteraction(input: $input) { id } }`, {
      input: {
        customerId: id,
        occurredAt: new Date(Math.floor((Date.now() - 4 * 3600_000) / 60_000) * 60_000).toISOString(),
        method: 'PHONE_CALL',
        summary: `与${name}沟通需求，约定下周演示。`,
        // Due an hour ago (overdue), in two hours, in five.
        nextAction: { content: '发送方案', dueAt: new Date(Date.now() + (i * 3 - 1) * 3600_000).toISOString() },
      },
    });
    expect(logged.errors).toBeUndefined();
    const stages = i === 0 ? ['NEEDS_CONFIRMED', 'PROPOSAL_PRESENTED'] : i === 1 ? ['NEEDS_CONFIRMED'] : [];
    for (const to of stages) {
      const { data } = await system.graphql<{ customer: { version: number } }>(rep, `query($id: ID!) { customer(id: $id) { version } }`, { id });
      const moved = await system.graphql(rep, `mutation($id: ID!, $to: SalesStage!, $v: Int!) { changeStage(customerId: $id, to: $to, expectedVersion: $v) { version } }`, {
        id,
        to,
        v: data!.customer.version,
      });
      expect(moved.errors).toBeUndefined();
    }
  }
  // A review crosses both directions: workflow hears of the record, records hears of the decision.
  const { data: current } = await system.graphql<{ customer: { version: number } }>(rep, `query($id: ID!) { customer(id: $id) { version } }`, { id: ids[0] });
  const review = await waitFor(
    async () => {
      const res = await system.graphql<{ submitForReview: Array<{ id: string; customerVersion: number }> }>(
        rep,
        `mutation($ids: [ID!]!) { submitForReview(customerIds: $ids) { id customerVersion } }`,
        { ids: [ids[0]] },
      );
      const r = res.data?.submitForReview[0];
      return r && r.customerVersion === current!.customer.version ? r : undefined;
    },
    { timeoutMs: 15_000, what: 'workflow to know the record' },
  );
  const decided = await system.graphql(manager, `mutation($id: ID!) { decideReview(id: $id, decision: APPROVE, comments: "完整") { id } }`, { id: review.id });
  expect(decided.errors).toBeUndefined();
  await waitFor(
    async () => {
      const res = await system.graphql<{ customer: { latestReview: { status: string } | null } }>(
        rep,
        `query($id: ID!) { customer(id: $id) { latestReview { status } } }`,
        { id: ids[0] },
      );
      return res.data?.customer.latestReview?.status === 'APPROVED';
    },
    { timeoutMs: 15_000, what: 'records to hear of the approval' },
  );
}

/** What a manager sees of the team: its records (records, workflow) and its reports (analytics). */
async function snapshot(system: TestSystem, seeded: Seeded) {
  const manager = await devToken('SALES_MANAGER', 'manager-backup', TEAM);
  const period = { from: shanghaiDate(-2), to: shanghaiDate(1), filter: { teamId: TEAM } };
  // Analytics applies events asynchronously: wait until it has every customer and interaction.
  const reports = await waitFor(
    async () => {
      const res = await system.graphql<{
        pipeline: Array<{ count: number }>;
        followUpEfficiency: Array<{ interactionsLogged: number }>;
        conversionFunnel: unknown[];
      }>(manager, REPORTS, period);
      const customers = res.data?.pipeline.reduce((n, s) => n + s.count, 0);
      return customers === seeded.customers && res.data!.followUpEfficiency[0]?.interactionsLogged === seeded.interactions ? res.data : undefined;
    },
    { timeoutMs: 20_000, what: 'analytics to hold the seeded data' },
  );
  const records = await system.graphql(manager, RECORDS, { filter: { teamId: TEAM } });
  expect(records.errors).toBeUndefined();
  return { reports, records: records.data };
}

async function scalar(url: string, sql: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return Number((await client.query<{ v: string }>(sql)).rows[0]?.v ?? 0);
  } finally {
    await client.end();
  }
}

async function createCustomer(system: TestSystem, name: string): Promise<string> {
  const rep = await devToken('SALES_REP', 'rep-backup', TEAM);
  const created = await system.graphql<{ createCustomer: { id: string } }>(
    rep,
    `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }`,
    {
      input: { name, kind: 'ENTERPRISE', industryCode: 'C34', sourceChannel: 'REFERRAL', firstContactDate: shanghaiDate(-1), contacts: [{ name: '李总', role: 'DECISION_MAKER' }] },
    },
  );
  expect(created.errors).toBeUndefined();
  return created.data!.createCustomer.id;
}

describe('backup and restore', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'salestrail-backup-'));
  let source: TestSystem | undefined;
  let restored: TestSystem | undefined;
  let skewed: TestSystem | undefined;
  const scratch: string[] = [dir];
  afterAll(async () => {
    await source?.stop();
    await restored?.stop();
    await skewed?.stop();
    for (const d of scratch) rmSync(d, { recursive: true, force: true });
  });

  let before: Awaited<ReturnType<typeof snapshot>>;
  const seeded: Seeded = { customers: 3, interactions: 3 };
  let recordsEvents = 0;

  it('dumps each service into one custom-format file, with a manifest written last', async () => {
    source = await TestSystem.start('bksrc');
    await seed(source);
    before = await snapshot(source, seeded);

    const backup = await run('infra/scripts/backup.mjs', ['--out', dir], databasesOf('bksrc'));
    expect(backup.output).toContain('[backup] done');
    expect(backup.code).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {
      format: string;
      services: Array<{ service: string; file: string; bytes: number; sha256: string; outboxLastSeq: number | null }>;
    };
    expect(manifest.format).toBe('salestrail-backup/1');
    expect(manifest.services.map((s) => s.service)).toEqual(['analytics', 'workflow', 'records']);
    for (const entry of manifest.services) {
      expect(existsSync(path.join(dir, entry.file))).toBe(true);
      // pg_dump's custom format starts with PGDMP.
      expect(readFileSync(path.join(dir, entry.file)).subarray(0, 5).toString()).toBe('PGDMP');
    }
    recordsEvents = manifest.services.find((s) => s.service === 'records')!.outboxLastSeq ?? 0;
    expect(recordsEvents).toBeGreaterThan(0);
    await source.stop();
    source = undefined;
  }, 180_000);

  it('restores into fresh databases; records, reviews and the rebuilt reports are as before', async () => {
    const restore = await run('infra/scripts/restore.mjs', [dir], databasesOf('bkdst'));
    expect(restore.output).toContain('[restore] done');
    expect(restore.code).toBe(0);

    restored = await TestSystem.start('bkdst');
    // The documented order: analytics stopped, its read model rebuilt from the restored event histories.
    await restored.terminate('analytics');
    const rebuild = await run('services/analytics/dist/rebuild.js', [], { ...restored.env, LOG_LEVEL: 'info' });
    expect(rebuild.code).toBe(0);
    // Every records event of the backup was replayed.
    const rebuilt = rebuild.output.split('\n').find((line) => line.includes('analytics read model rebuilt'));
    expect(JSON.parse(rebuilt ?? '{}')).toMatchObject({ records: recordsEvents });
    await restored.startProcess('analytics');

    const after = await snapshot(restored, seeded);
    expect(after).toEqual(before);
  }, 180_000);

  it('refuses to restore over databases that hold data, and changes none of them', async () => {
    const manager = await devToken('SALES_MANAGER', 'manager-backup', TEAM);
    const refused = await run('infra/scripts/restore.mjs', [dir], databasesOf('bkdst'));
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/database st_bkdst_analytics_\w+ already holds \d+ tables: restore into an empty database, or pass --replace/);
    const records = await restored!.graphql(manager, RECORDS, { filter: { teamId: TEAM } });
    expect(records.data).toEqual(before.records);
  });

  it('refuses a backup whose file does not match its manifest', async () => {
    const damaged = mkdtempSync(path.join(os.tmpdir(), 'salestrail-backup-damaged-'));
    try {
      for (const file of ['manifest.json', 'records.dump', 'workflow.dump', 'analytics.dump']) {
        const content = readFileSync(path.join(dir, file));
        if (file === 'workflow.dump') content.writeUInt8(content.readUInt8(content.length - 1) ^ 0xff, content.length - 1);
        writeFileSync(path.join(damaged, file), content);
      }
      const refused = await run('infra/scripts/restore.mjs', [damaged], databasesOf('bkdmg'));
      expect(refused.code).toBe(1);
      expect(refused.output).toContain('workflow.dump: checksum differs from the manifest');
      for (const service of SERVICES) expect(await databaseExists(testDatabaseUrl(`bkdmg_${service}`))).toBe(false);
    } finally {
      rmSync(damaged, { recursive: true, force: true });
    }
  });

  it('forgets in a consumer restored ahead of its producer the events the producer lacks, so that none of its new ones is lost', async () => {
    // Dumps are taken one after another: here records as of one backup and workflow as of a later one,
    // after workflow applied a records event that records' dump does not hold.
    const [early, late, mixed] = ['early', 'late', 'mixed'].map((n) => mkdtempSync(path.join(os.tmpdir(), `salestrail-backup-${n}-`)));
    scratch.push(early!, late!, mixed!);
    const env = databasesOf('bkdst');
    expect((await run('infra/scripts/backup.mjs', ['--out', early!], env)).code).toBe(0);
    const earlySeq = await scalar(env.RECORDS_DATABASE_URL!, 'SELECT max(seq) AS v FROM outbox_event');
    await createCustomer(restored!, '丁公司');
    await waitFor(
      async () =>
        (await scalar(env.WORKFLOW_DATABASE_URL!, `SELECT max(seq) AS v FROM processed_event WHERE producer = 'records'`)) === earlySeq + 1,
      { timeoutMs: 15_000, what: 'workflow to apply the new records event' },
    );
    expect((await run('infra/scripts/backup.mjs', ['--out', late!], env)).code).toBe(0);
    const manifestOf = (d: string) => JSON.parse(readFileSync(path.join(d, 'manifest.json'), 'utf8')) as { services: Array<{ service: string; file: string }> };
    const lateManifest = manifestOf(late!);
    lateManifest.services = lateManifest.services.map((s) => (s.service === 'records' ? manifestOf(early!).services.find((e) => e.service === 'records')! : s));
    writeFileSync(path.join(mixed!, 'manifest.json'), JSON.stringify(lateManifest));
    for (const [from, file] of [[early!, 'records.dump'], [late!, 'workflow.dump'], [late!, 'analytics.dump']] as const) {
      writeFileSync(path.join(mixed!, file), readFileSync(path.join(from, file)));
    }

    const restore = await run('infra/scripts/restore.mjs', [mixed!], databasesOf('bkskw'));
    expect(restore.code).toBe(0);
    expect(restore.output).toContain(`workflow had applied 1 records event(s) beyond seq ${earlySeq}, the last in the records backup: forgotten`);

    // records' next event takes that seq again: workflow must apply it, not take it for the one it forgot.
    skewed = await TestSystem.start('bkskw');
    const id = await createCustomer(skewed, '戊公司');
    const rep = await devToken('SALES_REP', 'rep-backup', TEAM);
    const review = await waitFor(
      async () => {
        const res = await skewed!.graphql<{ submitForReview: Array<{ status: string }> }>(
          rep,
          `mutation($ids: [ID!]!) { submitForReview(customerIds: $ids) { status } }`,
          { ids: [id] },
        );
        return res.data?.submitForReview[0];
      },
      { timeoutMs: 15_000, what: 'workflow to know the customer created after the restore' },
    );
    expect(review).toEqual({ status: 'PENDING' });
  }, 180_000);
});
