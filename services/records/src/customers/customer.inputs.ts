import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import { ArrayMaxSize, ArrayMinSize, IsEmail, IsOptional, Length, MaxLength, ValidateNested } from 'class-validator';
import { DateScalar } from '@salestrail/platform';
import { ContactRole, CustomerKind, SalesStage, SourceChannel } from '../common/enums';

@InputType()
export class ContactInput {
  @Field() @Length(1, 100) name: string;
  @Field(() => ContactRole) role: ContactRole;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(100) title?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(40) phone?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(254) @IsEmail() email?: string | null;
}

@InputType()
export class CreateCustomerInput {
  @Field() @Length(1, 200) name: string;
  @Field(() => CustomerKind) kind: CustomerKind;
  @Field() @Length(1, 10) industryCode: string;
  @Field(() => SourceChannel) sourceChannel: SourceChannel;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(500) sourceDetail?: string | null;
  @Field(() => DateScalar) firstContactDate: string;
  @Field(() => [ContactInput]) @ArrayMinSize(1) @ArrayMaxSize(50) @ValidateNested({ each: true })
  contacts: ContactInput[];
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(5000) remarks?: string | null;
  @Field(() => ID, { nullable: true, description: 'Defaults to the caller' }) @IsOptional() @MaxLength(128)
  ownerId?: string | null;
}

@InputType({ description: 'Only the fields given change; null clears sourceDetail or remarks' })
export class UpdateCustomerInput {
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 200) name?: string | null;
  @Field(() => CustomerKind, { nullable: true }) @IsOptional() kind?: CustomerKind | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 10) industryCode?: string | null;
  @Field(() => SourceChannel, { nullable: true }) @IsOptional() sourceChannel?: SourceChannel | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(500) sourceDetail?: string | null;
  @Field(() => DateScalar, { nullable: true }) @IsOptional() firstContactDate?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(5000) remarks?: string | null;
}

@InputType()
export class CustomerFilter {
  @Field(() => SalesStage, { nullable: true }) stage?: SalesStage;
  @Field(() => ID, { nullable: true }) @IsOptional() @MaxLength(128) ownerId?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @MaxLength(128) teamId?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(10) industryCode?: string;
  @Field(() => SourceChannel, { nullable: true }) sourceChannel?: SourceChannel;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(200) search?: string;
  @Field(() => Boolean, { nullable: true }) hasOverdueActions?: boolean;
}

export enum CustomerOrderField {
  NAME = 'NAME',
  STAGE = 'STAGE',
  LAST_INTERACTION = 'LAST_INTERACTION',
  NEXT_ACTION_DUE = 'NEXT_ACTION_DUE',
  UPDATED = 'UPDATED',
  CREATED = 'CREATED',
}
registerEnumType(CustomerOrderField, {
  name: 'CustomerOrderField',
  description:
    'NAME; STAGE in the order of the stages (LEAD_TERMINATED last); LAST_INTERACTION: when the latest interaction occurred; NEXT_ACTION_DUE: the soonest open next action; UPDATED; CREATED',
});

export enum OrderDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(OrderDirection, { name: 'OrderDirection' });

@InputType({ description: 'Customers without an interaction or an open next action come last either way' })
export class CustomerOrder {
  @Field(() => CustomerOrderField) field: CustomerOrderField;
  @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC }) direction: OrderDirection;
}
