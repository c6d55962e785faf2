import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { AnalyticsContext } from '../context';
import { AnalyticsFilter } from './analytics-filter.input';
import { PipelineStage } from './pipeline.types';

@Resolver()
export class PipelineResolver {
  @Query(() => [PipelineStage], { description: 'Customers per current stage, now' })
  pipeline(
    @Ctx() ctx: AnalyticsContext,
    @Arg('filter', () => AnalyticsFilter, { nullable: true }) filter?: AnalyticsFilter,
  ): Promise<PipelineStage[]> {
    return ctx.services.pipeline.pipeline(ctx.actor, filter);
  }
}
