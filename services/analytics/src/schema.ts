import { buildFederatedSchema } from '@salestrail/platform';
import { maySeeFigures } from './common/scope';
import type { AnalyticsContext } from './context';
import { CustomerFiguresResolver } from './customers/customer-figures.resolver';
import { CustomerFigures } from './customers/customer-figures.types';
import { ExportLogResolver } from './export/export-log.resolver';
import { FollowUpResolver } from './follow-up/follow-up.resolver';
import { FunnelResolver, FunnelStageCustomerResolver } from './funnel/funnel.resolver';
import { PipelineResolver } from './pipeline/pipeline.resolver';

export function buildAnalyticsSchema() {
  return buildFederatedSchema({
    resolvers: [PipelineResolver, FunnelResolver, FunnelStageCustomerResolver, FollowUpResolver, ExportLogResolver, CustomerFiguresResolver],
    orphanedTypes: [CustomerFigures],
    referenceResolvers: {
      Customer: {
        // Batched: the gateway sends many representations at once; one query answers them all.
        __resolveReference(ref: { id: string }, ctx: AnalyticsContext) {
          // Nothing is read for a caller who may see no figures; each figure field then refuses.
          if (!maySeeFigures(ctx.actor)) return { id: ref.id, withheld: true };
          return ctx.loaders.customerFigures.load(ref.id);
        },
      },
    },
  });
}
