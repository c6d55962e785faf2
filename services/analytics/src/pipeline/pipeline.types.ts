import { Field, Int, ObjectType } from 'type-graphql';
import { SalesStage } from '../common/enums';

@ObjectType({ description: 'Customers currently in one stage' })
export class PipelineStage {
  @Field(() => SalesStage) stage: SalesStage;
  @Field(() => Int) count: number;
}
