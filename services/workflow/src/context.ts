import DataLoader from 'dataloader';
import type { BaseContext } from '@salestrail/platform';
import type { TeamCalendarService } from './calendar/team-calendar.service';
import type { DirectoryService } from './directory/directory.service';
import type { EmailChannelService } from './email/email-channel.service';
import type { UserEntity } from './directory/user.entity';
import type { HandOverService } from './hand-overs/hand-over.service';
import type { NotificationService } from './notifications/notification.service';
import type { ReconciliationService } from './reconciliation/reconciliation.service';
import type { ReviewEntity } from './reviews/review.entity';
import type { ReviewService } from './reviews/review.service';
import type { TeamWeekService } from './team-week/team-week.service';
import type { TeamService } from './teams/team.service';
import type { WebhookService } from './webhooks/webhook.service';

export interface WorkflowServices {
  teams: TeamService;
  calendar: TeamCalendarService;
  reviews: ReviewService;
  notifications: NotificationService;
  webhooks: WebhookService;
  emailChannel: EmailChannelService;
  reconciliation: ReconciliationService;
  directory: DirectoryService;
  handOvers: HandOverService;
  teamWeek: TeamWeekService;
}

export interface WorkflowLoaders {
  /** Reviews per customer id the caller may read, newest first (batched across a gateway request). */
  reviewsByCustomer: DataLoader<string, ReviewEntity[]>;
  /** Reviews by id the caller may see (`Review.answers` of a list, in one query). */
  review: DataLoader<string, ReviewEntity | null>;
  /** People of the directory by id (every person a response names, in one query). */
  user: DataLoader<string, UserEntity | null>;
}

export interface WorkflowContext extends BaseContext {
  services: WorkflowServices;
  loaders: WorkflowLoaders;
}

/**
 * A request's context. The caller is added to the directory from their verified claims first if it does
 * not hold them yet (their first request), so `me` and every name of theirs resolve from then on.
 */
export async function createWorkflowContext(base: BaseContext, services: WorkflowServices): Promise<WorkflowContext> {
  await services.directory.ensureKnown(base.actor);
  return {
    ...base,
    services,
    loaders: {
      reviewsByCustomer: new DataLoader((ids: readonly string[]) => services.reviews.reviewsOfCustomers(base.actor, ids)),
      review: new DataLoader((ids: readonly string[]) => services.reviews.visibleByIds(base.actor, ids)),
      user: new DataLoader(async (ids: readonly string[]) => {
        const rows = await services.directory.byIds(ids);
        return ids.map((id) => rows.find((r) => r.id === id) ?? null);
      }),
    },
  };
}
