import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { NeedKind } from '../common/enums';
import type { RecordsContext } from '../context';
import { toNeed, toNeedRevision, toPainPoint, toPainPointRevision } from './need.mapper';
import { Need, NeedRevision, PainPoint, PainPointRevision } from './need.types';

@Resolver(() => Need)
export class NeedResolver {
  @Mutation(() => Need)
  async updateNeed(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: RecordsContext,
    @Arg('description', () => String, { nullable: true }) description?: string | null,
    @Arg('kind', () => NeedKind, { nullable: true }) kind?: NeedKind | null,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number | null,
  ): Promise<Need> {
    return toNeed(await ctx.services.needs.updateNeed(ctx.actor, id, description, kind, expectedVersion));
  }

  @Mutation(() => Need, { description: 'CONFLICT NEED_IN_USE when it is the last need of an active pain point' })
  async retireNeed(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: RecordsContext,
    @Arg('reason', () => String, { nullable: true }) reason?: string | null,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number | null,
  ): Promise<Need> {
    return toNeed(await ctx.services.needs.retireNeed(ctx.actor, id, reason, expectedVersion));
  }

  @FieldResolver(() => [NeedRevision])
  async history(@Root() need: Need, @Ctx() ctx: RecordsContext): Promise<NeedRevision[]> {
    return (await ctx.loaders.needHistory.load(need.id)).map(toNeedRevision);
  }
}

@Resolver(() => PainPoint)
export class PainPointResolver {
  @Mutation(() => PainPoint)
  async updatePainPoint(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: RecordsContext,
    @Arg('description', () => String, { nullable: true }) description?: string | null,
    @Arg('needIds', () => [ID], { nullable: true }) needIds?: string[] | null,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number | null,
  ): Promise<PainPoint> {
    return toPainPoint(await ctx.services.needs.updatePainPoint(ctx.actor, id, description, needIds, expectedVersion));
  }

  @Mutation(() => PainPoint)
  async retirePainPoint(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: RecordsContext,
    @Arg('reason', () => String, { nullable: true }) reason?: string | null,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number | null,
  ): Promise<PainPoint> {
    return toPainPoint(await ctx.services.needs.retirePainPoint(ctx.actor, id, reason, expectedVersion));
  }

  @FieldResolver(() => [PainPointRevision])
  async history(@Root() painPoint: PainPoint, @Ctx() ctx: RecordsContext): Promise<PainPointRevision[]> {
    return (await ctx.loaders.painPointHistory.load(painPoint.id)).map(toPainPointRevision);
  }
}
