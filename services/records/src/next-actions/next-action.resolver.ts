import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { selectedFieldNames } from '../common/selection';
import type { RecordsContext } from '../context';
import { toCustomer } from '../customers/customer.mapper';
import { Customer } from '../customers/customer.types';
import { toNextAction } from './next-action.mapper';
import { encodeActionCursor } from './next-action.service';
import { NextAction, NextActionConnection } from './next-action.types';

@Resolver(() => NextAction)
export class NextActionResolver {
  @Query(() => NextActionConnection, {
    description:
      "Open next actions of one person (the caller unless `ownerId` is given), overdue first, then today's, this week's and later ones, each by deadline; only those the caller may see. At most 100 per page",
  })
  async myNextActions(
    @Ctx() ctx: RecordsContext,
    @Arg('ownerId', () => ID, { nullable: true }) ownerId?: string | null,
    @Arg('first', () => Int, { nullable: true, description: 'Default 50, at most 100' }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('timeZone', () => String, { nullable: true, description: 'The calendar `counts` use (IANA name); Asia/Shanghai when not given' })
    timeZone?: string | null,
    @Info() info?: GraphQLResolveInfo,
  ): Promise<NextActionConnection> {
    const fields = info ? selectedFieldNames(info) : null;
    const withCount = !fields || fields.has('totalCount') || fields.has('counts');
    const page = await ctx.services.nextActions.openOf(ctx.actor, { ownerId, first, after, timeZone, withCount });
    const now = new Date();
    const edges = page.rows.map((row) => ({
      get cursor() {
        return encodeActionCursor(row);
      },
      node: toNextAction(row, now),
    }));
    return {
      edges,
      pageInfo: {
        hasNextPage: page.hasNextPage,
        get endCursor() {
          return edges.at(-1)?.cursor ?? null;
        },
      },
      totalCount: page.totalCount,
      counts: page.counts,
    };
  }

  @FieldResolver(() => Customer, { nullable: true, description: 'The customer, when the caller may read it' })
  async customer(@Root() action: NextAction, @Ctx() ctx: RecordsContext): Promise<Customer | null> {
    const found = await ctx.loaders.customer.load(action.customerId);
    return found ? toCustomer(found) : null;
  }

  @Mutation(() => NextAction)
  async completeNextAction(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: RecordsContext,
    @Arg('note', () => String, { nullable: true }) note?: string | null,
  ): Promise<NextAction> {
    return toNextAction(await ctx.services.nextActions.complete(ctx.actor, id, note));
  }

  @Mutation(() => NextAction, { description: 'A new deadline in the future, with the reason' })
  async rescheduleNextAction(
    @Arg('id', () => ID) id: string,
    @Arg('dueAt', () => Date) dueAt: Date,
    @Arg('reason', () => String) reason: string,
    @Ctx() ctx: RecordsContext,
  ): Promise<NextAction> {
    return toNextAction(await ctx.services.nextActions.reschedule(ctx.actor, id, dueAt, reason));
  }

  @Mutation(() => NextAction)
  async cancelNextAction(
    @Arg('id', () => ID) id: string,
    @Arg('reason', () => String) reason: string,
    @Ctx() ctx: RecordsContext,
  ): Promise<NextAction> {
    return toNextAction(await ctx.services.nextActions.cancel(ctx.actor, id, reason));
  }
}
