import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { HandOverEntity, HandOverStatusValue } from './hand-over.entity';

export const HandOverStatus = { RUNNING: 'RUNNING', COMPLETED: 'COMPLETED' } as const;
registerEnumType(HandOverStatus, {
  name: 'HandOverStatus',
  description: 'RUNNING until records has moved every customer and open next action',
});

@ObjectType({ description: 'Everything one person held, handed over to a successor' })
export class HandOver {
  @Field(() => ID) id: string;
  @Field(() => ID) fromUserId: string;
  @Field(() => ID) toUserId: string;
  @Field(() => ID, { nullable: true, description: "Only this team's records (a manager's hand-over); null: every team" })
  scopeTeamId: string | null;
  @Field() reason: string;
  @Field(() => HandOverStatus) status: HandOverStatusValue;
  @Field(() => ID) requestedById: string;
  @Field() requestedAt: Date;
  @Field(() => Int, { description: 'Pending reviews moved (submitted by or to be decided by the person)' }) reviewsMoved: number;
  @Field(() => Int, { nullable: true, description: 'Customers moved; null while running' }) customersMoved: number | null;
  @Field(() => Int, { nullable: true, description: 'Open next actions moved (with their customers or alone); null while running' })
  nextActionsMoved: number | null;
  @Field(() => Date, { nullable: true }) completedAt: Date | null;
}

export function toHandOver(row: HandOverEntity): HandOver {
  return {
    id: row.id,
    fromUserId: row.fromUserId,
    toUserId: row.toUserId,
    scopeTeamId: row.scopeTeamId,
    reason: row.reason,
    status: row.status,
    requestedById: row.requestedBy,
    requestedAt: row.requestedAt,
    reviewsMoved: row.reviewsMoved,
    customersMoved: row.customersMoved,
    nextActionsMoved: row.nextActionsMoved,
    completedAt: row.completedAt,
  };
}
