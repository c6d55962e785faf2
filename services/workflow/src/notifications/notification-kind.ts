import { registerEnumType } from 'type-graphql';

export const NOTIFICATION_KINDS = [
  'NEXT_ACTION_DUE_SOON',
  'NEXT_ACTION_OVERDUE',
  'NEXT_ACTION_ESCALATED',
  'REVIEW_REQUESTED',
  'REVIEW_DECIDED',
  'WEEKLY_SUBMISSION_DUE',
  'WEEKLY_MISSING_SUBMISSIONS',
  'HAND_OVER_RECEIVED',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export const NotificationKind = Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, k])) as {
  [K in NotificationKind]: K;
};
registerEnumType(NotificationKind, { name: 'NotificationKind' });
