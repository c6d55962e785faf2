import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { DateScalar } from '@salestrail/platform';
import type { WorkflowContext } from '../context';
import { Team } from '../teams/team.types';
import { CalendarDay, CalendarDayInput, toCalendarDay } from './team-calendar.types';

@Resolver(() => CalendarDay)
export class TeamCalendarResolver {
  @Query(() => [CalendarDay], { description: "A team's holidays and make-up working days from `from` to `to` (at most 366 days)" })
  async teamCalendar(
    @Arg('teamId', () => ID) teamId: string,
    @Arg('from', () => DateScalar) from: string,
    @Arg('to', () => DateScalar) to: string,
    @Ctx() ctx: WorkflowContext,
  ): Promise<CalendarDay[]> {
    return (await ctx.services.calendar.days(teamId, from, to)).map(toCalendarDay);
  }

  @Mutation(() => [CalendarDay], { description: 'Sets holidays and make-up working days of a team (ADMIN); a date given again is replaced' })
  async setTeamCalendarDays(
    @Arg('teamId', () => ID) teamId: string,
    @Arg('days', () => [CalendarDayInput]) days: CalendarDayInput[],
    @Ctx() ctx: WorkflowContext,
  ): Promise<CalendarDay[]> {
    return (await ctx.services.calendar.setDays(ctx.actor, teamId, days)).map(toCalendarDay);
  }

  @Mutation(() => Int, { description: 'Removes dates from a team calendar (ADMIN); answers how many were there' })
  removeTeamCalendarDays(
    @Arg('teamId', () => ID) teamId: string,
    @Arg('dates', () => [DateScalar]) dates: string[],
    @Ctx() ctx: WorkflowContext,
  ): Promise<number> {
    return ctx.services.calendar.removeDays(ctx.actor, teamId, dates);
  }
}

@Resolver(() => Team)
export class TeamDeadlineResolver {
  @FieldResolver(() => Date, {
    nullable: true,
    description: "The weekly deadline of the week holding `date` (default this week): the last working day by the team calendar, at workday end; null for a week off",
  })
  weeklyDeadline(
    @Root() team: Team,
    @Arg('date', () => DateScalar, { nullable: true }) date: string | null,
    @Ctx() ctx: WorkflowContext,
  ): Promise<Date | null> {
    return ctx.services.calendar.weeklyDeadline(team, date);
  }
}
