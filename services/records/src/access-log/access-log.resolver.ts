import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { RecordsContext } from '../context';
import { toLocale } from '../industries/industries';
import { UserRef, userRef } from '../directory/user-ref.types';
import { labelOf } from '../labels/enum-labels';
import { AccessLogEntry, AccessLogFilter, ACCESS_LOG_DEFAULT_PAGE } from './access-log.types';

@Resolver(() => AccessLogEntry)
export class AccessLogResolver {
  @Query(() => [AccessLogEntry], { description: 'Who read or handed over which customer, newest first (ADMIN)' })
  async accessLog(
    @Ctx() ctx: RecordsContext,
    @Arg('filter', () => AccessLogFilter, { nullable: true }) filter?: AccessLogFilter,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('offset', () => Int, { nullable: true, description: 'Entries to skip (paging: 0, first, 2 × first, …)' }) offset?: number,
  ): Promise<AccessLogEntry[]> {
    const rows = await ctx.services.accessLog.list(ctx.actor, filter ?? {}, first ?? ACCESS_LOG_DEFAULT_PAGE, offset ?? 0);
    return rows.map((r) => ({ ...r, detail: r.detail ? JSON.stringify(r.detail) : null }));
  }

  @FieldResolver(() => UserRef, { nullable: true, description: 'Who did it, from the directory' })
  user(@Root() entry: AccessLogEntry): UserRef {
    return userRef(entry.userId);
  }

  @FieldResolver(() => String, { description: 'The action as people read it: zh-CN (default) or en' })
  actionLabel(@Root() entry: AccessLogEntry, @Arg('locale', () => String, { nullable: true }) locale?: string | null): string {
    return labelOf('AccessAction', entry.action, toLocale(locale));
  }
}
