import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { IsOptional, MaxLength } from 'class-validator';
import { ACCESS_ACTIONS } from './access-log.service';

export const AccessAction = Object.fromEntries(ACCESS_ACTIONS.map((a) => [a, a])) as {
  [K in (typeof ACCESS_ACTIONS)[number]]: K;
};
registerEnumType(AccessAction, { name: 'AccessAction', description: 'What was done to a customer record' });

@ObjectType({ description: 'One read or hand-over of a customer record' })
export class AccessLogEntry {
  @Field(() => ID) id: string;
  @Field() at: Date;
  @Field(() => ID) userId: string;
  @Field() role: string;
  @Field(() => ID, { nullable: true }) teamId: string | null;
  @Field(() => AccessAction) action: keyof typeof AccessAction;
  @Field(() => ID) customerId: string;
  @Field(() => String, { nullable: true, description: "The customer's name now (null if the record no longer exists)" })
  customerName: string | null;
  @Field(() => String, { nullable: true }) requestId: string | null;
  @Field(() => String, { nullable: true, description: 'Details as JSON (e.g. the transfer target)' })
  detail: string | null;
}

@InputType()
export class AccessLogFilter {
  @Field(() => ID, { nullable: true }) @IsOptional() @MaxLength(64) customerId?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @MaxLength(128) userId?: string | null;
  @Field(() => AccessAction, { nullable: true }) action?: keyof typeof AccessAction | null;
  @Field(() => Date, { nullable: true }) from?: Date | null;
  @Field(() => Date, { nullable: true }) to?: Date | null;
}

export const ACCESS_LOG_DEFAULT_PAGE = 100;
