import { baseConfigShape, configHelpers, parseConfig, z } from '@salestrail/platform';

export const analyticsConfigSchema = z.object({
  ...baseConfigShape,
  ANALYTICS_PORT: configHelpers.port(4003),
  ANALYTICS_HOST: z.string().default('127.0.0.1'),
  ANALYTICS_DATABASE_URL: configHelpers
    .url(['postgres:', 'postgresql:'])
    .default('postgres://postgres@127.0.0.1:5432/salestrail_analytics'),
  /** Events applied in parallel (per-customer ordering is handled by versions in the read model). */
  ANALYTICS_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
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
