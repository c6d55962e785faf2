import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { RecordsContext } from '../context';
import { Customer } from '../customers/customer.types';
import { UserRef, userRef } from '../directory/user-ref.types';
import { RecordChange, RecordChanges } from './record-change.types';

@Resolver(() => Customer)
export class CustomerChangesResolver {
  @FieldResolver(() => RecordChanges, {
    description:
      'What changed since the last approved review (of a version up to `upToVersion`, default the current one), oldest first: what a reviewer compares',
  })
  changesSinceApproval(
    @Root() customer: Customer,
    @Ctx() ctx: RecordsContext,
    @Arg('upToVersion', () => Int, { nullable: true, description: 'e.g. the version a pending review covers' }) upToVersion?: number | null,
  ): Promise<RecordChanges> {
    return ctx.services.changes.sinceApproval(customer, upToVersion);
  }
}

@Resolver(() => RecordChange)
export class RecordChangePeopleResolver {
  @FieldResolver(() => UserRef, { nullable: true, description: 'Who made it, from the directory' })
  by(@Root() change: RecordChange): UserRef {
    return userRef(change.byUserId);
  }
}
