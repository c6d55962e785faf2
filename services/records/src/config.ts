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
});
export type RecordsConfig = z.infer<typeof recordsConfigSchema>;

export function loadRecordsConfig(env: Record<string, string | undefined> = process.env): RecordsConfig {
  return parseConfig(recordsConfigSchema, env);
}
