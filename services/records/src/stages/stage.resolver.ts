import { Arg, Ctx, ID, Int, Mutation, Resolver } from 'type-graphql';
import { SalesStage } from '../common/enums';
import type { RecordsContext } from '../context';
import { toCustomer } from '../customers/customer.mapper';
import { Customer } from '../customers/customer.types';

@Resolver()
export class StageResolver {
  @Mutation(() => Customer, { description: 'Any move between different stages; LEAD_TERMINATED needs a reason' })
  async changeStage(
    @Arg('customerId', () => ID) customerId: string,
    @Arg('to', () => SalesStage) to: SalesStage,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Ctx() ctx: RecordsContext,
    @Arg('reason', () => String, { nullable: true }) reason?: string | null,
  ): Promise<Customer> {
    return toCustomer(await ctx.services.stages.changeStage(ctx.actor, customerId, to, reason, expectedVersion));
  }
}
