import { FieldResolver, Resolver, Root } from 'type-graphql';
import { Customer } from '../customers/customer.types';
import { Interaction } from '../interactions/interaction.types';
import { NextAction } from '../next-actions/next-action.types';
import { UserRef, userRef } from './user-ref.types';

/*
 * The people on a record by name: each `…Id` field stays (API.md names them) and gains a `User` that
 * the gateway resolves from workflow's directory. Null when the directory does not hold the person.
 */

@Resolver(() => Customer)
export class CustomerPeopleResolver {
  @FieldResolver(() => UserRef, { nullable: true, description: 'The owner (负责人), from the directory' })
  owner(@Root() customer: Customer): UserRef {
    return userRef(customer.ownerId);
  }
}

@Resolver(() => NextAction)
export class NextActionPeopleResolver {
  @FieldResolver(() => UserRef, { nullable: true, description: 'Who will do it (负责人), from the directory' })
  owner(@Root() action: NextAction): UserRef {
    return userRef(action.ownerId);
  }
}

@Resolver(() => Interaction)
export class InteractionPeopleResolver {
  @FieldResolver(() => UserRef, { nullable: true, description: 'Who logged it, from the directory' })
  author(@Root() interaction: Interaction): UserRef {
    return userRef(interaction.authorId);
  }
}
