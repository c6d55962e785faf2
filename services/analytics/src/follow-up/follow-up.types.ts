import { Field, Float, Int, ObjectType } from 'type-graphql';
import { AnalyticsGroupKey } from '../common/group-key.types';

@ObjectType({ description: 'Follow-up response efficiency of one group in a period' })
export class FollowUpGroup {
  @Field(() => AnalyticsGroupKey) key: AnalyticsGroupKey;
  @Field(() => Int, { description: 'Interactions that occurred inside the period' })
  interactionsLogged: number;
  @Field(() => Float, { nullable: true, description: 'Share of them logged at most 24 h after they occurred' })
  loggedWithin24hRate: number | null;
  @Field(() => Int, {
    description: "Of them, first contacts: each its customer's earliest interaction (the rest are follow-ups)",
  })
  firstContacts: number;
  @Field(() => Int, { description: 'Next actions (not cancelled) due inside the period' })
  actionsDue: number;
  @Field(() => Int, { description: 'Of those, completed at or before their due time' })
  actionsCompletedOnTime: number;
  @Field(() => Float, { nullable: true, description: 'actionsCompletedOnTime / actionsDue; null when none are due' })
  onTimeRate: number | null;
  @Field(() => Float, { nullable: true, description: 'Median hours from creation to completion of the completed ones' })
  medianHoursToComplete: number | null;
  @Field(() => Int, { description: 'Next actions open now and past due, whatever the period' })
  openOverdue: number;
}
