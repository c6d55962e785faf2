import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { DateScalar } from '@salestrail/platform';
import { ContactRole, CustomerKind, SalesStage, SourceChannel } from '../common/enums';
import { Industry } from '../industries/industry.types';

@ObjectType()
export class Contact {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => ContactRole) role: ContactRole;
  @Field(() => String, { nullable: true }) title: string | null;
  @Field(() => String, { nullable: true }) phone: string | null;
  @Field(() => String, { nullable: true }) email: string | null;
}

@ObjectType()
export class StageChange {
  @Field(() => SalesStage, { nullable: true }) from: SalesStage | null;
  @Field(() => SalesStage) to: SalesStage;
  @Field() at: Date;
  @Field(() => ID) byUserId: string;
  @Field(() => String, { nullable: true }) reason: string | null;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A customer and its whole sales-process record' })
export class Customer {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => CustomerKind) kind: CustomerKind;
  industryCode: string;
  @Field(() => Industry) industry?: Industry;
  @Field(() => SourceChannel) sourceChannel: SourceChannel;
  @Field(() => String, { nullable: true }) sourceDetail: string | null;
  @Field(() => DateScalar) firstContactDate: string;
  @Field(() => SalesStage) stage: SalesStage;
  @Field(() => String, { nullable: true }) terminationReason: string | null;
  @Field(() => ID) ownerId: string;
  @Field(() => ID) teamId: string;
  @Field(() => [Contact]) contacts?: Contact[];
  @Field(() => String, { nullable: true }) remarks: string | null;
  @Field(() => [StageChange], { description: 'Oldest first; the first entry is the creation' })
  stageHistory?: StageChange[];
  @Field(() => String, { nullable: true }) archiveCode: string | null;
  @Field(() => Int) version: number;
  @Field() createdAt: Date;
  @Field() updatedAt: Date;
}

@ObjectType()
export class CustomerEdge {
  @Field() cursor: string;
  @Field(() => Customer) node: Customer;
}

/** Shared with workflow's directory (`users`): both subgraphs page the same way. */
@Directive('@shareable')
@ObjectType()
export class PageInfo {
  @Field() hasNextPage: boolean;
  @Field(() => String, { nullable: true }) endCursor: string | null;
}

@ObjectType()
export class CustomerConnection {
  @Field(() => [CustomerEdge]) edges: CustomerEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
  @Field(() => Int) totalCount: number;
}
