import { Field, ID, InputType } from 'type-graphql';
import { IsOptional, MaxLength } from 'class-validator';
import { SourceChannel } from '../common/enums';

@InputType()
export class AnalyticsFilter {
  @Field(() => ID, { nullable: true }) @IsOptional() @MaxLength(128) teamId?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @MaxLength(128) ownerId?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(10) industryCode?: string;
  @Field(() => SourceChannel, { nullable: true }) sourceChannel?: SourceChannel;
}
