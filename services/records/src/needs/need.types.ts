import { Field, ID, ObjectType } from 'type-graphql';
import { NeedKind } from '../common/enums';

@ObjectType({ description: 'One state of a need or pain point: RECORDED, UPDATED or RETIRED' })
export class NeedRevision {
  @Field() change: string;
  @Field(() => NeedKind) kind: NeedKind;
  @Field() description: string;
  @Field(() => String, { nullable: true }) reason: string | null;
  @Field() at: Date;
  @Field(() => ID) byUserId: string;
}

@ObjectType({ description: 'A customer need (客户需求关键点): explicit or inferred' })
export class Need {
  @Field(() => ID) id: string;
  @Field(() => NeedKind) kind: NeedKind;
  @Field() description: string;
  @Field(() => ID, { nullable: true }) interactionId: string | null;
  @Field() active: boolean;
  @Field(() => Date, { nullable: true }) retiredAt: Date | null;
  @Field() createdAt: Date;
  @Field(() => [NeedRevision], { description: 'Oldest first' }) history?: NeedRevision[];
}

@ObjectType()
export class PainPointRevision {
  @Field() change: string;
  @Field() description: string;
  @Field(() => [ID]) needIds: string[];
  @Field(() => String, { nullable: true }) reason: string | null;
  @Field() at: Date;
  @Field(() => ID) byUserId: string;
}

@ObjectType({ description: 'A pain point (客户痛点), corresponding to at least one need' })
export class PainPoint {
  @Field(() => ID) id: string;
  @Field() description: string;
  @Field(() => [ID]) needIds: string[];
  @Field(() => ID, { nullable: true }) interactionId: string | null;
  @Field() active: boolean;
  @Field(() => Date, { nullable: true }) retiredAt: Date | null;
  @Field() createdAt: Date;
  @Field(() => [PainPointRevision], { description: 'Oldest first' }) history?: PainPointRevision[];
}
