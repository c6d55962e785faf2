import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { RecordsContext } from '../context';
import { toCustomer } from '../customers/customer.mapper';
import { Customer } from '../customers/customer.types';
import { ArchivedRecord } from './archive.types';

@Resolver()
export class ArchiveResolver {
  @Mutation(() => Customer, { description: 'Only after an approved review of the current version' })
  async archiveCustomer(@Arg('customerId', () => ID) customerId: string, @Ctx() ctx: RecordsContext): Promise<Customer> {
    return toCustomer(await ctx.services.archive.archive(ctx.actor, customerId));
  }

  @Query(() => ArchivedRecord, { nullable: true, description: 'The latest frozen archive of a customer' })
  async archivedSnapshot(
    @Arg('customerId', () => ID) customerId: string,
    @Ctx() ctx: RecordsContext,
  ): Promise<ArchivedRecord | null> {
    return ctx.services.archive.latestSnapshot(ctx.actor, customerId);
  }
}
