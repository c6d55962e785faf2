import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { DateScalar } from '@salestrail/platform';
import type { AnalyticsContext } from '../context';
import { CustomerFigures, type CustomerFiguresRef } from '../customers/customer-figures.types';
import { FunnelDimension } from '../common/dimensions';
import { SalesStage } from '../common/enums';
import { AnalyticsFilter } from '../pipeline/analytics-filter.input';
import { FunnelGroup } from './funnel.types';
import { FunnelStageCustomer } from './stage-customers.types';

@Resolver()
export class FunnelResolver {
  @Query(() => [FunnelGroup], { description: 'Stage conversion in the period [from 00:00, to + 1 day 00:00) of each team\'s time zone' })
  conversionFunnel(
    @Ctx() ctx: AnalyticsContext,
    @Arg('from', () => DateScalar) from: string,
    @Arg('to', () => DateScalar) to: string,
    @Arg('filter', () => AnalyticsFilter, { nullable: true }) filter?: AnalyticsFilter,
    @Arg('groupBy', () => [FunnelDimension], { nullable: true }) groupBy?: FunnelDimension[],
  ): Promise<FunnelGroup[]> {
    return ctx.services.funnel.conversionFunnel(ctx.actor, { from, to, filter, groupBy });
  }

  @Query(() => [FunnelStageCustomer], {
    description:
      "The customers counted in one stage's `entered` of conversionFunnel (same period, filter and scope; pass a group's key as the filter), newest entry first",
  })
  funnelStageCustomers(
    @Ctx() ctx: AnalyticsContext,
    @Arg('from', () => DateScalar) from: string,
    @Arg('to', () => DateScalar) to: string,
    @Arg('stage', () => SalesStage) stage: SalesStage,
    @Arg('filter', () => AnalyticsFilter, { nullable: true }) filter?: AnalyticsFilter,
    @Arg('first', () => Int, { nullable: true, description: 'At most 200 (default 50)' }) first?: number,
  ): Promise<FunnelStageCustomer[]> {
    return ctx.services.funnel.stageCustomers(ctx.actor, { from, to, stage, filter, first });
  }
}

@Resolver(() => FunnelStageCustomer)
export class FunnelStageCustomerResolver {
  /** The customer with its figures, as the gateway's reference would resolve it (the records fields come from records). */
  @FieldResolver(() => CustomerFigures, { nullable: true })
  customer(@Root() root: FunnelStageCustomer, @Ctx() ctx: AnalyticsContext): Promise<CustomerFiguresRef> {
    return ctx.loaders.customerFigures.load(root.customer.id);
  }
}
