import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { WorkflowContext } from '../context';
import { Team, TeamInput } from './team.types';

@Resolver(() => Team)
export class TeamResolver {
  @Query(() => [Team])
  teams(@Ctx() ctx: WorkflowContext): Promise<Team[]> {
    return ctx.services.teams.list();
  }

  @Mutation(() => Team, { description: 'Create or update a team (ADMIN)' })
  upsertTeam(@Arg('input', () => TeamInput) input: TeamInput, @Ctx() ctx: WorkflowContext): Promise<Team> {
    return ctx.services.teams.upsert(ctx.actor, input);
  }
}
