import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { WorkflowContext } from '../context';
import { Review } from '../reviews/review.types';
import { loadUser } from './load-user';
import { User } from './user.types';

/** The review's people by name (Review.submittedBy / reviewerId stay, as API.md names them). */
@Resolver(() => Review)
export class ReviewPeopleResolver {
  @FieldResolver(() => User, { nullable: true, description: 'Who submitted it; null when the directory does not hold them' })
  submitter(@Root() review: Review, @Ctx() ctx: WorkflowContext): Promise<User | null> {
    return loadUser(ctx, review.submittedBy);
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who decides it; null when the directory does not hold them' })
  reviewer(@Root() review: Review, @Ctx() ctx: WorkflowContext): Promise<User | null> {
    return loadUser(ctx, review.reviewerId);
  }
}
