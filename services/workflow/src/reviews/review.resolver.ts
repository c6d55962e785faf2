import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { WorkflowContext } from '../context';
import { messages, readerLocale, writeText } from '../i18n/texts';
import { CustomerRef, Review, ReviewDecision, ReviewFinding, ReviewStatus, WeeklySubmissionRecord, toReview, toWeeklySubmissionRecord } from './review.types';

@Resolver(() => Review)
export class ReviewResolver {
  @Mutation(() => [Review], { description: "Submits customers' records to the team manager (ADMIN fallback)" })
  async submitForReview(
    @Arg('customerIds', () => [ID]) customerIds: string[],
    @Arg('note', () => String, { nullable: true }) note: string | null,
    @Ctx() ctx: WorkflowContext,
  ): Promise<Review[]> {
    return (await ctx.services.reviews.submit(ctx.actor, customerIds, note)).map(toReview);
  }

  @Query(() => [Review], { description: "The caller's reviews to decide; PENDING unless a status is given" })
  async reviewQueue(
    @Arg('status', () => ReviewStatus, { nullable: true }) status: ReviewStatus | null,
    @Ctx() ctx: WorkflowContext,
  ): Promise<Review[]> {
    return (await ctx.services.reviews.queue(ctx.actor, status)).map(toReview);
  }

  @Query(() => [Review], {
    description: "The caller's own reviews (submitted by them or of customers they own), newest first; all statuses unless one is given (at most 500)",
  })
  async myReviews(
    @Arg('status', () => ReviewStatus, { nullable: true }) status: ReviewStatus | null,
    @Ctx() ctx: WorkflowContext,
  ): Promise<Review[]> {
    return (await ctx.services.reviews.mine(ctx.actor, status)).map(toReview);
  }

  @Query(() => [WeeklySubmissionRecord], {
    description:
      "The caller's records to submit this week (sent back and not resubmitted, or changed since Monday and not covered by a pending or approved review), sent back first, each with the completeness check's findings now (at most 200)",
  })
  async weeklySubmission(@Ctx() ctx: WorkflowContext): Promise<WeeklySubmissionRecord[]> {
    return (await ctx.services.reviews.weeklySubmission(ctx.actor)).map(toWeeklySubmissionRecord);
  }

  @Mutation(() => Review, { description: 'Approves or sends back a review (the assigned reviewer only)' })
  async decideReview(
    @Arg('id', () => ID) id: string,
    @Arg('decision', () => ReviewDecision) decision: ReviewDecision,
    @Arg('comments', () => String) comments: string,
    @Ctx() ctx: WorkflowContext,
  ): Promise<Review> {
    return toReview(await ctx.services.reviews.decide(ctx.actor, id, decision, comments));
  }

  @FieldResolver(() => CustomerRef)
  customer(@Root() review: Review): CustomerRef {
    return { id: review.customerId };
  }

  @FieldResolver(() => Review, { nullable: true, description: 'The review this resubmission answers, if the caller may see it' })
  async answers(@Root() review: Review, @Ctx() ctx: WorkflowContext): Promise<Review | null> {
    if (!review.answersReviewId) return null;
    const row = await ctx.loaders.review.load(review.answersReviewId);
    return row ? toReview(row) : null;
  }
}

@Resolver(() => CustomerRef)
export class CustomerReviewsResolver {
  @FieldResolver(() => [Review], { description: 'Reviews of this customer, newest first' })
  async reviews(@Root() customer: CustomerRef, @Ctx() ctx: WorkflowContext): Promise<Review[]> {
    return (await ctx.loaders.reviewsByCustomer.load(customer.id)).map(toReview);
  }

  @FieldResolver(() => Review, { nullable: true, description: 'The most recent submission' })
  async latestReview(@Root() customer: CustomerRef, @Ctx() ctx: WorkflowContext): Promise<Review | null> {
    const [latest] = await ctx.loaders.reviewsByCustomer.load(customer.id);
    return latest ? toReview(latest) : null;
  }
}

@Resolver(() => WeeklySubmissionRecord)
export class WeeklySubmissionRecordResolver {
  @FieldResolver(() => CustomerRef)
  customer(@Root() record: WeeklySubmissionRecord): CustomerRef {
    return { id: record.customerId };
  }
}

const LOCALE_ARG = { nullable: true, description: "zh-CN or en; the caller's language in the directory when not given" } as const;

@Resolver(() => ReviewFinding)
export class ReviewFindingResolver {
  @FieldResolver(() => String, { description: "What was found, in the caller's language (or `locale`), times in the team's time zone" })
  async message(
    @Root() finding: ReviewFinding,
    @Ctx() ctx: WorkflowContext,
    @Arg('locale', () => String, LOCALE_ARG) locale?: string | null,
  ): Promise<string> {
    if (!finding.text) return finding.storedMessage;
    return writeText(await readerLocale(ctx, locale), finding.text, { timeZone: finding.timeZone });
  }

  @FieldResolver(() => String, { description: "The code as people read it, in the caller's language (or `locale`)" })
  async codeLabel(
    @Root() finding: ReviewFinding,
    @Ctx() ctx: WorkflowContext,
    @Arg('locale', () => String, LOCALE_ARG) locale?: string | null,
  ): Promise<string> {
    return messages.enumLabel('ReviewFindingCode', finding.code, await readerLocale(ctx, locale));
  }
}
