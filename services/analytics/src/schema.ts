import { buildFederatedSchema } from '@salestrail/platform';
import { PipelineResolver } from './pipeline/pipeline.resolver';

export function buildAnalyticsSchema() {
  return buildFederatedSchema({ resolvers: [PipelineResolver] });
}
