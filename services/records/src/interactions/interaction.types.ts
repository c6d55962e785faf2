import { Field, ID, Int, ObjectType } from 'type-graphql';
import { InteractionMethod } from '../common/enums';
import { PageInfo } from '../customers/customer.types';
import { NextAction } from '../next-actions/next-action.types';

@ObjectType({ description: 'One communication with the customer (沟通记录)' })
export class Interaction {
  @Field(() => ID) id: string;
  @Field(() => ID) customerId: string;
  @Field({ description: 'When it happened, to the minute' }) occurredAt: Date;
  @Field(() => InteractionMethod) method: InteractionMethod;
  @Field() summary: string;
  @Field(() => [String], {
    description: 'Speculative wording in the summary (可能, probably, …): summaries stay objective, inferences go to INFERRED needs',
  })
  speculativeTerms?: string[];
  @Field({ description: "The customer's earliest interaction: exactly one per customer (an earlier one logged later takes it over)" })
  isFirstContact: boolean;
  @Field({ description: 'Server time of logging' }) loggedAt: Date;
  @Field({ description: 'Logged more than 24 h after it happened' }) loggedLate: boolean;
  @Field(() => ID) authorId: string;
  nextActionId: string;
  @Field(() => NextAction) nextAction?: NextAction;
}

@ObjectType()
export class InteractionEdge {
  @Field() cursor: string;
  @Field(() => Interaction) node: Interaction;
}

@ObjectType()
export class InteractionConnection {
  @Field(() => [InteractionEdge]) edges: InteractionEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
  @Field(() => Int) totalCount: number;
}
