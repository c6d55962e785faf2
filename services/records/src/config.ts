import { baseConfigShape, configHelpers, parseConfig, z } from '@salestrail/platform';

export const recordsConfigSchema = z.object({
  ...baseConfigShape,
  RECORDS_PORT: configHelpers.port(4001),
  RECORDS_HOST: z.string().default('127.0.0.1'),
  RECORDS_DATABASE_URL: configHelpers
    .url(['postgres:', 'postgresql:'])
    .default('postgres://postgres@127.0.0.1:5432/salestrail_records'),
  /** Run the outbox relay inside the service process (`inline`) or only as its own process (`off`). */
  RECORDS_RELAY: z.enum(['inline', 'off']).default('inline'),
  /** Port of the separate relay process (`dist/relay.js`): it serves /healthz and /readyz only. */
  RECORDS_RELAY_PORT: configHelpers.port(4011),
  /** Prometheus metrics of the service (`GET /metrics`), on a port of its own (0: off). */
  RECORDS_METRICS_PORT: configHelpers.metricsPort(9401),
  /** Prometheus metrics of the separate relay process (0: off). */
  RECORDS_RELAY_METRICS_PORT: configHelpers.metricsPort(9411),
  /** Base URL of workflow, whose event history (GET /internal/events) gap repair reads. */
  WORKFLOW_EVENTS_URL: configHelpers.url(['http:', 'https:']).default('http://127.0.0.1:4002'),
  /** How often to fetch events missing from workflow's sequence (a pass also runs at start-up; 0: only then). */
  RECORDS_GAP_CHECK_MS: z.coerce.number().int().min(0).default(30_000),
  /** GraphQL requests executed at once; the rest wait their turn (0: no limit). Keeps memory flat under load. */
  RECORDS_MAX_CONCURRENT_REQUESTS: z.coerce.number().int().min(0).default(4),
  /** GraphQL requests that may wait for a turn; past them a request is answered 503 with Retry-After (0: none wait). */
  RECORDS_MAX_QUEUED_REQUESTS: z.coerce.number().int().min(0).default(64),
});
export type RecordsConfig = z.infer<typeof recordsConfigSchema>;

export function loadRecordsConfig(env: Record<string, string | undefined> = process.env): RecordsConfig {
  return parseConfig(recordsConfigSchema, env);
}

/** Settings of the migration step, `node dist/migrate.js` (the database only: no service secrets). */
export const recordsMigrateConfigSchema = recordsConfigSchema.pick({ LOG_LEVEL: true, RECORDS_DATABASE_URL: true });

export function loadRecordsMigrateConfig(env: Record<string, string | undefined> = process.env) {
  const config = parseConfig(recordsMigrateConfigSchema, env);
  return { url: config.RECORDS_DATABASE_URL, logLevel: config.LOG_LEVEL };
}
