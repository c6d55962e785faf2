import type { Job } from 'bullmq';
import nodemailer, { type Transporter } from 'nodemailer';
import type { DataSource } from 'typeorm';
import { SendEmailJob } from '@salestrail/contract';
import { knownLocale } from '@salestrail/platform';
import type { Clock } from '../common/clock';
import { wf, writeText } from '../i18n/texts';

export interface EmailSettings {
  smtpUrl: string;
  from: string;
}

/**
 * The `send-email` handler: mails a stored notification once (emailed_at marks it sent) to the address the
 * directory holds for its recipient, by name; a recipient without an address, or no longer active, gets none.
 * The subject and text are the notification's (written in the recipient's language), framed by a greeting
 * and a signature in the language the recipient has when it is sent.
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
    const rows: Array<{
      title: string;
      body: string;
      emailed_at: Date | null;
      name: string | null;
      email: string | null;
      active: boolean | null;
      locale: string | null;
    }> = await this.dataSource.query(
        `SELECT n.title, n.body, n.emailed_at, u.name, u.email, u.active, u.locale
         FROM notification n LEFT JOIN directory_user u ON u.id = n.recipient_id WHERE n.id = $1`,
        [notificationId],
      );
    const row = rows[0];
    if (!row || row.emailed_at) return 'skipped';
    if (!row.email || !row.active) return 'no address';
    const to = { name: row.name ?? '', address: row.email };
    const locale = knownLocale(row.locale);
    const text = [writeText(locale, wf('email.greeting', { name: row.name ?? '' })), '', row.body, '', writeText(locale, wf('email.footer'))].join('\n');
    await this.transport.sendMail({ from: this.settings.from, to, subject: row.title, text });
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
