import { Field, ObjectType } from 'type-graphql';
import { CustomerFigures } from '../customers/customer-figures.types';

@ObjectType({
  description: 'A customer counted as entered in a stage of conversionFunnel, with what became of it',
})
export class FunnelStageCustomer {
  @Field(() => CustomerFigures, {
    nullable: true,
    description:
      'Null when the caller may not read the record itself (handed to another team since, for instance)',
  })
  customer: { id: string };
  @Field(() => Date, {
    description: "The customer's first transition into the stage inside the period (its entry)",
  })
  enteredAt: Date;
  @Field({ description: 'Counted in `advanced`: moved to a stage ordered after it since the entry' })
  advanced: boolean;
  @Field({ description: 'Counted in `terminated`: moved from the stage to LEAD_TERMINATED since the entry' })
  terminated: boolean;
}
