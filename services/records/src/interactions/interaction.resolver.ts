import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { NotFoundError } from '@salestrail/platform';
import type { RecordsContext } from '../context';
import { toNextAction } from '../next-actions/next-action.mapper';
import { NextAction } from '../next-actions/next-action.types';
import { LogInteractionInput } from './interaction.inputs';
import { toInteraction } from './interaction.mapper';
import { Interaction } from './interaction.types';
import { speculativeTerms } from './speculative-wording';

@Resolver(() => Interaction)
export class InteractionResolver {
  @Mutation(() => Interaction, { description: 'Logs a communication with its needs, pain points and mandatory next action' })
  async logInteraction(
    @Arg('input', () => LogInteractionInput) input: LogInteractionInput,
    @Ctx() ctx: RecordsContext,
  ): Promise<Interaction> {
    const logged = await ctx.services.interactions.log(ctx.actor, input);
    ctx.loaders.nextAction.prime(logged.nextAction.id, logged.nextAction);
    return toInteraction(logged.interaction);
  }

  /** Computed when asked for: a dashboard page of interactions does not pay for it. */
  @FieldResolver(() => [String])
  speculativeTerms(@Root() interaction: Interaction): string[] {
    return speculativeTerms(interaction.summary);
  }

  @FieldResolver(() => NextAction)
  async nextAction(@Root() interaction: Interaction, @Ctx() ctx: RecordsContext): Promise<NextAction> {
    const action = await ctx.loaders.nextAction.load(interaction.nextActionId);
    if (!action) throw new NotFoundError('Next action', interaction.nextActionId);
    return toNextAction(action);
  }
}
