import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IsOptional, Length, MaxLength } from 'class-validator';
import type { WebhookDeliveryEntity, WebhookEntity } from './webhook.entity';

export enum WebhookDeliveryStatus {
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  FAILED = 'FAILED',
}
registerEnumType(WebhookDeliveryStatus, { name: 'WebhookDeliveryStatus' });

@ObjectType({ description: "A team's outbound webhook: every notification of the team is POSTed to it, signed" })
export class Webhook {
  @Field(() => ID) id: string;
  @Field(() => ID) teamId: string;
  @Field() url: string;
  @Field() active: boolean;
  @Field() createdAt: Date;
  @Field() updatedAt: Date;
}

@ObjectType()
export class WebhookDelivery {
  @Field(() => ID) id: string;
  @Field(() => ID) webhookId: string;
  @Field(() => ID) teamId: string;
  @Field(() => ID) notificationId: string;
  @Field() url: string;
  @Field(() => WebhookDeliveryStatus) status: WebhookDeliveryStatus;
  @Field(() => Int) attempts: number;
  @Field(() => String, { nullable: true }) lastError: string | null;
  @Field(() => Int, { nullable: true }) responseStatus: number | null;
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) deliveredAt: Date | null;
  @Field(() => Date, { nullable: true }) failedAt: Date | null;
}

@InputType()
export class WebhookInput {
  @Field(() => ID) @Length(1, 64) teamId: string;
  @Field() @Length(1, 2000) url: string;
  @Field({ description: 'HMAC-SHA256 key, at least 16 characters' }) @MaxLength(500) secret: string;
  @Field(() => Boolean, { nullable: true }) @IsOptional() active?: boolean | null;
}

export function toWebhook(row: WebhookEntity): Webhook {
  return { id: row.id, teamId: row.teamId, url: row.url, active: row.active, createdAt: row.createdAt, updatedAt: row.updatedAt };
}

export function toWebhookDelivery(row: WebhookDeliveryEntity): WebhookDelivery {
  return {
    id: row.id,
    webhookId: row.webhookId,
    teamId: row.teamId,
    notificationId: row.notificationId,
    url: row.url,
    status: row.status as WebhookDeliveryStatus,
    attempts: row.attempts,
    lastError: row.lastError,
    responseStatus: row.responseStatus,
    createdAt: row.createdAt,
    deliveredAt: row.deliveredAt,
    failedAt: row.failedAt,
  };
}
