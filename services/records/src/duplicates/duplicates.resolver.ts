import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { RecordsContext } from '../context';
import { toCustomer } from '../customers/customer.mapper';
import { Customer } from '../customers/customer.types';
import { PossibleDuplicate, SimilarCustomers } from './duplicates.types';

@Resolver(() => Customer)
export class CustomerDuplicatesResolver {
  @FieldResolver(() => [PossibleDuplicate], { description: 'Customers of other teams with the same name once folded (撞单)' })
  async possibleDuplicates(@Root() customer: Customer, @Ctx() ctx: RecordsContext): Promise<PossibleDuplicate[]> {
    return ctx.loaders.possibleDuplicates.load(customer.id);
  }
}

@Resolver(() => PossibleDuplicate)
export class PossibleDuplicateResolver {
  @FieldResolver(() => Customer, { nullable: true })
  async customer(@Root() duplicate: PossibleDuplicate, @Ctx() ctx: RecordsContext): Promise<Customer | null> {
    if (!duplicate.customerId) return null;
    const row = await ctx.loaders.customer.load(duplicate.customerId);
    return row ? toCustomer(row) : null;
  }
}

@Resolver()
export class SimilarCustomersResolver {
  @Query(() => SimilarCustomers, { description: 'Names like the one being typed: the caller’s own matches, and whether other teams have one' })
  async similarCustomers(
    @Arg('name', () => String) name: string,
    @Ctx() ctx: RecordsContext,
    @Arg('first', () => Int, { nullable: true, description: 'At most 20 (default 10)' }) first?: number | null,
  ): Promise<SimilarCustomers> {
    const found = await ctx.services.duplicates.similar(ctx.actor, name, first ?? 10);
    return {
      customers: found.customers.map((m) => ({ customer: toCustomer(m.customer), similarity: m.similarity })),
      inOtherTeams: found.inOtherTeams,
    };
  }
}
