import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { ENV, testRunId } from './run';

export interface OwnedDatabase {
  /** Connects as the owning role, with its password. */
  url: string;
  role: string;
  drop(): Promise<void>;
}

async function asServerAdmin<T>(run: (client: Client) => Promise<T>): Promise<T> {
  const server = process.env[ENV.postgres];
  if (!server) throw new Error(`${ENV.postgres} is not set: run the tests through jest with the testkit global setup`);
  const client = new Client({ connectionString: server });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/**
 * A database of this run owned by a role of its own that is neither superuser nor able to create
 * databases or roles, and that no other role may connect to: what a deployment gives each service
 * (infra/postgres/initdb.d). The role and database share the name `st_<name>_<run>` (the global
 * teardown drops whatever a test leaves); `drop()` removes both.
 */
export async function createOwnedDatabase(name: string): Promise<OwnedDatabase> {
  const role = `st_${name}_${testRunId()}`;
  if (!/^[a-z0-9_]{1,63}$/.test(role)) throw new Error(`"${role}": lower-case letters, digits and _ only, at most 63`);
  const password = randomBytes(24).toString('hex');
  const url = await asServerAdmin(async (admin) => {
    await admin.query(`CREATE ROLE "${role}" LOGIN PASSWORD '${password}' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS`);
    await admin.query(`CREATE DATABASE "${role}" OWNER "${role}"`);
    await admin.query(`REVOKE ALL ON DATABASE "${role}" FROM PUBLIC`);
    const u = new URL(process.env[ENV.postgres]!);
    u.username = role;
    u.password = password;
    u.pathname = `/${role}`;
    return u.toString();
  });
  return {
    url,
    role,
    drop: () =>
      asServerAdmin(async (admin) => {
        await admin.query(`DROP DATABASE IF EXISTS "${role}" WITH (FORCE)`);
        await admin.query(`DROP ROLE IF EXISTS "${role}"`);
      }),
  };
}
