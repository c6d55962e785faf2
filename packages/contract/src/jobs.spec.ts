import { DeliverWebhookJob, RouteReviewJob, SendEmailJob, SendReminderJob, WeeklyCycleJob } from './index';

describe('job payload contract', () => {
  it('accepts the payloads the workflow queues', () => {
    expect(RouteReviewJob.parse({ reviewId: 'r1', reviewVersion: 2 })).toEqual({ reviewId: 'r1', reviewVersion: 2 });
    expect(SendReminderJob.parse({ kind: 'due-soon', nextActionId: 'a1', dueEpochMs: 1711360800000 }).kind).toBe('due-soon');
    expect(WeeklyCycleJob.parse({ step: 'weekly-summary', teamId: 't1' }).step).toBe('weekly-summary');
    expect(DeliverWebhookJob.parse({ deliveryId: 'd1' })).toEqual({ deliveryId: 'd1' });
    expect(SendEmailJob.parse({ notificationId: 'n1' })).toEqual({ notificationId: 'n1' });
  });

  it('refuses malformed payloads', () => {
    expect(SendReminderJob.safeParse({ kind: 'later', nextActionId: 'a1', dueEpochMs: 1 }).success).toBe(false);
    expect(SendReminderJob.safeParse({ kind: 'overdue', nextActionId: '', dueEpochMs: 1 }).success).toBe(false);
    expect(RouteReviewJob.safeParse({ reviewId: 'r1', reviewVersion: 0 }).success).toBe(false);
    expect(WeeklyCycleJob.safeParse({ step: 'weekly-reminder' }).success).toBe(false);
  });
});
