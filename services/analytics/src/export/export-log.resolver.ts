import { Arg, Ctx, Directive, Field, FieldResolver, ID, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
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

/** A person by key: the directory (workflow) resolves the whole `User`. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('User')
export class UserRef {
  @Field(() => ID) id: string;
}

@Resolver(() => ExportLogEntry)
export class ExportLogResolver {
  @Query(() => [ExportLogEntry], { description: 'Who exported which report, newest first (ADMIN)' })
  async exportLog(
    @Ctx() ctx: AnalyticsContext,
    @Arg('userId', () => ID, { nullable: true }) userId?: string,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('offset', () => Int, { nullable: true, description: 'Entries to skip (paging: 0, first, 2 × first, …)' }) offset?: number,
    @Arg('from', () => Date, { nullable: true, description: 'Exports at or after this time' }) from?: Date,
    @Arg('to', () => Date, { nullable: true, description: 'Exports before this time' }) to?: Date,
  ): Promise<ExportLogEntry[]> {
    const rows = await ctx.services.exportLog.list(ctx.actor, userId, first ?? 100, { from, to, offset });
    return rows.map((r) => ({ ...r, params: JSON.stringify(r.params) }));
  }

  @FieldResolver(() => UserRef, { nullable: true, description: 'Who exported it, from the directory' })
  user(@Root() entry: ExportLogEntry): UserRef {
    return { id: entry.userId };
  }
}
