import { baseConfigShape, configHelpers, parseConfig, z } from '@salestrail/platform';
import { parseAllowList } from './webhooks/webhook-url.policy';
import type { WebhookNetworkSettings } from './webhooks/webhook.transport';

export const workflowConfigSchema = z.object({
  ...baseConfigShape,
  WORKFLOW_PORT: configHelpers.port(4002),
  WORKFLOW_HOST: z.string().default('127.0.0.1'),
  WORKFLOW_DATABASE_URL: configHelpers
    .url(['postgres:', 'postgresql:'])
    .default('postgres://postgres@127.0.0.1:5432/salestrail_workflow'),
  WORKFLOW_RELAY: z.enum(['inline', 'off']).default('inline'),
  /** Port of the separate relay process (`dist/relay.js`): it serves /healthz and /readyz only. */
  WORKFLOW_RELAY_PORT: configHelpers.port(4012),
  /** Prometheus metrics of the service (`GET /metrics`), on a port of its own (0: off). */
  WORKFLOW_METRICS_PORT: configHelpers.metricsPort(9402),
  /** Prometheus metrics of the separate relay process (0: off). */
  WORKFLOW_RELAY_METRICS_PORT: configHelpers.metricsPort(9412),
  /** Reviews the workflow cannot give to a team manager go to this ADMIN user. */
  WORKFLOW_ADMIN_REVIEWER_ID: z.string().min(1).max(128).default('admin-1'),
  /** Run the BullMQ workers (routing, reminders, weekly cycle, notifications) in this process. */
  WORKFLOW_WORKERS: z.enum(['on', 'off']).default('on'),
  /** Re-create lost jobs from the database at start-up. */
  WORKFLOW_RECONCILE_ON_START: z.enum(['on', 'off']).default('on'),
  /** Reminder jobs run at once (each a short transaction on the pool of 10 connections). */
  WORKFLOW_REMINDER_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(8),
  WORKFLOW_ESCALATE_AFTER_HOURS: z.coerce.number().positive().default(24),
  WORKFLOW_WEBHOOK_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(6),
  WORKFLOW_WEBHOOK_BACKOFF_MS: z.coerce.number().int().positive().default(10_000),
  /** One delivery attempt at most (connection, request and answer). */
  WORKFLOW_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** Setting up a webhook's connection (TCP and TLS) at most; also how long a URL's name may take to resolve. */
  WORKFLOW_WEBHOOK_CONNECT_TIMEOUT_MS: z.coerce.number().int().positive().default(5_000),
  /**
   * Private receivers the operator allows (on-premises): host names, IP addresses and CIDR ranges, separated
   * by commas. The only way a webhook reaches a loopback, private, link-local or otherwise non-public address.
   */
  WORKFLOW_WEBHOOK_ALLOWED_HOSTS: z
    .string()
    .default('')
    .transform((value, ctx) => {
      try {
        return parseAllowList(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
  /** Email notifications through SMTP when set (e.g. smtp://user:pass@mail.example.com:587). */
  SMTP_URL: configHelpers.url(['smtp:', 'smtps:']).optional(),
  SMTP_FROM: z.string().default('SalesTrail <no-reply@salestrail.local>'),
  /** Base URL of records, whose event history (GET /internal/events) gap repair reads. */
  RECORDS_EVENTS_URL: configHelpers.url(['http:', 'https:']).default('http://127.0.0.1:4001'),
  /** How often to fetch events missing from records' sequence (a pass also runs at start-up; 0: only then). */
  WORKFLOW_GAP_CHECK_MS: z.coerce.number().int().min(0).default(30_000),
  /**
   * Records events applied in one transaction at most (also how many the consumer holds at once): events
   * delivered while a batch commits form the next one, so a quiet queue applies each event at once.
   */
  WORKFLOW_EVENT_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(50),
  /** How often to check that Redis still holds the jobs (a marker key); when it lost them, reconcile (0: off). */
  WORKFLOW_JOB_CHECK_MS: z.coerce.number().int().min(0).default(30_000),
});
export type WorkflowConfig = z.infer<typeof workflowConfigSchema>;

export function loadWorkflowConfig(env: Record<string, string | undefined> = process.env): WorkflowConfig {
  return parseConfig(workflowConfigSchema, env);
}

/** How webhooks reach the network under this configuration: in production only https receivers. */
export function webhookNetworkSettings(config: WorkflowConfig): Omit<WebhookNetworkSettings, 'resolve'> {
  return {
    allowList: config.WORKFLOW_WEBHOOK_ALLOWED_HOSTS,
    requireHttps: config.NODE_ENV === 'production',
    connectTimeoutMs: config.WORKFLOW_WEBHOOK_CONNECT_TIMEOUT_MS,
    timeoutMs: config.WORKFLOW_WEBHOOK_TIMEOUT_MS,
  };
}

/** Settings of the migration step, `node dist/migrate.js` (the database only: no service secrets). */
export const workflowMigrateConfigSchema = workflowConfigSchema.pick({ LOG_LEVEL: true, WORKFLOW_DATABASE_URL: true });

export function loadWorkflowMigrateConfig(env: Record<string, string | undefined> = process.env) {
  const config = parseConfig(workflowMigrateConfigSchema, env);
  return { url: config.WORKFLOW_DATABASE_URL, logLevel: config.LOG_LEVEL };
}
