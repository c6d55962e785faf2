import { createDataSource } from '@salestrail/platform';
import { TeamCalendarDayEntity } from './calendar/team-calendar.entity';
import { CustomerProjectionEntity, NextActionProjectionEntity } from './customers/customer-projection.entity';
import { UserEntity } from './directory/user.entity';
import { HandOverEntity } from './hand-overs/hand-over.entity';
import { workflowMigrations } from './migrations';
import { NotificationEntity } from './notifications/notification.entity';
import { ReviewEntity } from './reviews/review.entity';
import { TeamEntity } from './teams/team.entity';
import { WebhookDeliveryEntity, WebhookEntity } from './webhooks/webhook.entity';

export function createWorkflowDataSource(url: string, poolSize?: number) {
  return createDataSource({
    url,
    entities: [
      TeamEntity,
      TeamCalendarDayEntity,
      CustomerProjectionEntity,
      NextActionProjectionEntity,
      ReviewEntity,
      NotificationEntity,
      WebhookEntity,
      WebhookDeliveryEntity,
      UserEntity,
      HandOverEntity,
    ],
    migrations: workflowMigrations,
    poolSize,
    applicationName: 'salestrail-workflow',
  });
}
