import { registerEnumType } from 'type-graphql';

export const NOTIFICATION_KINDS = [
  'NEXT_ACTION_DUE_SOON',
  'NEXT_ACTION_OVERDUE',
  'NEXT_ACTION_ESCALATED',
  'REVIEW_REQUESTED',
  'REVIEW_DECIDED',
  /** A review was approved: to the team's assistant, who archives the record (form step 6). */
  'REVIEW_APPROVED_TO_ARCHIVE',
  'WEEKLY_SUBMISSION_DUE',
  'WEEKLY_MISSING_SUBMISSIONS',
  /** What a leaver held was handed over: to the successor. */
  'HAND_OVER_RECEIVED',
  /** A customer reached DEAL_SIGNING or AFTER_SALES: to the team's after-sales people (directory). */
  'CUSTOMER_HANDED_TO_AFTER_SALES',
  /** A customer was recorded with the name of another team's customer (撞单): to both teams' managers. */
  'POSSIBLE_DUPLICATE_CUSTOMER',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export const NotificationKind = Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, k])) as {
  [K in NotificationKind]: K;
};
registerEnumType(NotificationKind, { name: 'NotificationKind' });
