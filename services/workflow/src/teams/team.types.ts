import { Directive, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { IsOptional, Length, Matches, Max, MaxLength, Min } from 'class-validator';

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A sales team: its manager reviews, its assistant archives' })
export class Team {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => ID, { nullable: true }) managerId: string | null;
  @Field(() => ID, { nullable: true }) assistantId: string | null;
  @Field({ description: 'IANA time zone, e.g. Asia/Shanghai' }) timezone: string;
  @Field({ description: 'End of the working day, HH:mm in the team time zone' }) workdayEnd: string;
  @Field(() => Int, { description: 'Minutes before a due time that the "due soon" reminder fires' })
  dueSoonLeadMinutes: number;
}

@InputType()
export class TeamInput {
  @Field(() => ID) @Length(1, 64) @Matches(/^[A-Za-z0-9_.-]+$/, { message: 'id: letters, digits, _ . - only' }) id: string;
  @Field() @Length(1, 200) name: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @MaxLength(128) managerId?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @MaxLength(128) assistantId?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(64) timezone?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'workdayEnd must be HH:mm' })
  workdayEnd?: string | null;
  @Field(() => Int, { nullable: true, description: 'Default 120 (2 h)' }) @IsOptional() @Min(0) @Max(10080)
  dueSoonLeadMinutes?: number | null;
}
