import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
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

  @FieldResolver(() => String, { description: 'The snapshot as JSON, exactly as stored (not for MARKETING: it holds contact details and remarks)' })
  snapshot(@Root() record: ArchivedRecord, @Ctx() ctx: RecordsContext): string {
    if (!canSeeConfidentialFields(ctx.actor)) throw new ForbiddenError('The archived form holds contact details and remarks');
    return record.snapshot;
  }
}
