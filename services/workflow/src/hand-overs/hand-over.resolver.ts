import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { WorkflowContext } from '../context';
import { loadUser } from '../directory/load-user';
import { User } from '../directory/user.types';
import type { HandOverStatusValue } from './hand-over.entity';
import { HandOver, HandOverStatus, toHandOver } from './hand-over.types';

@Resolver(() => HandOver)
export class HandOverResolver {
  @Mutation(() => HandOver, {
    description:
      'Hands everything a person holds (customers, open next actions and their reminders, pending reviews) to a successor: ADMIN anyone, a manager within their team. Asking again while it runs returns it.',
  })
  async handOver(
    @Arg('fromUserId', () => ID) fromUserId: string,
    @Arg('toUserId', () => ID) toUserId: string,
    @Arg('reason', () => String) reason: string,
    @Ctx() ctx: WorkflowContext,
  ): Promise<HandOver> {
    return toHandOver(await ctx.services.handOvers.request(ctx.actor, fromUserId, toUserId, reason));
  }

  @Query(() => [HandOver], {
    description: 'Hand-overs, newest first: ADMIN all, a manager their team, anyone those they gave or received',
  })
  async handOvers(
    @Ctx() ctx: WorkflowContext,
    @Arg('userId', () => ID, { nullable: true, description: 'Given or received by this person' }) userId?: string | null,
    @Arg('status', () => HandOverStatus, { nullable: true }) status?: HandOverStatusValue | null,
    @Arg('first', () => Int, { nullable: true, description: 'Default 50, at most 100' }) first?: number | null,
  ): Promise<HandOver[]> {
    return (await ctx.services.handOvers.list(ctx.actor, { userId, status, first })).map(toHandOver);
  }

  @FieldResolver(() => User, { nullable: true, description: 'The person who held it all' })
  from(@Root() h: HandOver, @Ctx() ctx: WorkflowContext): Promise<User | null> {
    return loadUser(ctx, h.fromUserId);
  }

  @FieldResolver(() => User, { nullable: true, description: 'The successor' })
  to(@Root() h: HandOver, @Ctx() ctx: WorkflowContext): Promise<User | null> {
    return loadUser(ctx, h.toUserId);
  }

  @FieldResolver(() => User, { nullable: true })
  requestedBy(@Root() h: HandOver, @Ctx() ctx: WorkflowContext): Promise<User | null> {
    return loadUser(ctx, h.requestedById);
  }
}
