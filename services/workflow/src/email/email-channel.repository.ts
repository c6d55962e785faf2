import type { DataSource } from 'typeorm';
import type { NotificationKind } from '../notifications/notification-kind';

export interface EmailChannelCounts {
  sent: number;
  noAddress: number;
  pending: number;
}

export interface EmailNotificationRow {
  id: string;
  recipientId: string;
  recipientName: string | null;
  kind: NotificationKind;
  title: string;
  createdAt: Date;
  emailedAt: Date | null;
  state: 'SENT' | 'NO_ADDRESS' | 'PENDING';
}

/**
 * A notification's e-mail state, by the same rule the `send-email` handler follows (`email.sender.ts`):
 * mailed once `emailed_at` is set; never to a recipient the directory holds no address for, who is
 * deactivated, or whom it does not hold.
 */
const STATE = `CASE WHEN n.emailed_at IS NOT NULL THEN 'SENT'
  WHEN coalesce(u.email, '') = '' OR NOT coalesce(u.active, false) THEN 'NO_ADDRESS'
  ELSE 'PENDING' END`;

const ROW = `n.id, n.recipient_id AS "recipientId", u.name AS "recipientName", n.kind, n.title, n.created_at AS "createdAt",
  n.emailed_at AS "emailedAt", ${STATE} AS state
  FROM notification n LEFT JOIN directory_user u ON u.id = n.recipient_id`;

/** The SQL of the e-mail channel's view: notifications with their recipient's address, across all teams. */
export class EmailChannelRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Notifications created since `since`, by state; PENDING only those created before `pendingBefore`. */
  async counts(since: Date, pendingBefore: Date): Promise<EmailChannelCounts> {
    const [row]: Array<EmailChannelCounts> = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE state = 'SENT')::int AS sent,
              count(*) FILTER (WHERE state = 'NO_ADDRESS')::int AS "noAddress",
              count(*) FILTER (WHERE state = 'PENDING' AND "createdAt" < $2)::int AS pending
       FROM (SELECT ${ROW} WHERE n.created_at >= $1) s`,
      [since, pendingBefore],
    );
    return row!;
  }

  /** Notifications created since `since` (in one state when given), newest first. */
  async page(since: Date, state: string | null, first: number, offset: number): Promise<EmailNotificationRow[]> {
    return this.dataSource.query(
      `SELECT * FROM (SELECT ${ROW} WHERE n.created_at >= $1) s
       WHERE $2::text IS NULL OR state = $2
       ORDER BY "createdAt" DESC, id ASC LIMIT $3 OFFSET $4`,
      [since, state, first, offset],
    );
  }

  async byId(id: string): Promise<EmailNotificationRow | null> {
    const rows: EmailNotificationRow[] = await this.dataSource.query(`SELECT ${ROW} WHERE n.id = $1`, [id]);
    return rows[0] ?? null;
  }
}
