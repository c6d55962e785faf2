import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { RecordsContext } from '../context';
import { toNextAction } from './next-action.mapper';
import { NextAction } from './next-action.types';

@Resolver(() => NextAction)
export class NextActionResolver {
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
