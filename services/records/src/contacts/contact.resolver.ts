import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { ForbiddenError } from '@salestrail/platform';
import { canSeeConfidentialFields } from '../common/access';
import type { RecordsContext } from '../context';
import { ContactInput } from '../customers/customer.inputs';
import { toCustomer } from '../customers/customer.mapper';
import { Contact, Customer } from '../customers/customer.types';

@Resolver(() => Contact)
export class ContactResolver {
  @FieldResolver(() => String, { nullable: true, description: 'Not for MARKETING' })
  phone(@Root() contact: Contact, @Ctx() ctx: RecordsContext): string | null {
    if (!canSeeConfidentialFields(ctx.actor)) throw new ForbiddenError('Contact details are for the sales team only');
    return contact.phone;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Not for MARKETING' })
  email(@Root() contact: Contact, @Ctx() ctx: RecordsContext): string | null {
    if (!canSeeConfidentialFields(ctx.actor)) throw new ForbiddenError('Contact details are for the sales team only');
    return contact.email;
  }

  @Mutation(() => Customer, { description: 'Adds a contact; returns the customer with its new version' })
  async addContact(
    @Arg('customerId', () => ID) customerId: string,
    @Arg('input', () => ContactInput) input: ContactInput,
    @Ctx() ctx: RecordsContext,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number | null,
  ): Promise<Customer> {
    return toCustomer(await ctx.services.contacts.add(ctx.actor, customerId, input, expectedVersion));
  }

  @Mutation(() => Customer)
  async updateContact(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => ContactInput) input: ContactInput,
    @Ctx() ctx: RecordsContext,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number | null,
  ): Promise<Customer> {
    return toCustomer(await ctx.services.contacts.update(ctx.actor, id, input, expectedVersion));
  }

  @Mutation(() => Customer, { description: 'The last contact cannot be removed (CONFLICT LAST_CONTACT)' })
  async removeContact(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: RecordsContext,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number | null,
  ): Promise<Customer> {
    return toCustomer(await ctx.services.contacts.remove(ctx.actor, id, expectedVersion));
  }
}
