import { spawn } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import { testDatabaseUrl, waitFor } from '@salestrail/testkit';
import { devToken, TestSystem } from './system';

/*
 * The production topology: migrations run as their own step before the services start (a Kubernetes
 * Job), the services start with MIGRATE_ON_START=off, and the records relay runs as its own process
 * with its own health endpoints.
 */

const ROOT = path.resolve(__dirname, '../..');
const SERVICES = ['records', 'workflow', 'analytics'] as const;
const NAME = 'deploy';

function run(entry: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, entry), ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

async function databaseExists(url: string): Promise<boolean> {
  const admin = new URL(url);
  const name = admin.pathname.slice(1);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    return (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
  } finally {
    await client.end();
  }
}

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
      INTERNAL_SIGNING_KEY: 'test-internal-signing-key-0123456789abcdef',
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
