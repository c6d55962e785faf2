import { Directive, Field, Float, ID, Int, ObjectType } from 'type-graphql';

/**
 * The records subgraph's Customer, extended with figures from the analytics read model. The figures are
 * nullable: for a caller who may see no figures (AFTER_SALES) each is null with a FORBIDDEN error, while
 * the rest of the customer is served.
 */
@Directive('@key(fields: "id")')
@ObjectType('Customer')
export class CustomerFigures {
  @Field(() => ID) id: string;
  @Field(() => Float, { nullable: true, description: 'Fractional days since the transition into the current stage' })
  daysInCurrentStage: number | null;
  @Field(() => Int, { nullable: true }) interactionCount: number | null;
  @Field(() => Date, { nullable: true }) lastInteractionAt: Date | null;
  @Field(() => Int, { nullable: true, description: 'Next actions still open' }) openNextActions: number | null;
  @Field(() => Int, { nullable: true, description: 'Open next actions past their due time' }) overdueNextActions: number | null;
}

/** What the gateway's reference resolves to: the figures, or the customer's id alone for a caller who may not see them. */
export type CustomerFiguresRef = CustomerFigures | { id: string; withheld: true };
