import { baseConfigShape, configHelpers, parseConfig, z } from '@salestrail/platform';

export const analyticsConfigSchema = z.object({
  ...baseConfigShape,
  ANALYTICS_PORT: configHelpers.port(4003),
  ANALYTICS_HOST: z.string().default('127.0.0.1'),
  /** Prometheus metrics of the service (`GET /metrics`), on a port of its own (0: off). */
  ANALYTICS_METRICS_PORT: configHelpers.metricsPort(9403),
  ANALYTICS_DATABASE_URL: configHelpers
    .url(['postgres:', 'postgresql:'])
    .default('postgres://postgres@127.0.0.1:5432/salestrail_analytics'),
  /**
   * A read replica of the analytics database: when set, the reports (pipeline, funnel, follow-up, a
   * customer's figures, CSV) read there, while the event consumer, gap repair and the export log write to
   * ANALYTICS_DATABASE_URL. Replica lag only adds to the event lag the figures already have.
   */
  ANALYTICS_READ_DATABASE_URL: configHelpers.url(['postgres:', 'postgresql:']).optional(),
  /**
   * Most events applied in one transaction: events delivered while a batch commits form the next one,
   * so a quiet queue applies each event at once and a busy one amortises the aggregate updates.
   */
  ANALYTICS_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(100),
  /** Base URLs of the producers whose event history rebuilds and gap repair read (GET /internal/events). */
  RECORDS_EVENTS_URL: configHelpers.url(['http:', 'https:']).default('http://127.0.0.1:4001'),
  WORKFLOW_EVENTS_URL: configHelpers.url(['http:', 'https:']).default('http://127.0.0.1:4002'),
  /** How often to look for events missing from a producer's sequence (0 turns gap repair off). */
  ANALYTICS_GAP_CHECK_MS: z.coerce.number().int().min(0).default(30_000),
});
export type AnalyticsConfig = z.infer<typeof analyticsConfigSchema>;

export function loadAnalyticsConfig(env: Record<string, string | undefined> = process.env): AnalyticsConfig {
  return parseConfig(analyticsConfigSchema, env);
}

/** Settings of `npm run analytics:bi-role` (no service secrets needed). */
export const biRoleConfigSchema = z.object({
  LOG_LEVEL: baseConfigShape.LOG_LEVEL,
  ANALYTICS_DATABASE_URL: analyticsConfigSchema.shape.ANALYTICS_DATABASE_URL,
  BI_ROLE: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/).default('salestrail_bi'),
  /** When set, the role may log in with this password; without it the role stays NOLOGIN. */
  BI_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
});
export type BiRoleConfig = z.infer<typeof biRoleConfigSchema>;

export function loadBiRoleConfig(env: Record<string, string | undefined> = process.env): BiRoleConfig {
  return parseConfig(biRoleConfigSchema, env);
}

/** Settings of the migration step, `node dist/migrate.js` (the database only: no service secrets). */
export const analyticsMigrateConfigSchema = analyticsConfigSchema.pick({ LOG_LEVEL: true, ANALYTICS_DATABASE_URL: true });

export function loadAnalyticsMigrateConfig(env: Record<string, string | undefined> = process.env) {
  const config = parseConfig(analyticsMigrateConfigSchema, env);
  return { url: config.ANALYTICS_DATABASE_URL, logLevel: config.LOG_LEVEL };
}
