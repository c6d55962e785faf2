import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { DateScalar } from '@salestrail/platform';
import type { AnalyticsContext } from '../context';
import { FunnelDimension } from '../common/dimensions';
import { AnalyticsFilter } from '../pipeline/analytics-filter.input';
import { FunnelGroup } from './funnel.types';

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
}
