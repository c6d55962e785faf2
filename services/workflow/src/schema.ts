import { buildFederatedSchema } from '@salestrail/platform';
import { TeamCalendarResolver, TeamDeadlineResolver } from './calendar/team-calendar.resolver';
import type { WorkflowContext } from './context';
import { ReviewPeopleResolver } from './directory/review-people.resolver';
import { TeamPeopleResolver } from './directory/team-people.resolver';
import { UserResolver } from './directory/user.resolver';
import { toUser } from './directory/user.types';
import { EmailChannelResolver } from './email/email-channel.resolver';
import { HandOverResolver } from './hand-overs/hand-over.resolver';
import { NotificationResolver } from './notifications/notification.resolver';
import { ReconciliationResolver } from './reconciliation/reconciliation.resolver';
import { CustomerReviewsResolver, ReviewFindingResolver, ReviewResolver, WeeklySubmissionRecordResolver } from './reviews/review.resolver';
import { toReview } from './reviews/review.types';
import { TeamWeekPersonResolver, TeamWeekResolver } from './team-week/team-week.resolver';
import { TeamResolver } from './teams/team.resolver';
import { WebhookDeliveryResolver, WebhookResolver } from './webhooks/webhook.resolver';

export function buildWorkflowSchema() {
  return buildFederatedSchema({
    resolvers: [
      TeamResolver,
      TeamCalendarResolver,
      TeamDeadlineResolver,
      ReviewResolver,
      CustomerReviewsResolver,
      WeeklySubmissionRecordResolver,
      ReviewFindingResolver,
      NotificationResolver,
      WebhookResolver,
      WebhookDeliveryResolver,
      ReconciliationResolver,
      UserResolver,
      ReviewPeopleResolver,
      TeamPeopleResolver,
      HandOverResolver,
      TeamWeekResolver,
      TeamWeekPersonResolver,
      EmailChannelResolver,
    ],
    referenceResolvers: {
      // The gateway asks for reviews of customers records returned: the reference is all we need.
      Customer: {
        __resolveReference(ref: { id: string }) {
          return { id: ref.id };
        },
      },
      // Records names people by reference (Customer.owner, NextAction.owner, Interaction.author): one
      // query for all of them per gateway request; a person the directory does not hold resolves to null.
      User: {
        async __resolveReference(ref: { id: string }, ctx: WorkflowContext) {
          const row = await ctx.loaders.user.load(ref.id);
          return row ? toUser(row) : null;
        },
      },
      Review: {
        async __resolveReference(ref: { id: string }, ctx: WorkflowContext) {
          const row = await ctx.services.reviews.byId(ctx.actor, ref.id);
          return row ? toReview(row) : null;
        },
      },
    },
  });
}
