import { Field, Float, ID, ObjectType } from 'type-graphql';
import { Customer } from '../customers/customer.types';

@ObjectType({
  description:
    'A customer of another team whose name folds to the same (撞单). Sales reps and after-sales see only that it exists; ' +
    'the team is shown to managers, assistants, marketing and ADMIN; the customer to whoever may read it',
})
export class PossibleDuplicate {
  @Field(() => ID, { nullable: true, description: 'The other team; null for sales reps and after-sales' }) teamId: string | null;
  customerId: string | null;
  @Field(() => Customer, { nullable: true, description: 'The other customer, when the caller may read it' }) customer?: Customer | null;
}

@ObjectType({ description: 'An existing customer whose name is like the one being typed' })
export class SimilarCustomer {
  @Field(() => Customer) customer: Customer;
  @Field(() => Float, { description: 'Trigram similarity of the folded names, 0–1 (1: the same name once folded)' })
  similarity: number;
}

@ObjectType({ description: 'Existing names like a new one, before a near-duplicate is made' })
export class SimilarCustomers {
  @Field(() => [SimilarCustomer], { description: 'Customers the caller may read, most similar first' })
  customers: SimilarCustomer[];
  @Field({ description: 'Whether a team other than the caller’s has a customer with a name like it (no details)' })
  inOtherTeams: boolean;
}
