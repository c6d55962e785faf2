import { Field, ID, ObjectType } from 'type-graphql';
import type { CustomerTransferEntity } from './customer-transfer.entity';

@ObjectType({ description: 'A hand-over of the customer to another salesperson' })
export class CustomerTransfer {
  @Field(() => ID) fromOwnerId: string;
  @Field(() => ID) toOwnerId: string;
  @Field(() => ID) fromTeamId: string;
  @Field(() => ID) toTeamId: string;
  @Field() reason: string;
  @Field(() => [ID], { description: 'Open next actions that moved to the new owner' }) nextActionIds: string[];
  @Field() at: Date;
  @Field(() => ID) byUserId: string;
}

export function toCustomerTransfer(e: CustomerTransferEntity): CustomerTransfer {
  return {
    fromOwnerId: e.fromOwnerId,
    toOwnerId: e.toOwnerId,
    fromTeamId: e.fromTeamId,
    toTeamId: e.toTeamId,
    reason: e.reason,
    nextActionIds: e.nextActionIds,
    at: e.at,
    byUserId: e.byUserId,
  };
}
