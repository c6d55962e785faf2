import type { Producer } from './envelope';

/**
 * BullMQ queue names. They are part of the stored state in Redis: NEVER rename a released queue,
 * or jobs already waiting under the old name are orphaned. Add new names instead.
 */
export const QUEUES = {
  /** Domain events for the analytics read model. */
  analyticsEvents: 'events-analytics',
  /** Domain events for the workflow service (owners, next actions, teams). */
  workflowEvents: 'events-workflow',
  /** Domain events for the records service (review decisions). */
  recordsEvents: 'events-records',
  /** Review routing: assign a submitted review to its reviewer and notify. */
  reviewRouting: 'review-routing',
  /** Delayed next-action reminders (due soon, overdue, escalation). */
  reminders: 'reminders',
  /** The weekly Friday cycle per team. */
  weeklyCycle: 'weekly-cycle',
  /** Outbound notifications: webhooks and email. */
  notifications: 'notifications',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** Which consumer queues receive each producer's events. */
export const EVENT_SUBSCRIBERS: Record<Producer, readonly QueueName[]> = {
  records: [QUEUES.analyticsEvents, QUEUES.workflowEvents],
  workflow: [QUEUES.analyticsEvents, QUEUES.recordsEvents],
};
