import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { WorkflowContext } from '../context';
import { loadUser } from '../directory/load-user';
import { User } from '../directory/user.types';
import { TeamWeek, TeamWeekPerson, toTeamWeek } from './team-week.types';

@Resolver(() => TeamWeek)
export class TeamWeekResolver {
  @Query(() => TeamWeek, {
    description:
      "Each person's week in a team, over all its customers: open and overdue next actions, records changed since Monday (team time zone) and their review state, late logs. The team's manager and assistant (their own team by default) and ADMIN (teamId required)",
  })
  async teamWeek(@Arg('teamId', () => ID, { nullable: true }) teamId: string | null, @Ctx() ctx: WorkflowContext): Promise<TeamWeek> {
    return toTeamWeek(await ctx.services.teamWeek.week(ctx.actor, teamId));
  }
}

@Resolver(() => TeamWeekPerson)
export class TeamWeekPersonResolver {
  @FieldResolver(() => User, { nullable: true, description: 'The person (null when the directory does not hold them)' })
  user(@Root() person: TeamWeekPerson, @Ctx() ctx: WorkflowContext): Promise<User | null> {
    return loadUser(ctx, person.userId);
  }
}
