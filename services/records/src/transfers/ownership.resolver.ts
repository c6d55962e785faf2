import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RecordsContext } from '../context';
import { Customer } from '../customers/customer.types';
import { UserRef, userRef } from '../directory/user-ref.types';
import { Ownership, ownershipHistory } from './transfer.types';

@Resolver(() => Customer)
export class CustomerOwnershipResolver {
  @FieldResolver(() => [Ownership], { description: 'Who held the customer when, oldest first (from its transfers)' })
  async ownerHistory(@Root() customer: Customer, @Ctx() ctx: RecordsContext): Promise<Ownership[]> {
    return ownershipHistory(customer, await ctx.loaders.transfers.load(customer.id));
  }
}

@Resolver(() => Ownership)
export class OwnershipResolver {
  @FieldResolver(() => UserRef, { nullable: true, description: 'The owner of the period, from the directory' })
  owner(@Root() period: Ownership): UserRef {
    return userRef(period.ownerId);
  }
}
