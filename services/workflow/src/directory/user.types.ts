import { Directive, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IsOptional, Length, MaxLength } from 'class-validator';
import { ROLES, enumObject, type LocaleValue, type Role as RoleValue } from '@salestrail/contract';
import { HandOver } from '../hand-overs/hand-over.types';
import { CustomerRef, Review } from '../reviews/review.types';
import type { UserEntity } from './user.entity';

export const Role = enumObject(ROLES);
registerEnumType(Role, { name: 'Role', description: 'What a person does in SalesTrail (the `role` claim of their token)' });

/**
 * A person of the directory. `email` and `phone` are field resolvers (only callers who may list the
 * person see them); `holdings` too (themself, ADMIN, their team's manager).
 */
@Directive('@key(fields: "id")')
@ObjectType({ description: "A person of the directory; the id is the identity provider's subject (`sub`)" })
export class User {
  @Field(() => ID) id: string;
  @Field() name: string;
  email: string | null;
  phone: string | null;
  @Field(() => String, { description: '`zh-CN` (default) or `en`' }) locale: LocaleValue;
  @Field(() => ID, { nullable: true }) teamId: string | null;
  @Field(() => Role) role: RoleValue;
  @Field({ description: 'False once deactivated: no longer named as an owner, no e-mail' }) active: boolean;
  @Field(() => Int) version: number;
  @Field() createdAt: Date;
  @Field() updatedAt: Date;
  @Field(() => Date, { nullable: true }) deactivatedAt: Date | null;
}

export function toUser(row: UserEntity): User {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    locale: row.locale,
    teamId: row.teamId,
    role: row.role,
    active: row.active,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    deactivatedAt: row.deactivatedAt,
  };
}

@ObjectType({ description: 'What a person still holds, as the workflow knows it (records learns first)' })
export class UserHoldings {
  @Field(() => Int, { description: 'Customers they own' }) customerCount: number;
  @Field(() => [CustomerRef], { description: 'The first 100 of those customers (by id)' }) customers: CustomerRef[];
  @Field(() => Int, { description: 'Open next actions they own, on any customer' }) openNextActionCount: number;
  @Field(() => [Review], { description: 'Pending reviews they submitted' }) pendingReviewsSubmitted: Review[];
  @Field(() => [Review], { description: 'Pending reviews they must decide' }) pendingReviewsToDecide: Review[];
}

@ObjectType()
export class UserEdge {
  @Field() cursor: string;
  @Field(() => User) node: User;
}

/** The same type as records' PageInfo (shareable). */
@Directive('@shareable')
@ObjectType()
export class PageInfo {
  @Field() hasNextPage: boolean;
  @Field(() => String, { nullable: true }) endCursor: string | null;
}

@ObjectType()
export class UserConnection {
  @Field(() => [UserEdge]) edges: UserEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
  @Field(() => Int) totalCount: number;
}

@InputType({ description: 'Which people: every given condition holds' })
export class UserFilter {
  @Field(() => ID, { nullable: true }) @IsOptional() @MaxLength(128) teamId?: string | null;
  @Field(() => Role, { nullable: true }) @IsOptional() role?: RoleValue | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() active?: boolean | null;
  @Field(() => String, { nullable: true, description: 'Part of the name, id or e-mail, any case' })
  @IsOptional()
  @MaxLength(100)
  search?: string | null;
}

@InputType({ description: 'A new person (ADMIN)' })
export class AddUserInput {
  @Field(() => ID, { description: "The identity provider's subject (`sub`)" }) @Length(1, 128) id: string;
  @Field() @Length(1, 200) name: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(254) email?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(32) phone?: string | null;
  @Field(() => String, { nullable: true, description: '`zh-CN` (default) or `en`' }) @IsOptional() @MaxLength(16)
  locale?: string | null;
  @Field(() => ID, { nullable: true, description: 'Required for SALES_REP, SALES_MANAGER and TEAM_ASSISTANT' })
  @IsOptional()
  @MaxLength(64)
  teamId?: string | null;
  @Field(() => Role) role: RoleValue;
}

@InputType({ description: 'Changes to a person (ADMIN): omitted fields stay, null clears email, phone and team' })
export class UpdateUserInput {
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 200) name?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(254) email?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(32) phone?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(16) locale?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @MaxLength(64) teamId?: string | null;
  @Field(() => Role, { nullable: true }) @IsOptional() role?: RoleValue | null;
}

@ObjectType({ description: 'A deactivated person, what they still held, and their hand-over when a successor was named' })
export class Deactivation {
  @Field(() => User) user: User;
  @Field(() => UserHoldings, { description: 'What they held when deactivated (before any hand-over moved it)' })
  holdings: UserHoldings;
  @Field(() => HandOver, { nullable: true }) handOver: HandOver | null;
}
