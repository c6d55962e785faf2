import { buildFederatedSchema } from '@salestrail/platform';
import type { RecordsContext } from './context';
import { toCustomer } from './customers/customer.mapper';
import { CustomerResolver } from './customers/customer.resolver';
import { IndustryResolver } from './industries/industry.resolver';

export function buildRecordsSchema() {
  return buildFederatedSchema({
    resolvers: [CustomerResolver, IndustryResolver],
    referenceResolvers: {
      Customer: {
        // Batched: the gateway sends many representations at once; one query loads them all.
        async __resolveReference(ref: { id: string }, ctx: RecordsContext) {
          const row = await ctx.loaders.customer.load(ref.id);
          return row ? toCustomer(row) : null;
        },
      },
    },
  });
}
