import type { Job } from 'bullmq';
import nodemailer, { type Transporter } from 'nodemailer';
import type { DataSource } from 'typeorm';
import { SendEmailJob } from '@salestrail/contract';
import type { Clock } from '../common/clock';

export interface EmailSettings {
  smtpUrl: string;
  from: string;
  /** Recipients are user ids; an id without '@' is mailed at `<id>@<domain>` when a domain is set. */
  recipientDomain: string | null;
}

/** The `send-email` handler: mails a stored notification once (emailed_at marks it sent). */
export class EmailSender {
  private readonly transport: Transporter;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly settings: EmailSettings,
  ) {
    this.transport = nodemailer.createTransport(settings.smtpUrl);
  }

  addressOf(userId: string): string | null {
    if (userId.includes('@')) return userId;
    return this.settings.recipientDomain ? `${userId}@${this.settings.recipientDomain}` : null;
  }

  async process(job: Job): Promise<string> {
    const { notificationId } = SendEmailJob.parse(job.data);
    const rows: Array<{ recipient_id: string; title: string; body: string; emailed_at: Date | null }> =
      await this.dataSource.query(`SELECT recipient_id, title, body, emailed_at FROM notification WHERE id = $1`, [
        notificationId,
      ]);
    const row = rows[0];
    if (!row || row.emailed_at) return 'skipped';
    const to = this.addressOf(row.recipient_id);
    if (!to) return 'no address';
    await this.transport.sendMail({ from: this.settings.from, to, subject: row.title, text: row.body });
    await this.dataSource.query(`UPDATE notification SET emailed_at = $2 WHERE id = $1 AND emailed_at IS NULL`, [
      notificationId,
      this.clock.now(),
    ]);
    return 'sent';
  }

  close(): void {
    this.transport.close();
  }
}
