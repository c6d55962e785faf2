import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ForbiddenError } from '@salestrail/platform';
import type { WorkflowContext } from '../context';
import { toHandOver } from '../hand-overs/hand-over.types';
import { toReview } from '../reviews/review.types';
import { assertUserId, encodeUserCursor } from './directory.service';
import { loadUser } from './load-user';
import type { HoldingsRow } from './user.repository';
import {
  AddUserInput,
  Deactivation,
  UpdateUserInput,
  User,
  UserConnection,
  UserFilter,
  UserHoldings,
  toUser,
} from './user.types';

async function toHoldings(row: HoldingsRow, ctx: WorkflowContext): Promise<UserHoldings> {
  const reviews = await ctx.services.reviews.byIds([...row.submittedReviewIds, ...row.reviewIdsToDecide]);
  const byId = new Map(reviews.map((r) => [r.id, toReview(r)]));
  const pick = (ids: string[]) => ids.flatMap((id) => byId.get(id) ?? []);
  return {
    customerCount: row.customerCount,
    customers: row.customerIds.map((id) => ({ id })),
    openNextActionCount: row.openNextActionCount,
    pendingReviewsSubmitted: pick(row.submittedReviewIds),
    pendingReviewsToDecide: pick(row.reviewIdsToDecide),
  };
}

@Resolver(() => User)
export class UserResolver {
  @Query(() => User, { nullable: true, description: 'A person of the directory (name, role, team: readable by everyone)' })
  user(@Arg('id', () => ID) id: string, @Ctx() ctx: WorkflowContext): Promise<User | null> {
    return loadUser(ctx, assertUserId(id, 'id'));
  }

  @Query(() => UserConnection, {
    description: 'People the caller may list: ADMIN, MARKETING and AFTER_SALES everyone, the team roles their own team; by name',
  })
  async users(
    @Ctx() ctx: WorkflowContext,
    @Arg('filter', () => UserFilter, { nullable: true }) filter?: UserFilter | null,
    @Arg('first', () => Int, { nullable: true, description: 'Default 50, at most 100' }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<UserConnection> {
    const page = await ctx.services.directory.list(ctx.actor, filter, first ?? 50, after);
    const edges = page.rows.map((row) => ({ cursor: encodeUserCursor(row), node: toUser(row) }));
    return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null }, totalCount: page.totalCount };
  }

  @Query(() => User, { description: 'The caller, as the directory holds them' })
  async me(@Ctx() ctx: WorkflowContext): Promise<User> {
    return toUser(await ctx.services.directory.me(ctx.actor));
  }

  @Mutation(() => User, { description: 'Adds a person to the directory (ADMIN)' })
  async addUser(@Arg('input', () => AddUserInput) input: AddUserInput, @Ctx() ctx: WorkflowContext): Promise<User> {
    return toUser(await ctx.services.directory.add(ctx.actor, input));
  }

  @Mutation(() => User, { description: 'Changes a person (ADMIN); omitted fields stay' })
  async updateUser(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateUserInput) input: UpdateUserInput,
    @Ctx() ctx: WorkflowContext,
  ): Promise<User> {
    return toUser(await ctx.services.directory.update(ctx.actor, id, input));
  }

  @Mutation(() => Deactivation, {
    description: 'Deactivates a person (ADMIN) and lists what they still held; with successorId hands it all over',
  })
  async deactivateUser(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: WorkflowContext,
    @Arg('successorId', () => ID, { nullable: true }) successorId?: string | null,
    @Arg('reason', () => String, { nullable: true }) reason?: string | null,
  ): Promise<Deactivation> {
    const done = await ctx.services.directory.deactivate(ctx.actor, id, successorId, reason);
    return {
      user: toUser(done.user),
      holdings: await toHoldings(done.holdings, ctx),
      handOver: done.handOver ? toHandOver(done.handOver) : null,
    };
  }

  @Mutation(() => User, { description: 'Makes a deactivated person active again (ADMIN)' })
  async reactivateUser(@Arg('id', () => ID) id: string, @Ctx() ctx: WorkflowContext): Promise<User> {
    return toUser(await ctx.services.directory.reactivate(ctx.actor, id));
  }

  @FieldResolver(() => String, { nullable: true, description: 'Visible to whoever may list the person' })
  email(@Root() user: User, @Ctx() ctx: WorkflowContext): string | null {
    if (!ctx.services.directory.canSeeContactDetails(ctx.actor, user)) throw new ForbiddenError('Not visible to this caller');
    return user.email;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Visible to whoever may list the person' })
  phone(@Root() user: User, @Ctx() ctx: WorkflowContext): string | null {
    if (!ctx.services.directory.canSeeContactDetails(ctx.actor, user)) throw new ForbiddenError('Not visible to this caller');
    return user.phone;
  }

  @FieldResolver(() => UserHoldings, {
    nullable: true,
    description: 'What they hold now (customers, open next actions, pending reviews): themself, their manager, ADMIN',
  })
  async holdings(@Root() user: User, @Ctx() ctx: WorkflowContext): Promise<UserHoldings> {
    return toHoldings(await ctx.services.directory.holdings(ctx.actor, user), ctx);
  }
}
