import { baseConfigShape, configHelpers, parseConfig, z } from '@salestrail/platform';

export const workflowConfigSchema = z.object({
  ...baseConfigShape,
  WORKFLOW_PORT: configHelpers.port(4002),
  WORKFLOW_HOST: z.string().default('127.0.0.1'),
  WORKFLOW_DATABASE_URL: configHelpers
    .url(['postgres:', 'postgresql:'])
    .default('postgres://postgres@127.0.0.1:5432/salestrail_workflow'),
  WORKFLOW_RELAY: z.enum(['inline', 'off']).default('inline'),
});
export type WorkflowConfig = z.infer<typeof workflowConfigSchema>;

export function loadWorkflowConfig(env: Record<string, string | undefined> = process.env): WorkflowConfig {
  return parseConfig(workflowConfigSchema, env);
}
