import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { NotificationKind } from '../notifications/notification-kind';
import type { EmailChannelCounts, EmailNotificationRow } from './email-channel.repository';

/** Where a notification's e-mail stands. */
export enum EmailState {
  /** Mailed (`emailed_at` set). */
  SENT = 'SENT',
  /** Not mailed, and never will be: the directory holds no address for the recipient, or they are deactivated. */
  NO_ADDRESS = 'NO_ADDRESS',
  /** Not mailed yet although the recipient has an address: queued, retrying, failed, or e-mail is off. */
  PENDING = 'PENDING',
}
registerEnumType(EmailState, { name: 'EmailState', description: 'Where a notification’s e-mail stands' });

@ObjectType({ description: 'The e-mail channel of notifications as the operator configured it, and how it did in the last 7 days (ADMIN)' })
export class EmailChannel {
  @Field({ description: 'SMTP_URL is set: notifications are e-mailed' }) enabled: boolean;
  @Field(() => String, { nullable: true, description: 'The sender (SMTP_FROM); null when e-mail is off' }) from: string | null;
  @Field(() => String, { nullable: true, description: 'Host and port of the SMTP server (never its user or password); null when e-mail is off' })
  smtpHost: string | null;
  @Field({ description: 'Start of the window the counts cover (7 days before now)' }) since: Date;
  @Field(() => Int, { description: 'Notifications of the window e-mailed' }) sent: number;
  @Field(() => Int, { description: 'Notifications of the window not e-mailed: the recipient has no address or is deactivated' })
  noAddress: number;
  @Field(() => Int, {
    description: 'Notifications of the window not e-mailed for more than 5 minutes although the recipient has an address (waiting or failed)',
  })
  pending: number;
}

@ObjectType({ description: 'A notification and its e-mail (ADMIN)' })
export class EmailNotification {
  @Field(() => ID, { description: 'The notification’s id' }) id: string;
  @Field(() => ID) recipientId: string;
  @Field(() => String, { nullable: true, description: 'The recipient’s name; null when the directory does not hold them' })
  recipientName: string | null;
  @Field(() => NotificationKind) kind: NotificationKind;
  @Field() title: string;
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) emailedAt: Date | null;
  @Field(() => EmailState) state: EmailState;
}

export function toEmailChannel(settings: { enabled: boolean; from: string | null; smtpHost: string | null }, since: Date, counts: EmailChannelCounts): EmailChannel {
  return { ...settings, since, ...counts };
}

export function toEmailNotification(row: EmailNotificationRow): EmailNotification {
  return {
    id: row.id,
    recipientId: row.recipientId,
    recipientName: row.recipientName,
    kind: row.kind,
    title: row.title,
    createdAt: row.createdAt,
    emailedAt: row.emailedAt,
    state: row.state as EmailState,
  };
}
