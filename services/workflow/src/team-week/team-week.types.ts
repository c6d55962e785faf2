import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { ChangedRecord, PersonWeek, TeamWeekAnswer } from './team-week.service';

export enum TeamWeekReviewState {
  NOT_SUBMITTED = 'NOT_SUBMITTED',
  SUBMITTED = 'SUBMITTED',
  APPROVED = 'APPROVED',
  SENT_BACK = 'SENT_BACK',
}
registerEnumType(TeamWeekReviewState, {
  name: 'TeamWeekReviewState',
  description:
    "Where a record's current version stands: sent back (the latest review asks for changes), approved or submitted (a review covers it), or not submitted",
});

@ObjectType({ description: "A record its owner changed this week, and where its current version stands in review" })
export class TeamWeekRecord {
  @Field(() => ID) customerId: string;
  @Field({ description: "The customer's name" }) customerName: string;
  @Field({ description: 'When it last changed' }) changedAt: Date;
  @Field(() => TeamWeekReviewState) reviewState: TeamWeekReviewState;
}

@ObjectType({ description: "One person's week in a team (the person: `user`)" })
export class TeamWeekPerson {
  @Field(() => ID) userId: string;
  @Field(() => Int, { description: "Open next actions they own on the team's customers" }) openNextActions: number;
  @Field(() => Int, { description: 'Of those, how many are past their deadline now' }) overdueNextActions: number;
  @Field(() => Int, { description: 'Records of the team they own changed since Monday' }) changedCount: number;
  @Field(() => [TeamWeekRecord], { description: 'Those records, latest change first (at most 50)' }) changedRecords: TeamWeekRecord[];
  @Field(() => Int, { description: 'Of the records changed, how many have their current version submitted (pending or approved)' })
  submittedCount: number;
  @Field(() => Int, { description: "Interactions on the team's customers they logged since Monday more than 24 h after they happened" })
  loggedLateCount: number;
}

@ObjectType({ description: "A team's week, from Monday 00:00 in the team's time zone, per person, over all of the team's customers" })
export class TeamWeek {
  @Field(() => ID) teamId: string;
  @Field({ description: "The team's time zone" }) timezone: string;
  @Field({ description: "Monday 00:00 of this week in the team's time zone" }) weekStart: Date;
  @Field(() => [TeamWeekPerson], {
    description: 'The active people of the team, and anyone else who owns open next actions, changed records or logged late there',
  })
  people: TeamWeekPerson[];
}

function toRecord(r: ChangedRecord): TeamWeekRecord {
  return { customerId: r.customerId, customerName: r.customerName, changedAt: r.changedAt, reviewState: TeamWeekReviewState[r.reviewState] };
}

function toPerson(p: PersonWeek): TeamWeekPerson {
  return {
    userId: p.userId,
    openNextActions: p.openNextActions,
    overdueNextActions: p.overdueNextActions,
    changedCount: p.changedCount,
    changedRecords: p.changedRecords.map(toRecord),
    submittedCount: p.submittedCount,
    loggedLateCount: p.loggedLateCount,
  };
}

export function toTeamWeek(w: TeamWeekAnswer): TeamWeek {
  return { teamId: w.teamId, timezone: w.timezone, weekStart: w.weekStart, people: w.people.map(toPerson) };
}
