import { z } from 'zod';
import { ActorSchema } from './identity';

/*
 * Payloads of the BullMQ jobs (imperatives, `verb-noun`). Producer and worker both parse with these
 * schemas. Job ids are deterministic (see each schema) and never contain ':' (BullMQ refuses it).
 * Adding an optional field is compatible; renaming or removing one strands jobs already in Redis.
 */

const id = z.string().min(1);
/** Who caused the job (the acting identity of the request or event); absent for the system's own jobs. */
const actor = ActorSchema.optional();
/**
 * The request id of the work that added the job (platform's createQueue adds it), so the job's log lines
 * name the request that caused it; absent for the system's own jobs.
 */
const requestId = z.string().max(100).optional();

/** Queue `review-routing`, job `route-review`, id `route-review-<reviewId>-<reviewVersion>`. */
export const RouteReviewJob = z.object({
  reviewId: id,
  /** The review's version when it was (re)submitted; an older routing job is a no-op. */
  reviewVersion: z.number().int().positive(),
  actor,
  requestId,
});
export type RouteReviewJob = z.infer<typeof RouteReviewJob>;

export const REMINDER_KINDS = ['due-soon', 'overdue', 'escalate'] as const;
export const ReminderKindSchema = z.enum(REMINDER_KINDS);
export type ReminderKind = z.infer<typeof ReminderKindSchema>;

/**
 * Queue `reminders`, job `send-reminder`, id `reminder-<kind>-<nextActionId>-<dueEpochMs>`.
 * The handler re-checks that the action is still open and still due at `dueEpochMs`.
 */
export const SendReminderJob = z.object({
  kind: ReminderKindSchema,
  nextActionId: id,
  dueEpochMs: z.number().int(),
  actor,
  requestId,
});
export type SendReminderJob = z.infer<typeof SendReminderJob>;

export const WEEKLY_STEPS = ['weekly-reminder', 'weekly-summary'] as const;
export const WeeklyStepSchema = z.enum(WEEKLY_STEPS);
export type WeeklyStep = z.infer<typeof WeeklyStepSchema>;

/**
 * Queue `weekly-cycle`, job schedulers `weekly-reminder-<teamId>` (workday end − 2 h) and
 * `weekly-summary-<teamId>` (workday end), every day in the team's time zone; a run acts only on the
 * team's weekly deadline, the last working day of its week by the team calendar (usually Friday).
 */
export const WeeklyCycleJob = z.object({ step: WeeklyStepSchema, teamId: id, actor, requestId });
export type WeeklyCycleJob = z.infer<typeof WeeklyCycleJob>;

/** Queue `notifications`, job `deliver-webhook`, id `webhook-<deliveryId>` (replays: `-replay-<n>`). */
export const DeliverWebhookJob = z.object({ deliveryId: id, actor, requestId });
export type DeliverWebhookJob = z.infer<typeof DeliverWebhookJob>;

/** Queue `notifications`, job `send-email`, id `email-<notificationId>`. */
export const SendEmailJob = z.object({ notificationId: id, actor, requestId });
export type SendEmailJob = z.infer<typeof SendEmailJob>;

/** Job names per queue (the `name` BullMQ stores with each job). */
export const JOB_NAMES = {
  routeReview: 'route-review',
  sendReminder: 'send-reminder',
  weeklyReminder: 'weekly-reminder',
  weeklySummary: 'weekly-summary',
  deliverWebhook: 'deliver-webhook',
  sendEmail: 'send-email',
} as const;
