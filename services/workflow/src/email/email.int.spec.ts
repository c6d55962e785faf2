import type { DataSource } from 'typeorm';
import { waitFor } from '@salestrail/testkit';
import { addPeople, smtpReceiver, testWorkflow, uniqueTeam, workflowTestDataSource, type SmtpReceiver, type TestWorkflow } from '../test/harness';
import { emailJobId } from '../notifications/outbound.dispatcher';
import { wf as wf_ } from '../i18n/texts';

/** The text of a single-part message, whichever transfer encoding nodemailer chose. */
function textOf(raw: string): string {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n').trim();
  if (/Content-Transfer-Encoding: base64/i.test(head!)) return Buffer.from(body, 'base64').toString('utf8');
  const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

describe('email notifications (real local SMTP server)', () => {
  let ds: DataSource;
  let wf: TestWorkflow;
  let smtp: SmtpReceiver;
  let mails: SmtpReceiver['mails'];

  beforeAll(async () => {
    smtp = await smtpReceiver();
    mails = smtp.mails;
    ds = await workflowTestDataSource();
    wf = await testWorkflow(ds, 'email', {
      workers: true,
      email: { smtpUrl: smtp.url, from: 'SalesTrail <no-reply@salestrail.test>' },
    });
  });
  afterAll(async () => {
    await wf.close();
    await ds.destroy();
    await smtp.close();
  });

  async function notify(recipientId: string, teamId: string) {
    const created = await ds.transaction((m) =>
      wf.module.services.notifications.create(m, {
        recipientId,
        teamId,
        kind: 'REVIEW_DECIDED',
        title: 'Review approved: ABC公司',
        body: '陈经理: 记录完整',
        customerId: 'c-1',
        dedupeKey: `mail-${teamId}-${recipientId}`,
      }),
    );
    await wf.module.outbound.dispatch([created!]);
    return created!;
  }

  it('mails each notification once to the address the directory holds, and not again when the job runs twice', async () => {
    const teamId = uniqueTeam();
    await addPeople(ds, [{ id: `rep-mail-${teamId}`, name: '李明', teamId, email: `liming-${teamId}@example.test` }]);
    const created = await notify(`rep-mail-${teamId}`, teamId);
    const mail = await waitFor(() => mails.find((m) => m.to.includes(`liming-${teamId}@example.test`)));
    expect(mail.raw).toContain('Subject: =?UTF-8?Q?Review_approved=3A_ABC=E5=85=AC=E5=8F=B8?=');
    // Framed in the recipient's language.
    expect(textOf(mail.raw).replace(/\r\n/g, '\n')).toBe('李明，您好：\n\n陈经理: 记录完整\n\n—— SalesTrail 销售过程记录系统');
    expect(mail.raw).toContain('From: SalesTrail <no-reply@salestrail.test>');
    expect(mail.raw).toMatch(/To: =\?UTF-8\?B\?5p2O5piO\?= <liming-/); // 李明, by name
    await waitFor(async () => {
      const [row] = await ds.query('SELECT emailed_at FROM notification WHERE id = $1', [created!.notificationId]);
      return row.emailed_at !== null;
    });
    const job = await wf.module.queues.notifications.getJob(emailJobId(created!.notificationId));
    expect(await wf.module.email!.process(job!)).toBe('skipped');
    expect(mails.filter((m) => m.to.includes(`liming-${teamId}@example.test`))).toHaveLength(1);
  });

  it('writes the e-mail of an en reader in English, from the catalogues', async () => {
    const teamId = uniqueTeam();
    const to = `tom-${teamId}@example.test`;
    await addPeople(ds, [{ id: `rep-en-${teamId}`, name: 'Tom Berger', teamId, email: to, locale: 'en' }]);
    const created = await ds.transaction((m) =>
      wf.module.services.notifications.create(m, {
        recipientId: `rep-en-${teamId}`,
        teamId,
        kind: 'REVIEW_DECIDED',
        title: wf_('review.approved.title', { customer: 'ABC公司' }),
        body: wf_('review.approved.body', { reviewer: '陈经理' }),
        customerId: 'c-1',
        dedupeKey: `mail-en-${teamId}`,
      }),
    );
    await wf.module.outbound.dispatch([created!]);
    const mail = await waitFor(() => mails.find((m) => m.to.includes(to)));
    expect(mail.raw).toContain('Subject: =?UTF-8?Q?Review_approved=3A_ABC=E5=85=AC=E5=8F=B8?=');
    expect(textOf(mail.raw).replace(/\r\n/g, '\n')).toBe('Hello Tom Berger,\n\n陈经理 approved the record\n\n— SalesTrail');
  });

  it('mails nobody whose address the directory lacks, who is no longer active, or who it does not hold; never a guessed address', async () => {
    const teamId = uniqueTeam();
    await addPeople(ds, [
      { id: `rep-noaddr-${teamId}`, name: '王五', teamId },
      { id: `rep-left-${teamId}`, name: '赵六', teamId, email: `left-${teamId}@example.test`, active: false },
    ]);
    const sent = await Promise.all([`rep-noaddr-${teamId}`, `rep-left-${teamId}`, `someone@example.test`].map((id) => notify(id, teamId)));
    // The three jobs run side by side; on a loaded machine they may take a while, so they are awaited together.
    const jobs = await waitFor(
      async () => {
        const all = await Promise.all(sent.map((n) => wf.module.queues.notifications.getJob(emailJobId(n.notificationId))));
        const done = await Promise.all(all.map(async (j) => !!j && (await j.isCompleted())));
        return done.every(Boolean) ? all : undefined;
      },
      { timeoutMs: 45_000, what: 'the three e-mail jobs completed' },
    );
    expect(jobs.map((j) => j!.returnvalue)).toEqual(['no address', 'no address', 'no address']);
    expect(mails.filter((m) => m.to.some((to) => to.includes(teamId) || to === 'someone@example.test'))).toEqual([]);
    const emailed = await ds.query(`SELECT count(*)::int AS n FROM notification WHERE team_id = $1 AND emailed_at IS NOT NULL`, [teamId]);
    expect(emailed).toEqual([{ n: 0 }]);
  }, 60_000);
});
