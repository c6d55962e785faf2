import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { WorkflowContext } from '../context';
import { Team } from '../teams/team.types';
import { loadUser } from './load-user';
import { User } from './user.types';

/** The team's manager and assistant by name (Team.managerId / assistantId stay). */
@Resolver(() => Team)
export class TeamPeopleResolver {
  @FieldResolver(() => User, { nullable: true, description: 'The manager; null when none is set or the directory does not hold them' })
  manager(@Root() team: Team, @Ctx() ctx: WorkflowContext): Promise<User | null> {
    return team.managerId ? loadUser(ctx, team.managerId) : Promise.resolve(null);
  }

  @FieldResolver(() => User, { nullable: true, description: 'The assistant; null when none is set or the directory does not hold them' })
  assistant(@Root() team: Team, @Ctx() ctx: WorkflowContext): Promise<User | null> {
    return team.assistantId ? loadUser(ctx, team.assistantId) : Promise.resolve(null);
  }
}
