import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createRedis, type Redis } from '@salestrail/platform';
import { createAnalyticsDataSource } from '@salestrail/analytics';
import { createRecordsDataSource } from '@salestrail/records';
import { createWorkflowDataSource } from '@salestrail/workflow';
import { createOwnedDatabase, tamperWith, testQueuePrefix, testRedisUrl, waitFor, type OwnedDatabase } from '@salestrail/testkit';
import { devToken, TestSystem } from './system';

/**
 * The system as infra/docker-compose.yml deploys it: each service connects as a Postgres role that owns
 * its own database and nothing else (no superuser, no CREATEDB, no CREATEROLE) and migrates it itself,
 * and every process reaches Redis as a user with a password, confined to the installation's keys and
 * without the dangerous commands (the compose file's ACL: `~<QUEUE_PREFIX>:* +@all -@dangerous +info`).
 */
const SERVICES = {
  records: createRecordsDataSource,
  workflow: createWorkflowDataSource,
  analytics: createAnalyticsDataSource,
} as const;
type Service = keyof typeof SERVICES;

const CREATE = `mutation ($input: CreateCustomerInput!) { createCustomer(input: $input) { id version } }`;
const SEARCH = `query ($search: String!) { customers(filter: { search: $search }) { totalCount } }`;
const TEAM = `mutation ($input: TeamInput!) { upsertTeam(input: $input) { id } }`;
const SUBMIT = `mutation ($ids: [ID!]!) { submitForReview(customerIds: $ids) { id } }`;
const QUEUE = `{ reviewQueue { id } }`;
const PIPELINE = `query ($filter: AnalyticsFilter) { pipeline(filter: $filter) { stage count } }`;

describe('least privilege: per-service database owners and a confined Redis user', () => {
  const databases = {} as Record<Service, OwnedDatabase>;
  const prefix = testQueuePrefix('least-privilege');
  const redisUser = prefix;
  const redisPassword = randomBytes(24).toString('hex');
  let admin: Redis;
  let system: TestSystem;

  beforeAll(async () => {
    for (const service of Object.keys(SERVICES) as Service[]) databases[service] = await createOwnedDatabase(`lp_${service}`);
    admin = createRedis(testRedisUrl(), { maxRetriesPerRequest: 1 });
    await admin.call('ACL', 'SETUSER', redisUser, 'reset', 'on', `>${redisPassword}`, `~${prefix}:*`, 'resetchannels', '+@all', '-@dangerous', '+info');
    const redisUrl = new URL(testRedisUrl());
    redisUrl.username = redisUser;
    redisUrl.password = redisPassword;
    system = await TestSystem.start('least_privilege', {
      RECORDS_DATABASE_URL: databases.records.url,
      WORKFLOW_DATABASE_URL: databases.workflow.url,
      ANALYTICS_DATABASE_URL: databases.analytics.url,
      REDIS_URL: redisUrl.toString(),
      QUEUE_PREFIX: prefix,
    });
  }, 120_000);
  afterAll(async () => {
    await system?.stop();
    for (const database of Object.values(databases)) await database.drop();
    await admin?.call('ACL', 'DELUSER', redisUser);
    admin?.disconnect();
  });

  it('has each service migrate its own database as a role that is not superuser', async () => {
    for (const [service, create] of Object.entries(SERVICES) as Array<[Service, (typeof SERVICES)[Service]]>) {
      const ds = create(databases[service].url, 1);
      await ds.initialize();
      try {
        const [role] = await ds.query(`SELECT rolsuper, rolcreatedb, rolcreaterole, rolbypassrls FROM pg_roles WHERE rolname = current_user`);
        expect({ service, ...role }).toEqual({ service, rolsuper: false, rolcreatedb: false, rolcreaterole: false, rolbypassrls: false });
        const applied: Array<{ name: string }> = await ds.query(`SELECT name FROM schema_migration ORDER BY id`);
        const declared = (ds.options.migrations as Array<new () => { name: string }>).map((M) => new M().name);
        expect(applied.map((m) => m.name)).toEqual(declared);
        expect(await ds.showMigrations()).toBe(false);
      } finally {
        await ds.destroy();
      }
    }
    // records' name search needs pg_trgm: a trusted extension (Postgres 13+), which the owner created itself.
    const records = new Client({ connectionString: databases.records.url });
    await records.connect();
    try {
      expect((await records.query(`SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'`)).rows).toEqual([{ extname: 'pg_trgm' }]);
      // A service's role reaches no other service's database.
      const crossing = new URL(databases.workflow.url);
      crossing.username = new URL(databases.records.url).username;
      crossing.password = new URL(databases.records.url).password;
      const intoWorkflow = new Client({ connectionString: crossing.toString() });
      await expect(intoWorkflow.connect()).rejects.toThrow(/permission denied for database/);
      await intoWorkflow.end().catch(() => undefined);
    } finally {
      await records.end();
    }
  });

  it('runs the whole form through the gateway: records, workflow and analytics over the confined Redis user', async () => {
    const teamId = 'team-lp';
    const rep = await devToken('SALES_REP', 'rep-lp', teamId);
    const manager = await devToken('SALES_MANAGER', 'manager-lp', teamId);
    const administrator = await devToken('ADMIN', 'admin-lp', null);
    expect((await system.graphql(administrator, TEAM, { input: { id: teamId, name: '最小权限组', managerId: 'manager-lp' } })).errors).toBeUndefined();
    const created = await system.graphql<{ createCustomer: { id: string } }>(rep, CREATE, {
      input: {
        name: '最小权限科技有限公司',
        kind: 'ENTERPRISE',
        industryCode: 'C34',
        sourceChannel: 'TRADE_SHOW',
        firstContactDate: '2024-03-15',
        contacts: [{ name: '王总', role: 'DECISION_MAKER', phone: '13812345678' }],
      },
    });
    expect(created.errors).toBeUndefined();
    const customerId = created.data!.createCustomer.id;
    expect((await system.graphql<{ customers: { totalCount: number } }>(rep, SEARCH, { search: '最小权限' })).data).toEqual({ customers: { totalCount: 1 } });

    // Events reach workflow (its projection lets the review be routed by a job) and analytics.
    await waitFor(
      async () => ((await system.graphql(rep, SUBMIT, { ids: [customerId] })).errors ? undefined : true),
      { timeoutMs: 15_000, what: 'workflow to know the customer' },
    );
    await waitFor(
      async () => ((await system.graphql<{ reviewQueue: unknown[] }>(manager, QUEUE)).data?.reviewQueue.length === 1 ? true : undefined),
      { timeoutMs: 15_000, what: 'the routed review in the manager queue' },
    );
    await waitFor(
      async () => {
        const res = await system.graphql<{ pipeline: Array<{ stage: string; count: number }> }>(manager, PIPELINE, { filter: { teamId } });
        return res.data?.pipeline.find((s) => s.stage === 'LEAD_NURTURING')?.count === 1 ? true : undefined;
      },
      { timeoutMs: 15_000, what: 'the customer in the analytics pipeline' },
    );
    // The gateway counts requests in Redis through the same user (not its in-memory fallback).
    const rateKeys: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await admin.scan(cursor, 'MATCH', `${prefix}:gateway-rate-limit*`, 'COUNT', 1000);
      rateKeys.push(...keys);
      cursor = next;
    } while (cursor !== '0');
    expect(rateKeys.length).toBeGreaterThan(0);

    // The owner of records' database still cannot rewrite the stage history.
    const stageHistory = await tamperWith(databases.records.url, 'stage_change', 'reason', 'customer_id = $1', [customerId]);
    expect(stageHistory).toMatchObject({ rows: 1, update: 'stage_change is append-only (UPDATE refused)', unchanged: true });
  });

  it("confines the services' Redis user to the installation's keys and keeps it from dangerous commands", async () => {
    const confined = new URL(testRedisUrl());
    confined.username = redisUser;
    confined.password = redisPassword;
    const redis = createRedis(confined.toString(), { maxRetriesPerRequest: 1 });
    try {
      await expect(redis.set('outside-the-prefix', 'x')).rejects.toThrow(/NOPERM/);
      await expect(redis.call('FLUSHALL')).rejects.toThrow(/NOPERM/);
      await expect(redis.call('CONFIG', 'GET', 'requirepass')).rejects.toThrow(/NOPERM/);
      const stranger = admin.duplicate();
      await expect(stranger.call('AUTH', redisUser, 'not-the-password')).rejects.toThrow(/WRONGPASS/);
      stranger.disconnect();
    } finally {
      redis.disconnect();
    }
  });
});
