import { Field, ID, Int, ObjectType } from 'type-graphql';
import { NextActionStatus } from '../common/enums';
import { PageInfo } from '../customers/customer.types';

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

@ObjectType()
export class NextActionEdge {
  @Field() cursor: string;
  @Field(() => NextAction) node: NextAction;
}

@ObjectType({ description: "How many of the listed open actions fall in each part of the caller's week (in the given time zone)" })
export class NextActionCounts {
  @Field(() => Int, { description: 'Past their deadline' }) overdue: number;
  @Field(() => Int, { description: 'Due later today' }) today: number;
  @Field(() => Int, { description: 'Due after today and by Sunday 24:00 (Monday-first weeks)' }) thisWeek: number;
  @Field(() => Int, { description: 'Due after this week' }) later: number;
}

@ObjectType()
export class NextActionConnection {
  @Field(() => [NextActionEdge]) edges: NextActionEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
  @Field(() => Int) totalCount: number;
  @Field(() => NextActionCounts) counts: NextActionCounts;
}
