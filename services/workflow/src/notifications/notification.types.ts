import { Field, ID, ObjectType } from 'type-graphql';
import { NotificationKind } from './notification-kind';
import type { NotificationEntity } from './notification.entity';

@ObjectType({ description: 'Something a person should know or do; stored and readable' })
export class Notification {
  @Field(() => ID) id: string;
  @Field(() => NotificationKind) kind: NotificationKind;
  @Field() title: string;
  @Field() body: string;
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) readAt: Date | null;
  @Field(() => ID, { nullable: true }) customerId: string | null;
}

export function toNotification(row: NotificationEntity): Notification {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    createdAt: row.createdAt,
    readAt: row.readAt,
    customerId: row.customerId,
  };
}
