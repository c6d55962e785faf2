import type { Job } from 'bullmq';
import nodemailer, { type Transporter } from 'nodemailer';
import type { DataSource } from 'typeorm';
import { SendEmailJob } from '@salestrail/contract';
import type { Clock } from '../common/clock';

export interface EmailSettings {
  smtpUrl: string;
  from: string;
}

/**
 * The `send-email` handler: mails a stored notification once (emailed_at marks it sent) to the address the
 * directory holds for its recipient, by name; a recipient without an address, or no longer active, gets none.
 */
export class EmailSender {
  private readonly transport: Transporter;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly settings: EmailSettings,
  ) {
    this.transport = nodemailer.createTransport(settings.smtpUrl);
  }

  async process(job: Job): Promise<string> {
    const { notificationId } = SendEmailJob.parse(job.data);
    const rows: Array<{ title: string; body: string; emailed_at: Date | null; name: string | null; email: string | null; active: boolean | null }> =
      await this.dataSource.query(
        `SELECT n.title, n.body, n.emailed_at, u.name, u.email, u.active
         FROM notification n LEFT JOIN directory_user u ON u.id = n.recipient_id WHERE n.id = $1`,
        [notificationId],
      );
    const row = rows[0];
    if (!row || row.emailed_at) return 'skipped';
    if (!row.email || !row.active) return 'no address';
    const to = { name: row.name ?? '', address: row.email };
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
