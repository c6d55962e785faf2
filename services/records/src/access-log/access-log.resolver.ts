import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { RecordsContext } from '../context';
import { AccessLogEntry, AccessLogFilter, ACCESS_LOG_DEFAULT_PAGE } from './access-log.types';

@Resolver(() => AccessLogEntry)
export class AccessLogResolver {
  @Query(() => [AccessLogEntry], { description: 'Who read or handed over which customer, newest first (ADMIN)' })
  async accessLog(
    @Ctx() ctx: RecordsContext,
    @Arg('filter', () => AccessLogFilter, { nullable: true }) filter?: AccessLogFilter,
    @Arg('first', () => Int, { nullable: true }) first?: number,
  ): Promise<AccessLogEntry[]> {
    const rows = await ctx.services.accessLog.list(ctx.actor, filter ?? {}, first ?? ACCESS_LOG_DEFAULT_PAGE);
    return rows.map((r) => ({ ...r, detail: r.detail ? JSON.stringify(r.detail) : null }));
  }
}
