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
});
export type AnalyticsConfig = z.infer<typeof analyticsConfigSchema>;

export function loadAnalyticsConfig(env: Record<string, string | undefined> = process.env): AnalyticsConfig {
  return parseConfig(analyticsConfigSchema, env);
}
