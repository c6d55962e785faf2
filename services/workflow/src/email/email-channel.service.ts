import type { DataSource } from 'typeorm';
import { BadInputError, ConflictError, ForbiddenError, NotFoundError } from '@salestrail/platform';
import type { Actor } from '@salestrail/contract';
import type { Clock } from '../common/clock';
import type { OutboundDispatcher } from '../notifications/outbound.dispatcher';
import { EmailChannelRepository, type EmailChannelCounts, type EmailNotificationRow } from './email-channel.repository';
import type { EmailSettings } from './email.sender';

/** Notifications e-mailed, skipped and waiting are counted over this window (and listed from it). */
export const EMAIL_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;
/** A notification not e-mailed for longer than this, to someone with an address, counts as waiting or failed. */
export const EMAIL_PENDING_AFTER_MS = 5 * 60 * 1000;
export const MAX_EMAIL_NOTIFICATION_PAGE = 100;
export const EMAIL_NOTIFICATION_DEFAULT_PAGE = 50;
export const MAX_EMAIL_NOTIFICATION_OFFSET = 100_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function requireAdmin(actor: Actor): void {
  if (actor.role !== 'ADMIN') throw new ForbiddenError('Only an ADMIN sees the e-mail channel');
}

/** The SMTP server's host and port as the operator set them, without user or password. */
export function smtpHostOf(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  return url.port ? `${url.hostname}:${url.port}` : url.hostname;
}

export interface EmailChannelView {
  enabled: boolean;
  from: string | null;
  smtpHost: string | null;
  since: Date;
  counts: EmailChannelCounts;
}

/** The e-mail channel for an ADMIN: is it on, how did it do in the last 7 days, and resending one e-mail. */
export class EmailChannelService {
  private readonly repository: EmailChannelRepository;

  constructor(
    dataSource: DataSource,
    private readonly clock: Clock,
    private readonly settings: EmailSettings | null,
    private readonly dispatcher: Pick<OutboundDispatcher, 'enqueueEmail'>,
  ) {
    this.repository = new EmailChannelRepository(dataSource);
  }

  async channel(actor: Actor): Promise<EmailChannelView> {
    requireAdmin(actor);
    const now = this.clock.now().getTime();
    const since = new Date(now - EMAIL_WINDOW_MS);
    const counts = await this.repository.counts(since, new Date(now - EMAIL_PENDING_AFTER_MS));
    return {
      enabled: this.settings !== null,
      from: this.settings?.from ?? null,
      smtpHost: this.settings ? smtpHostOf(this.settings.smtpUrl) : null,
      since,
      counts,
    };
  }

  /** The window's notifications with their e-mail state (in `state` when given), newest first. */
  async notifications(actor: Actor, state: string | null, first: number, offset: number): Promise<EmailNotificationRow[]> {
    requireAdmin(actor);
    if (!Number.isInteger(first) || first < 1 || first > MAX_EMAIL_NOTIFICATION_PAGE) {
      throw new BadInputError('first', 'OUT_OF_RANGE', `first must be between 1 and ${MAX_EMAIL_NOTIFICATION_PAGE}`);
    }
    if (!Number.isInteger(offset) || offset < 0 || offset > MAX_EMAIL_NOTIFICATION_OFFSET) {
      throw new BadInputError('offset', 'OUT_OF_RANGE', `offset must be between 0 and ${MAX_EMAIL_NOTIFICATION_OFFSET}`);
    }
    const since = new Date(this.clock.now().getTime() - EMAIL_WINDOW_MS);
    return this.repository.page(since, state, first, offset);
  }

  /**
   * Queues the e-mail of a notification not yet mailed again, under a fresh job id (the first job's id
   * would be refused by BullMQ as a duplicate). The handler still mails it at most once.
   */
  async resend(actor: Actor, notificationId: string): Promise<EmailNotificationRow> {
    requireAdmin(actor);
    if (!UUID.test(notificationId)) throw new NotFoundError('Notification', notificationId);
    const row = await this.repository.byId(notificationId);
    if (!row) throw new NotFoundError('Notification', notificationId);
    if (row.state === 'SENT') throw new ConflictError(`Notification ${notificationId} was already e-mailed`, 'ALREADY_SENT');
    if (!this.settings) throw new ConflictError('E-mail is off: the operator sets SMTP_URL to turn it on', 'EMAIL_DISABLED');
    if (row.state === 'NO_ADDRESS') {
      throw new ConflictError(`The recipient of notification ${notificationId} has no address or is deactivated`, 'NO_ADDRESS');
    }
    await this.dispatcher.enqueueEmail(notificationId, this.clock.now().getTime());
    return row;
  }
}
