import { buildAnalyticsSchema } from '@salestrail/analytics';
import { buildRecordsSchema } from '@salestrail/records';
import { buildWorkflowSchema } from '@salestrail/workflow';
import { composeSupergraph } from './compose';

/** Default subgraph locations written into the supergraph; the gateway overrides them from config. */
export const DEFAULT_SUBGRAPH_URLS = {
  records: 'http://127.0.0.1:4001/graphql',
  workflow: 'http://127.0.0.1:4002/graphql',
  analytics: 'http://127.0.0.1:4003/graphql',
};

/** Composes the supergraph from the three subgraphs' current code. */
export async function composeCurrentSupergraph(): Promise<string> {
  return composeSupergraph([
    { name: 'records', url: DEFAULT_SUBGRAPH_URLS.records, schema: await buildRecordsSchema() },
    { name: 'workflow', url: DEFAULT_SUBGRAPH_URLS.workflow, schema: await buildWorkflowSchema() },
    { name: 'analytics', url: DEFAULT_SUBGRAPH_URLS.analytics, schema: await buildAnalyticsSchema() },
  ]);
}
