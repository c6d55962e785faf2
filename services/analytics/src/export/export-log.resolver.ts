import { Arg, Ctx, Field, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import type { AnalyticsContext } from '../context';

@ObjectType({ description: 'One CSV export of a report' })
export class ExportLogEntry {
  @Field(() => ID) id: string;
  @Field() at: Date;
  @Field(() => ID) userId: string;
  @Field() role: string;
  @Field(() => ID, { nullable: true }) teamId: string | null;
  @Field({ description: 'conversion-funnel, follow-up-efficiency or pipeline' }) report: string;
  @Field({ description: 'The query parameters as JSON' }) params: string;
  @Field(() => Int) rowCount: number;
  @Field(() => String, { nullable: true }) requestId: string | null;
}

@Resolver(() => ExportLogEntry)
export class ExportLogResolver {
  @Query(() => [ExportLogEntry], { description: 'Who exported which report, newest first (ADMIN)' })
  async exportLog(
    @Ctx() ctx: AnalyticsContext,
    @Arg('userId', () => ID, { nullable: true }) userId?: string,
    @Arg('first', () => Int, { nullable: true }) first?: number,
  ): Promise<ExportLogEntry[]> {
    const rows = await ctx.services.exportLog.list(ctx.actor, userId, first ?? 100);
    return rows.map((r) => ({ ...r, params: JSON.stringify(r.params) }));
  }
}
