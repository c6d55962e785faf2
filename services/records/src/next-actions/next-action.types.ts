import { Field, ID, Int, ObjectType } from 'type-graphql';
import { NextActionStatus } from '../common/enums';

@ObjectType({ description: 'The next action plan after a communication (下一步行动计划)' })
export class NextAction {
  @Field(() => ID) id: string;
  @Field(() => ID) customerId: string;
  @Field(() => ID, { nullable: true }) interactionId: string | null;
  @Field() content: string;
  @Field(() => ID) ownerId: string;
  @Field() dueAt: Date;
  @Field(() => NextActionStatus) status: NextActionStatus;
  @Field(() => Date, { nullable: true }) completedAt: Date | null;
  @Field(() => String, { nullable: true }) completionNote: string | null;
  @Field(() => Date, { nullable: true }) cancelledAt: Date | null;
  @Field(() => String, { nullable: true }) cancelReason: string | null;
  @Field(() => Int) rescheduleCount: number;
  @Field(() => String, { nullable: true }) lastRescheduleReason: string | null;
  @Field({ description: 'OPEN and past its deadline' }) overdue: boolean;
  @Field() createdAt: Date;
}
