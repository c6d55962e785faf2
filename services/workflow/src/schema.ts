import { buildFederatedSchema } from '@salestrail/platform';
import type { WorkflowContext } from './context';
import { NotificationResolver } from './notifications/notification.resolver';
import { ReconciliationResolver } from './reconciliation/reconciliation.resolver';
import { CustomerReviewsResolver, ReviewResolver } from './reviews/review.resolver';
import { toReview } from './reviews/review.types';
import { TeamResolver } from './teams/team.resolver';
import { WebhookResolver } from './webhooks/webhook.resolver';

export function buildWorkflowSchema() {
  return buildFederatedSchema({
    resolvers: [TeamResolver, ReviewResolver, CustomerReviewsResolver, NotificationResolver, WebhookResolver, ReconciliationResolver],
    referenceResolvers: {
      // The gateway asks for reviews of customers records returned: the reference is all we need.
      Customer: {
        __resolveReference(ref: { id: string }) {
          return { id: ref.id };
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
