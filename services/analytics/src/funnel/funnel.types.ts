import { Field, Float, Int, ObjectType } from 'type-graphql';
import { SalesStage } from '../common/enums';
import { AnalyticsGroupKey } from '../common/group-key.types';

@ObjectType({ description: 'Conversion figures of one stage in a period' })
export class FunnelStage {
  @Field(() => SalesStage) stage: SalesStage;
  @Field(() => Int, { description: 'Distinct customers with a transition into the stage inside the period' })
  entered: number;
  @Field(() => Int, { description: 'Of those, customers that later moved to a stage ordered after it' })
  advanced: number;
  @Field(() => Int, { description: 'Of those, customers that later moved from it to LEAD_TERMINATED' })
  terminated: number;
  @Field(() => Float, { nullable: true, description: 'advanced / entered; null when entered is 0' })
  conversionRate: number | null;
  @Field(() => Float, { nullable: true, description: 'Median days spent in the stage by the moves out of it inside the period' })
  medianDaysInStage: number | null;
}

@ObjectType({ description: 'The funnel of one group' })
export class FunnelGroup {
  @Field(() => AnalyticsGroupKey) key: AnalyticsGroupKey;
  @Field(() => [FunnelStage]) stages: FunnelStage[];
  @Field(() => Float, { nullable: true, description: 'W / (W + L); null when W + L is 0' })
  winRate: number | null;
}
