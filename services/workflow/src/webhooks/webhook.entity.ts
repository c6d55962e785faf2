import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('webhook')
export class WebhookEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text', { name: 'team_id' }) teamId: string;
  @Column('text') url: string;
  /** HMAC key of the signature header; never returned by the API. */
  @Column('text') secret: string;
  @Column('boolean') active: boolean;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}

export type WebhookDeliveryStatus = 'PENDING' | 'DELIVERED' | 'FAILED';

@Entity('webhook_delivery')
export class WebhookDeliveryEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'webhook_id' }) webhookId: string;
  @Column('text', { name: 'team_id' }) teamId: string;
  @Column('uuid', { name: 'notification_id' }) notificationId: string;
  @Column('text') url: string;
  /** The exact JSON sent (and signed), kept so that retries and replays send the same bytes. */
  @Column('text') body: string;
  @Column('text') status: WebhookDeliveryStatus;
  @Column('integer') attempts: number;
  @Column('integer') replays: number;
  @Column('text', { name: 'last_error', nullable: true }) lastError: string | null;
  @Column('integer', { name: 'response_status', nullable: true }) responseStatus: number | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'delivered_at', nullable: true }) deliveredAt: Date | null;
  @Column('timestamptz', { name: 'failed_at', nullable: true }) failedAt: Date | null;
}
