import { buildFederatedSchema } from '@salestrail/platform';
import { TeamResolver } from './teams/team.resolver';

export function buildWorkflowSchema() {
  return buildFederatedSchema({ resolvers: [TeamResolver] });
}
