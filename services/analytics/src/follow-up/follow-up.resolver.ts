import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { DateScalar } from '@salestrail/platform';
import type { AnalyticsContext } from '../context';
import { FunnelDimension } from '../common/dimensions';
import { AnalyticsFilter } from '../pipeline/analytics-filter.input';
import { FollowUpGroup } from './follow-up.types';

@Resolver()
export class FollowUpResolver {
  @Query(() => [FollowUpGroup], { description: 'Follow-up response efficiency in the period, in each team\'s time zone' })
  followUpEfficiency(
    @Ctx() ctx: AnalyticsContext,
    @Arg('from', () => DateScalar) from: string,
    @Arg('to', () => DateScalar) to: string,
    @Arg('filter', () => AnalyticsFilter, { nullable: true }) filter?: AnalyticsFilter,
    @Arg('groupBy', () => [FunnelDimension], { nullable: true }) groupBy?: FunnelDimension[],
  ): Promise<FollowUpGroup[]> {
    return ctx.services.followUp.followUpEfficiency(ctx.actor, { from, to, filter, groupBy });
  }
}
