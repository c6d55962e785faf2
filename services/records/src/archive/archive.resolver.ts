import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ForbiddenError } from '@salestrail/platform';
import { canSeeConfidentialFields } from '../common/access';
import type { RecordsContext } from '../context';
import { toCustomer } from '../customers/customer.mapper';
import { Customer } from '../customers/customer.types';
import { ArchivedRecord } from './archive.types';

@Resolver(() => ArchivedRecord)
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

  @Query(() => [ArchivedRecord], { description: 'Every frozen archive of a customer, newest first' })
  async archivedSnapshots(@Arg('customerId', () => ID) customerId: string, @Ctx() ctx: RecordsContext): Promise<ArchivedRecord[]> {
    return ctx.services.archive.snapshots(ctx.actor, customerId);
  }

  @Query(() => [Customer], {
    description: 'Customers whose latest review approved their current version and that are not archived under it, oldest approval first (at most 100)',
  })
  async customersToArchive(
    @Arg('teamId', () => ID, { nullable: true }) teamId: string | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Ctx() ctx: RecordsContext,
  ): Promise<Customer[]> {
    return (await ctx.services.archive.toArchive(ctx.actor, teamId, first)).map(toCustomer);
  }

  @FieldResolver(() => String, { description: 'The snapshot as JSON, exactly as stored (not for MARKETING: it holds contact details and remarks)' })
  snapshot(@Root() record: ArchivedRecord, @Ctx() ctx: RecordsContext): string {
    if (!canSeeConfidentialFields(ctx.actor)) throw new ForbiddenError('The archived form holds contact details and remarks');
    return record.snapshot;
  }
}
