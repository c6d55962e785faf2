import { Directive, Field, Float, ID, Int, ObjectType } from 'type-graphql';

/** The records subgraph's Customer, extended with figures from the analytics read model. */
@Directive('@key(fields: "id")')
@ObjectType('Customer')
export class CustomerFigures {
  @Field(() => ID) id: string;
  @Field(() => Float, { nullable: true, description: 'Fractional days since the transition into the current stage' })
  daysInCurrentStage: number | null;
  @Field(() => Int) interactionCount: number;
  @Field(() => Date, { nullable: true }) lastInteractionAt: Date | null;
  @Field(() => Int, { description: 'Next actions still open' }) openNextActions: number;
  @Field(() => Int, { description: 'Open next actions past their due time' }) overdueNextActions: number;
}
