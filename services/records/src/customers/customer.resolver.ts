import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RecordsContext } from '../context';
import { findIndustry } from '../industries/industries';
import { Industry } from '../industries/industry.types';
import { CreateCustomerInput, CustomerFilter } from './customer.inputs';
import { toContact, toCustomer, toStageChange } from './customer.mapper';
import { encodeCursor } from './customer.service';
import { Contact, Customer, CustomerConnection, StageChange } from './customer.types';

@Resolver(() => Customer)
export class CustomerResolver {
  @Query(() => Customer, { nullable: true })
  async customer(@Arg('id', () => ID) id: string, @Ctx() ctx: RecordsContext): Promise<Customer> {
    return toCustomer(await ctx.services.customers.get(ctx.actor, id));
  }

  @Query(() => CustomerConnection)
  async customers(
    @Ctx() ctx: RecordsContext,
    @Arg('filter', () => CustomerFilter, { nullable: true }) filter?: CustomerFilter,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<CustomerConnection> {
    const page = await ctx.services.customers.list(ctx.actor, filter, first ?? 50, after ?? undefined);
    const edges = page.rows.map((row) => ({ cursor: encodeCursor(row), node: toCustomer(row) }));
    return {
      edges,
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
      totalCount: page.totalCount,
    };
  }

  @Mutation(() => Customer)
  async createCustomer(
    @Arg('input', () => CreateCustomerInput) input: CreateCustomerInput,
    @Ctx() ctx: RecordsContext,
  ): Promise<Customer> {
    return toCustomer(await ctx.services.customers.create(ctx.actor, input));
  }

  @FieldResolver(() => Industry)
  industry(@Root() customer: Customer): Industry {
    return findIndustry(customer.industryCode)!;
  }

  @FieldResolver(() => [Contact])
  async contacts(@Root() customer: Customer, @Ctx() ctx: RecordsContext): Promise<Contact[]> {
    return (await ctx.loaders.contacts.load(customer.id)).map(toContact);
  }

  @FieldResolver(() => [StageChange])
  async stageHistory(@Root() customer: Customer, @Ctx() ctx: RecordsContext): Promise<StageChange[]> {
    return (await ctx.loaders.stageHistory.load(customer.id)).map(toStageChange);
  }
}
