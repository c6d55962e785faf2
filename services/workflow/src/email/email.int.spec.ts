import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { DataSource } from 'typeorm';
import { waitFor } from '@salestrail/testkit';
import { testWorkflow, uniqueTeam, workflowTestDataSource, type TestWorkflow } from '../test/harness';
import { emailJobId } from '../notifications/outbound.dispatcher';

interface Mail {
  to: string[];
  raw: string;
}

describe('email notifications (real local SMTP server)', () => {
  let ds: DataSource;
  let wf: TestWorkflow;
  let smtp: SMTPServer;
  const mails: Mail[] = [];

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        let raw = '';
        stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
        stream.on('end', () => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const { port } = smtp.server.address() as AddressInfo;
    ds = await workflowTestDataSource();
    wf = await testWorkflow(ds, 'email', {
      workers: true,
      email: { smtpUrl: `smtp://127.0.0.1:${port}`, from: 'SalesTrail <no-reply@salestrail.test>', recipientDomain: 'example.test' },
    });
  });
  afterAll(async () => {
    await wf.close();
    await ds.destroy();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  it('mails each notification once to the recipient, and not again when the job runs twice', async () => {
    const teamId = uniqueTeam();
    const created = await ds.transaction((m) =>
      wf.module.services.notifications.create(m, {
        recipientId: 'rep-mail',
        teamId,
        kind: 'REVIEW_DECIDED',
        title: 'Review approved: ABC公司',
        body: 'manager-1: 记录完整',
        customerId: 'c-1',
        dedupeKey: `mail-${teamId}`,
      }),
    );
    await wf.module.outbound.dispatch([created!]);
    const mail = await waitFor(() => mails.find((m) => m.to.includes('rep-mail@example.test')));
    expect(mail.raw).toContain('Subject: =?UTF-8?Q?Review_approved=3A_ABC=E5=85=AC=E5=8F=B8?=');
    expect(mail.raw).toContain('manager-1: =E8=AE=B0=E5=BD=95=E5=AE=8C=E6=95=B4'); // 记录完整
    expect(mail.raw).toContain('From: SalesTrail <no-reply@salestrail.test>');
    await waitFor(async () => {
      const [row] = await ds.query('SELECT emailed_at FROM notification WHERE id = $1', [created!.notificationId]);
      return row.emailed_at !== null;
    });
    const job = await wf.module.queues.notifications.getJob(emailJobId(created!.notificationId));
    expect(await wf.module.email!.process(job!)).toBe('skipped');
    expect(mails.filter((m) => m.to.includes('rep-mail@example.test'))).toHaveLength(1);
  });
});
