import { Field, ID, InputType, Int } from 'type-graphql';
import { ArrayMaxSize, IsOptional, Length, MaxLength, ValidateNested } from 'class-validator';
import { InteractionMethod, NeedKind } from '../common/enums';

@InputType()
export class NeedInput {
  @Field(() => NeedKind) kind: NeedKind;
  @Field() @Length(1, 1000) description: string;
}

@InputType({ description: 'A pain point must correspond to at least one need: by index into this input\'s needs, or by id' })
export class PainPointInput {
  @Field() @Length(1, 1000) description: string;
  @Field(() => [Int], { nullable: true }) @IsOptional() @ArrayMaxSize(50) needIndexes?: number[] | null;
  @Field(() => [ID], { nullable: true }) @IsOptional() @ArrayMaxSize(50) @MaxLength(64, { each: true })
  needIds?: string[] | null;
}

@InputType()
export class NextActionInput {
  @Field({ description: 'The concrete action ("发送产品详细参数表至客户邮箱", not "跟进客户")' })
  @Length(1, 1000)
  content: string;
  @Field(() => ID, { nullable: true, description: "Who will do it; defaults to the customer's owner" })
  @IsOptional()
  @MaxLength(128)
  ownerId?: string | null;
  @Field({ description: 'The deadline; after occurredAt' }) dueAt: Date;
}

@InputType()
export class LogInteractionInput {
  @Field(() => ID) @MaxLength(64) customerId: string;
  @Field({ description: 'When it happened (kept to the minute); not in the future' }) occurredAt: Date;
  @Field(() => InteractionMethod) method: InteractionMethod;
  @Field({ description: 'Objective summary: needs/questions, what was presented, what was agreed' })
  @Length(1, 5000)
  summary: string;
  @Field(() => [NeedInput], { nullable: true }) @IsOptional() @ArrayMaxSize(50) @ValidateNested({ each: true })
  needs?: NeedInput[] | null;
  @Field(() => [PainPointInput], { nullable: true }) @IsOptional() @ArrayMaxSize(50) @ValidateNested({ each: true })
  painPoints?: PainPointInput[] | null;
  @Field(() => NextActionInput) @ValidateNested() nextAction: NextActionInput;
}
