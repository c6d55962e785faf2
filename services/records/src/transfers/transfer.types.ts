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
  @Field(() => ID, { nullable: true, description: "The hand-over (workflow's handOver) it was part of" }) handOverId: string | null;
}

@ObjectType({ description: 'Who held the customer, and when: from its creation (or a hand-over) until the next hand-over' })
export class Ownership {
  @Field(() => ID) ownerId: string;
  @Field(() => ID) teamId: string;
  @Field() since: Date;
  @Field(() => Date, { nullable: true, description: 'null: they hold it now' }) until: Date | null;
  @Field(() => String, { nullable: true, description: 'Why they received it (null for the first owner)' }) reason: string | null;
  @Field(() => ID, { nullable: true }) handOverId: string | null;
}

/** The owners of a customer over time, oldest first, from its creation and its transfers (oldest first). */
export function ownershipHistory(
  customer: { ownerId: string; teamId: string; createdAt: Date },
  transfers: readonly CustomerTransferEntity[],
): Ownership[] {
  const first = transfers[0];
  const periods: Ownership[] = [
    {
      ownerId: first?.fromOwnerId ?? customer.ownerId,
      teamId: first?.fromTeamId ?? customer.teamId,
      since: customer.createdAt,
      until: first?.at ?? null,
      reason: null,
      handOverId: null,
    },
  ];
  transfers.forEach((t, i) =>
    periods.push({
      ownerId: t.toOwnerId,
      teamId: t.toTeamId,
      since: t.at,
      until: transfers[i + 1]?.at ?? null,
      reason: t.reason,
      handOverId: t.handOverId,
    }),
  );
  return periods;
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
    handOverId: e.handOverId,
  };
}
