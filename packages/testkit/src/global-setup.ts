import { resolveTestServices } from './services';
import { ENV, newRunId } from './run';

/**
 * Jest global setup: finds real Postgres and Redis (see resolveTestServices) and assigns this run its id.
 * The teardown drops every database and Redis key the run created.
 */
export default async function globalSetup(): Promise<void> {
  const services = await resolveTestServices();
  process.env[ENV.postgres] = services.postgresUrl;
  process.env[ENV.redis] = services.redisUrl;
  process.env[ENV.run] ??= newRunId();
  (globalThis as { __salestrailServices?: typeof services }).__salestrailServices = services;
}
