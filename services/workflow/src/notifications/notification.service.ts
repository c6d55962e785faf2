import { randomUUID } from 'node:crypto';
import { In, IsNull, type DataSource, type EntityManager } from 'typeorm';
import { BadInputError, knownLocale, type Message } from '@salestrail/platform';
import type { Actor } from '@salestrail/contract';
import type { Clock } from '../common/clock';
import { messages, writeText } from '../i18n/texts';
import type { NotificationKind } from './notification-kind';
import { NotificationEntity } from './notification.entity';

export interface NewNotification {
  recipientId: string;
  teamId: string | null;
  kind: NotificationKind;
  /**
   * What the recipient reads: a message of the catalogues, written in the recipient's language (the
   * directory's `locale`, zh-CN when unknown) with times in the team's time zone; a plain string is
   * stored as it is.
   */
  title: Message | string;
  body: Message | string;
  customerId?: string | null;
  /** The fact this notification is about; a second notification with the same key is not created. */
  dedupeKey: string;
}

/** What a created notification has to send out once its transaction commits. */
export interface CreatedNotification {
  notificationId: string;
  webhookDeliveryIds: string[];
}

/** Sends the outbound copies (webhooks, email) of notifications whose transaction committed. */
export interface NotificationDispatcher {
  dispatch(created: CreatedNotification[]): Promise<void>;
}

export const noDispatch: NotificationDispatcher = { dispatch: async () => undefined };

export class NotificationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * Stores a notification inside the caller's transaction, unless one with the same dedupe key exists,
   * and queues a webhook delivery row for the team's active webhook. Returns null for a duplicate. The
   * texts are written once, in the language the recipient has now: a later change of language applies to
   * later notifications.
   */
  async create(manager: EntityManager, n: NewNotification): Promise<CreatedNotification | null> {
    const id = randomUUID();
    const readers: Array<{ locale: string | null; timezone: string | null }> = await manager.query(
      `SELECT (SELECT locale FROM directory_user WHERE id = $1) AS locale, (SELECT timezone FROM team WHERE id = $2) AS timezone`,
      [n.recipientId, n.teamId],
    );
    const locale = knownLocale(readers[0]?.locale);
    const zone = { timeZone: readers[0]?.timezone ?? null };
    const title = writeText(locale, n.title, zone);
    const body = writeText(locale, n.body, zone);
    const inserted: unknown[] = await manager.query(
      `INSERT INTO notification (id, recipient_id, team_id, kind, title, body, customer_id, dedupe_key, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
      [id, n.recipientId, n.teamId, n.kind, title, body, n.customerId ?? null, n.dedupeKey, this.clock.now()],
    );
    if (inserted.length === 0) return null;
    const webhookDeliveryIds: string[] = [];
    if (n.teamId) {
      const hooks: Array<{ id: string; url: string }> = await manager.query(
        `SELECT id, url FROM webhook WHERE team_id = $1 AND active`,
        [n.teamId],
      );
      for (const hook of hooks) {
        const deliveryId = randomUUID();
        const payload = JSON.stringify({
          deliveryId,
          teamId: n.teamId,
          notification: {
            id,
            kind: n.kind,
            kindLabel: messages.enumLabel('NotificationKind', n.kind, locale),
            locale,
            recipientId: n.recipientId,
            title,
            body,
            customerId: n.customerId ?? null,
            createdAt: this.clock.now().toISOString(),
          },
        });
        await manager.query(
          `INSERT INTO webhook_delivery (id, webhook_id, team_id, notification_id, url, body, status, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, 'PENDING', $7)`,
          [deliveryId, hook.id, n.teamId, id, hook.url, payload, this.clock.now()],
        );
        webhookDeliveryIds.push(deliveryId);
      }
    }
    return { notificationId: id, webhookDeliveryIds };
  }

  async list(actor: Actor, unreadOnly: boolean): Promise<NotificationEntity[]> {
    return this.dataSource.getRepository(NotificationEntity).find({
      where: { recipientId: actor.userId, ...(unreadOnly ? { readAt: IsNull() } : {}) },
      order: { createdAt: 'DESC', id: 'ASC' },
      take: 500,
    });
  }

  /** Marks the caller's own notifications among `ids` read; others' ids are ignored. */
  async markRead(actor: Actor, ids: string[]): Promise<NotificationEntity[]> {
    if (ids.length > 1000) throw new BadInputError('ids', 'TOO_MANY', 'At most 1000 ids at once');
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    const bad = ids.findIndex((id) => !uuid.test(id));
    if (bad >= 0) throw new BadInputError(`ids.${bad}`, 'INVALID_ID', `Not a notification id: ${ids[bad]}`);
    if (ids.length === 0) return [];
    await this.dataSource.query(
      `UPDATE notification SET read_at = $3 WHERE id = ANY($1::uuid[]) AND recipient_id = $2 AND read_at IS NULL`,
      [ids, actor.userId, this.clock.now()],
    );
    return this.dataSource.getRepository(NotificationEntity).find({
      where: { id: In(ids), recipientId: actor.userId },
      order: { createdAt: 'DESC' },
    });
  }
}
