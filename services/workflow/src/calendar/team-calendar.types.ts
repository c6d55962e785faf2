import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { IsOptional, MaxLength } from 'class-validator';
import { DateScalar } from '@salestrail/platform';
import type { TeamCalendarDayEntity } from './team-calendar.entity';

export enum CalendarDayKind {
  HOLIDAY = 'HOLIDAY',
  WORKING_DAY = 'WORKING_DAY',
}
registerEnumType(CalendarDayKind, {
  name: 'CalendarDayKind',
  description: 'A day off on a weekday (HOLIDAY) or a worked weekend day (WORKING_DAY, 调休)',
});

@ObjectType({ description: "A date on which a team's week differs from Monday–Friday" })
export class CalendarDay {
  @Field(() => ID) teamId: string;
  @Field(() => DateScalar, { description: "In the team's time zone" }) date: string;
  @Field(() => CalendarDayKind) kind: CalendarDayKind;
  @Field(() => String, { nullable: true, description: 'e.g. 国庆节, 国庆节调休' }) name: string | null;
}

@InputType()
export class CalendarDayInput {
  @Field(() => DateScalar) date: string;
  @Field(() => CalendarDayKind) kind: CalendarDayKind;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(100) name?: string | null;
}

export function toCalendarDay(row: TeamCalendarDayEntity): CalendarDay {
  return { teamId: row.teamId, date: row.day, kind: row.kind as CalendarDayKind, name: row.name };
}
