import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ForbiddenError } from '@salestrail/platform';
import { canSeeConfidentialFields } from '../common/access';
import type { RecordsContext } from '../context';
import { toCustomer } from '../customers/customer.mapper';
import { Customer } from '../customers/customer.types';
import { UserRef, userRef } from '../directory/user-ref.types';
import { ArchiveEntry, ArchivedRecord } from './archive.types';

@Resolver(() => ArchivedRecord)
export class ArchiveResolver {
  @Mutation(() => Customer, { description: 'Only after an approved review of the current version' })
  async archiveCustomer(@Arg('customerId', () => ID) customerId: string, @Ctx() ctx: RecordsContext): Promise<Customer> {
    return toCustomer(await ctx.services.archive.archive(ctx.actor, customerId));
  }

  @Mutation(() => [Customer], {
    description: 'Archives several approved customers in one step, all or none (at most 100); a refusal names the customer (extensions.customerId, field customerIds.<i>)',
  })
  async archiveCustomers(@Arg('customerIds', () => [ID]) customerIds: string[], @Ctx() ctx: RecordsContext): Promise<Customer[]> {
    return (await ctx.services.archive.archiveMany(ctx.actor, customerIds)).map(toCustomer);
  }

  @Query(() => [ArchiveEntry], {
    description:
      'The archive list: snapshots of customers the caller may read, newest first (default 50, at most 100); `search` finds codes containing it, ignoring case and full-width forms (2024-03-15 finds …_20240315)',
  })
  async archivedRecords(
    @Arg('search', () => String, { nullable: true }) search: string | null,
    @Arg('teamId', () => ID, { nullable: true }) teamId: string | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Ctx() ctx: RecordsContext,
    @Arg('after', () => ID, { nullable: true, description: 'The next page: the entries after this one (the id of the last entry of the page before)' })
    after?: string | null,
  ): Promise<ArchiveEntry[]> {
    return ctx.services.archive.list(ctx.actor, { search, teamId, first, after });
  }

  @Query(() => ArchivedRecord, { nullable: true, description: 'One archived snapshot by its id (null when the caller may not read its customer)' })
  async archivedRecord(@Arg('id', () => ID) id: string, @Ctx() ctx: RecordsContext): Promise<ArchivedRecord | null> {
    return ctx.services.archive.byId(ctx.actor, id);
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

  @FieldResolver(() => UserRef, { nullable: true, description: 'Who archived it, from the directory' })
  archiver(@Root() record: ArchivedRecord): UserRef {
    return userRef(record.archivedBy);
  }

  @FieldResolver(() => [UserRef], { description: 'Everyone the snapshot names by id (owner, interaction authors, action owners, stage changers, signer, reviewer), from the directory' })
  people(@Root() record: ArchivedRecord): UserRef[] {
    return peopleOf(record.snapshot).map(userRef);
  }

  @FieldResolver(() => String, { description: 'The snapshot as JSON, exactly as stored (not for MARKETING: it holds contact details and remarks)' })
  snapshot(@Root() record: ArchivedRecord, @Ctx() ctx: RecordsContext): string {
    if (!canSeeConfidentialFields(ctx.actor)) throw new ForbiddenError('The archived form holds contact details and remarks');
    return record.snapshot;
  }
}

@Resolver(() => ArchiveEntry)
export class ArchiveEntryResolver {
  @FieldResolver(() => UserRef, { nullable: true, description: 'Who archived it, from the directory' })
  archiver(@Root() entry: ArchiveEntry): UserRef {
    return userRef(entry.archivedBy);
  }
}

/** The user ids a stored snapshot names, each once. */
export function peopleOf(snapshot: string): string[] {
  const form = JSON.parse(snapshot) as {
    basics?: { ownerId?: string | null };
    interactions?: Array<{ authorId?: string | null }>;
    nextActions?: Array<{ ownerId?: string | null }>;
    stageHistory?: Array<{ byUserId?: string | null }>;
    signature?: { salespersonId?: string | null };
    review?: { reviewerId?: string | null };
  };
  const ids = [
    form.basics?.ownerId,
    ...(form.interactions ?? []).map((i) => i.authorId),
    ...(form.nextActions ?? []).map((a) => a.ownerId),
    ...(form.stageHistory ?? []).map((s) => s.byUserId),
    form.signature?.salespersonId,
    form.review?.reviewerId,
  ];
  return [...new Set(ids.filter((id): id is string => typeof id === 'string' && id.length > 0))];
}
