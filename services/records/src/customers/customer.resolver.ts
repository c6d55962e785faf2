import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ForbiddenError } from '@salestrail/platform';
import { canSeeConfidentialFields } from '../common/access';
import { selectedFieldNames } from '../common/selection';
import { NextActionStatus } from '../common/enums';
import type { RecordsContext } from '../context';
import { describeIndustry, toLocale } from '../industries/industries';
import { Industry } from '../industries/industry.types';
import { toInteraction } from '../interactions/interaction.mapper';
import { labelOf } from '../labels/enum-labels';
import { InteractionConnection } from '../interactions/interaction.types';
import { toNeed, toPainPoint } from '../needs/need.mapper';
import { Need, PainPoint } from '../needs/need.types';
import { toNextAction } from '../next-actions/next-action.mapper';
import { NextAction } from '../next-actions/next-action.types';
import { CustomerTransfer, toCustomerTransfer } from '../transfers/transfer.types';
import { CreateCustomerInput, CustomerFilter, CustomerOrder, UpdateCustomerInput } from './customer.inputs';
import { toContact, toCustomer, toStageChange } from './customer.mapper';
import { encodeCursor } from './customer.service';
import { Contact, Customer, CustomerConnection, StageChange } from './customer.types';

@Resolver(() => Customer)
export class CustomerResolver {
  @Query(() => Customer, { nullable: true })
  async customer(@Arg('id', () => ID) id: string, @Ctx() ctx: RecordsContext): Promise<Customer> {
    return toCustomer(await ctx.services.customers.read(ctx.actor, id, ctx.requestId));
  }

  @Query(() => CustomerConnection, { description: 'Newest first unless `orderBy` says otherwise; at most 100 per page' })
  async customers(
    @Ctx() ctx: RecordsContext,
    @Arg('filter', () => CustomerFilter, { nullable: true }) filter?: CustomerFilter,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'A cursor of the same `orderBy`' }) after?: string,
    @Info() info?: GraphQLResolveInfo,
    @Arg('orderBy', () => CustomerOrder, { nullable: true }) orderBy?: CustomerOrder | null,
  ): Promise<CustomerConnection> {
    const withCount = !info || selectedFieldNames(info).has('totalCount');
    const page = await ctx.services.customers.list(ctx.actor, filter ?? undefined, first ?? 50, after ?? undefined, withCount, orderBy);
    const edges = page.rows.map((row) => lazyEdge(() => page.cursorOf(row), toCustomer(row)));
    return {
      edges,
      pageInfo: lazyPageInfo(page.hasNextPage, edges),
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

  @Mutation(() => Customer, { description: 'A stale expectedVersion is CONFLICT and changes nothing' })
  async updateCustomer(
    @Arg('id', () => ID) id: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Arg('input', () => UpdateCustomerInput) input: UpdateCustomerInput,
    @Ctx() ctx: RecordsContext,
  ): Promise<Customer> {
    return toCustomer(await ctx.services.customers.update(ctx.actor, id, expectedVersion, input));
  }

  @FieldResolver(() => Industry)
  industry(
    @Root() customer: Customer,
    @Arg('locale', () => String, { nullable: true, description: 'zh-CN (default) or en' }) locale?: string | null,
  ): Industry {
    const found = describeIndustry(customer.industryCode, toLocale(locale));
    return (
      found ?? {
        code: customer.industryCode,
        section: customer.industryCode.slice(0, 1),
        sectionName: '',
        name: '',
        level: 'DIVISION',
        parentCode: null,
        divisionCode: null,
        pathCodes: [],
        pathNames: [],
        hasChildren: false,
      }
    );
  }

  @FieldResolver(() => String, { description: 'The stage as people read it: zh-CN (default) or en' })
  stageLabel(
    @Root() customer: Customer,
    @Arg('locale', () => String, { nullable: true }) locale?: string | null,
  ): string {
    return labelOf('SalesStage', customer.stage, toLocale(locale));
  }

  @FieldResolver(() => String, { nullable: true, description: 'Special requirements, risk warnings (not for MARKETING)' })
  remarks(@Root() customer: Customer, @Ctx() ctx: RecordsContext): string | null {
    if (!canSeeConfidentialFields(ctx.actor)) throw new ForbiddenError('Remarks are for the sales team only');
    return customer.remarks;
  }

  @FieldResolver(() => [Contact])
  async contacts(@Root() customer: Customer, @Ctx() ctx: RecordsContext): Promise<Contact[]> {
    return (await ctx.loaders.contacts.load(customer.id)).map(toContact);
  }

  @FieldResolver(() => [StageChange])
  async stageHistory(@Root() customer: Customer, @Ctx() ctx: RecordsContext): Promise<StageChange[]> {
    return (await ctx.loaders.stageHistory.load(customer.id)).map(toStageChange);
  }

  @FieldResolver(() => InteractionConnection, { description: 'Newest first (by occurredAt)' })
  async interactions(
    @Root() customer: Customer,
    @Ctx() ctx: RecordsContext,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Info() info?: GraphQLResolveInfo,
  ): Promise<InteractionConnection> {
    const withCount = !info || selectedFieldNames(info).has('totalCount');
    const page = await ctx.loaders.interactions.load({ customerId: customer.id, first: first ?? 20, after: after ?? null, withCount });
    const edges = page.rows.map((row) => lazyCursorEdge({ createdAt: row.occurredAt, id: row.id }, toInteraction(row)));
    return {
      edges,
      pageInfo: lazyPageInfo(page.hasNextPage, edges),
      totalCount: page.totalCount,
    };
  }

  @FieldResolver(() => [Need], { description: 'Active needs, oldest first' })
  async needs(@Root() customer: Customer, @Ctx() ctx: RecordsContext): Promise<Need[]> {
    return (await ctx.loaders.needs.load(customer.id)).map(toNeed);
  }

  @FieldResolver(() => [PainPoint], { description: 'Active pain points, oldest first' })
  async painPoints(@Root() customer: Customer, @Ctx() ctx: RecordsContext): Promise<PainPoint[]> {
    return (await ctx.loaders.painPoints.load(customer.id)).map(toPainPoint);
  }

  @FieldResolver(() => [NextAction], { description: 'Oldest first; all statuses unless one is given' })
  async nextActions(
    @Root() customer: Customer,
    @Ctx() ctx: RecordsContext,
    @Arg('status', () => NextActionStatus, { nullable: true }) status?: NextActionStatus | null,
  ): Promise<NextAction[]> {
    const now = new Date();
    // Filtered in SQL: a dashboard asking for the OPEN ones does not load every action ever planned.
    const actions = status ? await ctx.loaders.nextActionsWithStatus.load({ customerId: customer.id, status }) : await ctx.loaders.nextActionsOf.load(customer.id);
    return actions.map((a) => toNextAction(a, now));
  }

  @FieldResolver(() => [CustomerTransfer], { description: 'Hand-overs, oldest first' })
  async transfers(@Root() customer: Customer, @Ctx() ctx: RecordsContext): Promise<CustomerTransfer[]> {
    return (await ctx.loaders.transfers.load(customer.id)).map(toCustomerTransfer);
  }
}

/** An edge whose cursor is encoded only if the query reads it. */
function lazyEdge<T>(cursorOf: () => string, node: T): { readonly cursor: string; node: T } {
  return {
    get cursor() {
      return cursorOf();
    },
    node,
  };
}

/** An edge whose cursor is encoded only if the query reads it (dashboards rarely do, for 50 rows a page). */
function lazyCursorEdge<T>(key: { createdAt: Date; id: string }, node: T): { readonly cursor: string; node: T } {
  return {
    get cursor() {
      return encodeCursor(key);
    },
    node,
  };
}

function lazyPageInfo(hasNextPage: boolean, edges: ReadonlyArray<{ readonly cursor: string }>): { hasNextPage: boolean; readonly endCursor: string | null } {
  return {
    hasNextPage,
    get endCursor() {
      return edges.at(-1)?.cursor ?? null;
    },
  };
}
