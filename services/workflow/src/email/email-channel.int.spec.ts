import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { waitFor } from '@salestrail/testkit';
import { ManualClock } from '../common/clock';
import { emailJobId } from '../notifications/outbound.dispatcher';
import { actorOf, addPeople, smtpReceiver, testWorkflow, uniqueTeam, workflowTestDataSource, type SmtpReceiver, type TestWorkflow } from '../test/harness';

const ADMIN = actorOf('ADMIN', 'admin-1', null);
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * The e-mail channel an ADMIN sees: its counts and states over the last 7 days, and resending one e-mail
 * through the real queue to a real local SMTP server. Counts cover every team, so the module's clock sits
 * at an instant of its own far from other tests' notifications: the 7-day window holds only this file's.
 */
describe('the e-mail channel (real Postgres, BullMQ and a local SMTP server)', () => {
  let ds: DataSource;
  let wf: TestWorkflow;
  let smtp: SmtpReceiver;
  let port: number;
  let mails: SmtpReceiver['mails'];
  const start = new Date(Date.UTC(2200, 0, 1) + Math.floor(Math.random() * 1_000_000) * 8 * DAY);
  const clock = new ManualClock(start);
  const teamId = uniqueTeam();
  const person = (name: string) => `${name}-${teamId}`;

  beforeAll(async () => {
    smtp = await smtpReceiver();
    ({ port, mails } = smtp);
    ds = await workflowTestDataSource();
    wf = await testWorkflow(ds, 'email-channel', {
      clock,
      workers: true,
      email: { smtpUrl: smtp.url, from: 'SalesTrail <no-reply@salestrail.test>' },
    });
    await addPeople(ds, [
      { id: person('mailed'), name: '李明', teamId, email: `mailed-${teamId}@example.test` },
      { id: person('noaddr'), name: '王五', teamId },
      { id: person('left'), name: '赵六', teamId, email: `left-${teamId}@example.test`, active: false },
      { id: person('late'), name: '孙七', teamId },
      { id: person('stuck'), name: '周八', teamId, email: `stuck-${teamId}@example.test` },
      { id: person('fresh'), name: '吴九', teamId, email: `fresh-${teamId}@example.test` },
    ]);
  });
  afterAll(async () => {
    await wf.close();
    await ds.destroy();
    await smtp.close();
  });

  async function notify(recipientId: string, title: string, dispatch: boolean): Promise<string> {
    const created = await ds.transaction((m) =>
      wf.module.services.notifications.create(m, {
        recipientId,
        teamId,
        kind: 'REVIEW_DECIDED',
        title,
        body: '陈经理: 记录完整',
        customerId: 'c-1',
        dedupeKey: `channel-${teamId}-${title}`,
      }),
    );
    if (dispatch) await wf.module.outbound.dispatch([created!]);
    return created!.notificationId;
  }

  async function completedJob(id: string) {
    return waitFor(async () => {
      const job = await wf.module.queues.notifications.getJob(id);
      return job && (await job.isCompleted()) ? job : undefined;
    });
  }

  async function emailedAt(notificationId: string): Promise<Date | null> {
    const [row] = await ds.query('SELECT emailed_at FROM notification WHERE id = $1', [notificationId]);
    return row.emailed_at;
  }

  const ids: Record<string, string> = {};

  it('counts the last 7 days by state and lists each notification with its state, newest first', async () => {
    clock.set(new Date(start.getTime() - 8 * DAY));
    ids.old = await notify(person('noaddr'), 'older than the window', false);
    clock.set(start);
    ids.mailed = await notify(person('mailed'), 'mailed', true);
    clock.advance(MINUTE);
    ids.noaddr = await notify(person('noaddr'), 'no address', true);
    clock.advance(MINUTE);
    ids.left = await notify(person('left'), 'deactivated', true);
    clock.advance(MINUTE);
    ids.unknown = await notify(`nobody-${teamId}`, 'not in the directory', true);
    clock.advance(MINUTE);
    ids.late = await notify(person('late'), 'address added later', true);
    clock.advance(MINUTE);
    // Its job was lost (never queued): it waits with an address.
    ids.stuck = await notify(person('stuck'), 'stuck', false);
    await waitFor(async () => (await emailedAt(ids.mailed!)) !== null);
    for (const id of [ids.noaddr!, ids.left!, ids.unknown!, ids.late!]) expect((await completedJob(emailJobId(id))).returnvalue).toBe('no address');
    // The address arrives after the first job ran: the notification is now waiting.
    await ds.query('UPDATE directory_user SET email = $2 WHERE id = $1', [person('late'), `late-${teamId}@example.test`]);
    clock.advance(10 * MINUTE);
    // Too young to count as waiting, but listed as PENDING.
    ids.fresh = await notify(person('fresh'), 'just created', false);
    clock.advance(MINUTE);

    const channel = await wf.module.services.emailChannel.channel(ADMIN);
    expect(channel).toEqual({
      enabled: true,
      from: 'SalesTrail <no-reply@salestrail.test>',
      smtpHost: `127.0.0.1:${port}`,
      since: new Date(clock.now().getTime() - 7 * DAY),
      counts: { sent: 1, noAddress: 3, pending: 2 },
    });

    const all = await wf.module.services.emailChannel.notifications(ADMIN, null, 50, 0);
    expect(all.map((n) => [n.title, n.state, n.recipientName])).toEqual([
      ['just created', 'PENDING', '吴九'],
      ['stuck', 'PENDING', '周八'],
      ['address added later', 'PENDING', '孙七'],
      ['not in the directory', 'NO_ADDRESS', null],
      ['deactivated', 'NO_ADDRESS', '赵六'],
      ['no address', 'NO_ADDRESS', '王五'],
      ['mailed', 'SENT', '李明'],
    ]);
    expect(all.find((n) => n.id === ids.mailed)!.emailedAt).toBeInstanceOf(Date);
    expect(all.find((n) => n.id === ids.stuck)).toMatchObject({ recipientId: person('stuck'), kind: 'REVIEW_DECIDED', emailedAt: null });

    const pending = await wf.module.services.emailChannel.notifications(ADMIN, 'PENDING', 2, 0);
    expect(pending.map((n) => n.id)).toEqual([ids.fresh, ids.stuck]);
    const next = await wf.module.services.emailChannel.notifications(ADMIN, 'PENDING', 2, 2);
    expect(next.map((n) => n.id)).toEqual([ids.late]);
    expect((await wf.module.services.emailChannel.notifications(ADMIN, 'SENT', 50, 0)).map((n) => n.id)).toEqual([ids.mailed]);
    await expect(wf.module.services.emailChannel.notifications(ADMIN, null, 101, 0)).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { field: 'first', reason: 'OUT_OF_RANGE' },
    });
  });

  it('resends a waiting e-mail under a fresh job id, which the SMTP server receives once; a second resend is ALREADY_SENT', async () => {
    const to = `late-${teamId}@example.test`;
    // The first job of this notification is kept (completed): queued again under its id it would never run.
    expect(await wf.module.queues.notifications.getJob(emailJobId(ids.late!))).toBeDefined();
    const resentAt = clock.now().getTime();
    const row = await wf.module.services.emailChannel.resend(ADMIN, ids.late!);
    expect(row).toMatchObject({ id: ids.late, state: 'PENDING', recipientName: '孙七' });
    const mail = await waitFor(() => mails.find((m) => m.to.includes(to)));
    expect(mail.raw).toContain('Subject: address added later');
    expect((await completedJob(emailJobId(ids.late!, resentAt))).returnvalue).toBe('sent');
    expect(await emailedAt(ids.late!)).toEqual(clock.now());

    const counts = await wf.module.queues.notifications.getJobCounts();
    await expect(wf.module.services.emailChannel.resend(ADMIN, ids.late!)).rejects.toMatchObject({
      code: 'CONFLICT',
      details: { reason: 'ALREADY_SENT' },
    });
    expect(await wf.module.queues.notifications.getJobCounts()).toEqual(counts);
    expect(mails.filter((m) => m.to.includes(to))).toHaveLength(1);
    expect((await wf.module.services.emailChannel.channel(ADMIN)).counts).toEqual({ sent: 2, noAddress: 3, pending: 1 });
  });

  it('refuses a resend without an address, of an unknown notification, and from anyone but an ADMIN, queueing nothing', async () => {
    const counts = await wf.module.queues.notifications.getJobCounts();
    for (const id of [ids.noaddr!, ids.left!, ids.unknown!]) {
      await expect(wf.module.services.emailChannel.resend(ADMIN, id)).rejects.toMatchObject({ code: 'CONFLICT', details: { reason: 'NO_ADDRESS' } });
    }
    for (const id of [randomUUID(), 'not-a-uuid']) {
      await expect(wf.module.services.emailChannel.resend(ADMIN, id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
    for (const role of ['SALES_MANAGER', 'SALES_REP', 'TEAM_ASSISTANT', 'MARKETING', 'AFTER_SALES'] as const) {
      const actor = actorOf(role, `${role}-1`, teamId);
      await expect(wf.module.services.emailChannel.resend(actor, ids.stuck!)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(wf.module.services.emailChannel.channel(actor)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(wf.module.services.emailChannel.notifications(actor, null, 50, 0)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(await wf.module.queues.notifications.getJobCounts()).toEqual(counts);
    expect(await emailedAt(ids.stuck!)).toBeNull();
    expect(mails.filter((m) => m.to.some((to) => to.includes(teamId)))).toHaveLength(2);
  });

  it('says e-mail is off when SMTP_URL is not set, and refuses to resend then, queueing nothing', async () => {
    const off = await testWorkflow(ds, 'email-channel-off', { clock });
    try {
      expect(await off.module.services.emailChannel.channel(ADMIN)).toMatchObject({
        enabled: false,
        from: null,
        smtpHost: null,
        counts: { sent: 2, noAddress: 3, pending: 1 },
      });
      await expect(off.module.services.emailChannel.resend(ADMIN, ids.stuck!)).rejects.toMatchObject({
        code: 'CONFLICT',
        details: { reason: 'EMAIL_DISABLED' },
      });
      expect(await off.module.queues.notifications.getJobCounts('waiting', 'delayed', 'completed')).toEqual({ waiting: 0, delayed: 0, completed: 0 });
    } finally {
      await off.close();
    }
  });

  it('shows the SMTP server’s host and port, never its user or password', async () => {
    const withLogin = await testWorkflow(ds, 'email-channel-login', {
      clock,
      email: { smtpUrl: 'smtps://mailer:s3cret-pass@mail.example.test:465', from: 'SalesTrail <no-reply@example.test>' },
    });
    try {
      const channel = await withLogin.module.services.emailChannel.channel(ADMIN);
      expect(channel.smtpHost).toBe('mail.example.test:465');
      expect(JSON.stringify(channel)).not.toMatch(/mailer|s3cret/);
    } finally {
      await withLogin.close();
    }
  });
});
