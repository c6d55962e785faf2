import DataLoader from 'dataloader';
import type { BaseContext } from '@salestrail/platform';
import type { NotificationService } from './notifications/notification.service';
import type { ReconciliationService } from './reconciliation/reconciliation.service';
import type { ReviewEntity } from './reviews/review.entity';
import type { ReviewService } from './reviews/review.service';
import type { SeenActors } from './hand-over/seen-actors';
import type { TeamService } from './teams/team.service';
import type { WebhookService } from './webhooks/webhook.service';

export interface WorkflowServices {
  teams: TeamService;
  reviews: ReviewService;
  notifications: NotificationService;
  webhooks: WebhookService;
  reconciliation: ReconciliationService;
  seenActors: SeenActors;
}

export interface WorkflowLoaders {
  /** Reviews per customer id the caller may read, newest first (batched across a gateway request). */
  reviewsByCustomer: DataLoader<string, ReviewEntity[]>;
}

export interface WorkflowContext extends BaseContext {
  services: WorkflowServices;
  loaders: WorkflowLoaders;
}

/** A request's context; its caller is recorded among the people workflow has seen (after-sales hand-over). */
export async function createWorkflowContext(base: BaseContext, services: WorkflowServices): Promise<WorkflowContext> {
  await services.seenActors.recordCaller(base.actor).catch((err: unknown) => base.logger.warn({ err }, 'recording the caller failed'));
  return {
    ...base,
    services,
    loaders: {
      reviewsByCustomer: new DataLoader((ids: readonly string[]) => services.reviews.reviewsOfCustomers(base.actor, ids)),
    },
  };
}
