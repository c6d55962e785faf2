import { databaseExists, TEST_IDENTITY_ENV, testDatabaseUrl, waitFor } from '@salestrail/testkit';
import { runScript as run } from './scripts';
import { devToken, TestSystem } from './system';

/*
 * The production topology: migrations run as their own step before the services start (a Kubernetes
 * Job), the services start with MIGRATE_ON_START=off, and the records relay runs as its own process
 * with its own health endpoints.
 */

const SERVICES = ['records', 'workflow', 'analytics'] as const;
const NAME = 'deploy';

describe('deployment: the migration step, MIGRATE_ON_START=off and the separate relay', () => {
  let system: TestSystem | undefined;
  afterAll(async () => {
    await system?.stop();
  });

  const databaseUrl = (service: string) => testDatabaseUrl(`${NAME}_${service}`);
  // What a migration Job gets: its database and nothing else (no signing key, no JWT secret), in production.
  const migrateEnv = (service: string) => ({
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'production',
    [`${service.toUpperCase()}_DATABASE_URL`]: databaseUrl(service),
  });

  it('a service told not to migrate does not start before the migration step, and creates nothing', async () => {
    const started = await run('services/records/dist/main.js', [], {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      MIGRATE_ON_START: 'off',
      ...TEST_IDENTITY_ENV,
      RECORDS_DATABASE_URL: databaseUrl('records'),
    });
    expect(started.code).toBe(1);
    expect(started.output).toMatch(/does not exist/);
    expect(await databaseExists(databaseUrl('records'))).toBe(false);
  });

  it('migrates each service without serving and without secrets; a second run applies nothing', async () => {
    for (const service of SERVICES) {
      const waiting = run(`services/${service}/dist/migrate.js`, ['--wait'], { ...migrateEnv(service), LOG_LEVEL: 'info' });
      const first = await run(`services/${service}/dist/migrate.js`, [], migrateEnv(service));
      expect({ service, code: first.code }).toEqual({ service, code: 0 });
      expect(first.output).toContain('"msg":"migrations applied"');
      // The init containers' wait ends once the step has run.
      expect(await waiting).toMatchObject({ code: 0 });
      const second = await run(`services/${service}/dist/migrate.js`, [], migrateEnv(service));
      expect(second.code).toBe(0);
      expect(second.output).toContain('"applied":[]');
    }
    const refused = await run('services/records/dist/migrate.js', ['--check'], migrateEnv('records'));
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('unknown argument --check');
  }, 120_000);

  it('serves with MIGRATE_ON_START=off on the migrated databases, events relayed by the separate relay', async () => {
    system = await TestSystem.start(NAME, { MIGRATE_ON_START: 'off', RECORDS_RELAY: 'off' });
    await system.startProcess('records-relay');
    const relay = `http://127.0.0.1:${system.ports['records-relay']}`;
    expect(await (await fetch(`${relay}/healthz`)).json()).toEqual({ status: 'ok', service: 'records-relay' });
    expect((await fetch(`${relay}/readyz`)).status).toBe(200);

    const team = 'team-deploy';
    const rep = await devToken('SALES_REP', 'rep-deploy', team);
    const created = await system.graphql(rep, `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }`, {
      input: {
        name: '部署测试公司',
        kind: 'ENTERPRISE',
        industryCode: 'C34',
        sourceChannel: 'TRADE_SHOW',
        firstContactDate: '2024-03-15',
        contacts: [{ name: '王总', role: 'DECISION_MAKER' }],
      },
    });
    expect(created.errors).toBeUndefined();
    // The pipeline comes from analytics: the event went through the separate relay.
    const pipeline = await waitFor(
      async () => {
        const res = await system!.graphql<{ pipeline: Array<{ stage: string; count: number }> }>(
          rep,
          `query { pipeline(filter: { teamId: "${team}" }) { stage count } }`,
        );
        const lead = res.data?.pipeline.find((s) => s.stage === 'LEAD_NURTURING');
        return lead?.count === 1 ? lead : undefined;
      },
      { timeoutMs: 15_000, what: 'the new customer in the pipeline' },
    );
    expect(pipeline).toEqual({ stage: 'LEAD_NURTURING', count: 1 });
  }, 120_000);
});
