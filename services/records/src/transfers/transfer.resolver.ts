import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { RecordsContext } from '../context';
import { toCustomer } from '../customers/customer.mapper';
import { Customer } from '../customers/customer.types';

@Resolver()
export class TransferResolver {
  @Mutation(() => [Customer], { description: 'Hand-over with open next actions; all or nothing' })
  async transferCustomers(
    @Arg('customerIds', () => [ID]) customerIds: string[],
    @Arg('toUserId', () => ID) toUserId: string,
    @Arg('reason', () => String) reason: string,
    @Ctx() ctx: RecordsContext,
    @Arg('toTeamId', () => ID, { nullable: true, description: "Defaults to the customer's team" }) toTeamId?: string | null,
  ): Promise<Customer[]> {
    const moved = await ctx.services.transfers.transfer(ctx.actor, customerIds, toUserId, toTeamId, reason);
    return moved.map(toCustomer);
  }
}
