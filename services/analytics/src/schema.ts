import { buildFederatedSchema } from '@salestrail/platform';
import type { AnalyticsContext } from './context';
import { CustomerFigures } from './customers/customer-figures.types';
import { ExportLogResolver } from './export/export-log.resolver';
import { FollowUpResolver } from './follow-up/follow-up.resolver';
import { FunnelResolver } from './funnel/funnel.resolver';
import { PipelineResolver } from './pipeline/pipeline.resolver';

export function buildAnalyticsSchema() {
  return buildFederatedSchema({
    resolvers: [PipelineResolver, FunnelResolver, FollowUpResolver, ExportLogResolver],
    orphanedTypes: [CustomerFigures],
    referenceResolvers: {
      Customer: {
        // Batched: the gateway sends many representations at once; one query answers them all.
        __resolveReference(ref: { id: string }, ctx: AnalyticsContext) {
          return ctx.loaders.customerFigures.load(ref.id);
        },
      },
    },
  });
}
