import type { DataSource } from 'typeorm';
import { Seed, actorOf, addPeople, testWorkflow, uniqueTeam, workflowTestDataSource, type TestWorkflow } from '../test/harness';

const admin = actorOf('ADMIN', 'admin-1', null);
const HOUR = 3_600_000;

/**
 * Notifications are written from the catalogues in their reader's language (the directory's `locale`),
 * name people, and give times in the team's time zone as people write them; the escalation says the
 * delay the workflow is configured with.
 */
describe('notification texts (real Postgres, Redis)', () => {
  let ds: DataSource;
  let wf: TestWorkflow;
  beforeAll(async () => {
    ds = await workflowTestDataSource();
    // Escalation 36 h after the due time, not the default 24 h.
    wf = await testWorkflow(ds, 'notification-texts', { escalateAfterMs: 36 * HOUR });
  });
  afterAll(async () => {
    await wf.close();
    await ds.destroy();
  });

  async function overdueAction(team: { timezone: string; rep: { id: string; name: string; locale: 'zh-CN' | 'en' }; manager: { id: string; name: string; locale: 'zh-CN' | 'en' } }) {
    const teamId = uniqueTeam();
    const rep = { ...team.rep, id: `${team.rep.id}-${teamId}` };
    const manager = { ...team.manager, id: `${team.manager.id}-${teamId}` };
    await addPeople(ds, [
      { ...rep, teamId },
      { ...manager, teamId, role: 'SALES_MANAGER' },
    ]);
    await wf.module.services.teams.upsert(admin, { id: teamId, name: '华东销售组', managerId: manager.id, timezone: team.timezone });
    const seed = new Seed(ds, wf.module.eventHandler);
    const customerId = await seed.customer({ teamId, ownerId: rep.id, name: 'ABC公司' });
    const due = new Date('2026-03-25T10:00:00Z');
    const nextActionId = await seed.nextAction({ customerId, teamId, ownerId: rep.id, dueAt: due.toISOString(), content: '发送报价单' });
    for (const kind of ['due-soon', 'overdue', 'escalate'] as const) {
      expect(await wf.module.reminders.fire({ kind, nextActionId, dueEpochMs: due.getTime() })).toBe('sent');
    }
    const rows: Array<{ kind: string; recipient_id: string; title: string; body: string }> = await ds.query(
      `SELECT kind, recipient_id, title, body FROM notification WHERE customer_id = $1 ORDER BY kind`,
      [customerId],
    );
    return { rep, manager, texts: Object.fromEntries(rows.map((r) => [r.kind, { to: r.recipient_id, title: r.title, body: r.body }])) };
  }

  it('writes Chinese for a zh-CN reader, with names and 3月25日 18:00 in the team time zone', async () => {
    const { rep, manager, texts } = await overdueAction({
      timezone: 'Asia/Shanghai',
      rep: { id: 'rep-zh', name: '李明', locale: 'zh-CN' },
      manager: { id: 'manager-zh', name: '陈经理', locale: 'zh-CN' },
    });
    expect(texts).toEqual({
      NEXT_ACTION_DUE_SOON: { to: rep.id, title: '即将到期：发送报价单', body: 'ABC公司：“发送报价单”应于 3月25日 18:00 完成（负责人 李明）' },
      NEXT_ACTION_OVERDUE: { to: rep.id, title: '已逾期：发送报价单', body: 'ABC公司：“发送报价单”应于 3月25日 18:00 完成（负责人 李明）' },
      // The configured delay, not "24 h".
      NEXT_ACTION_ESCALATED: { to: manager.id, title: '逾期超过 36 小时（负责人 李明）：发送报价单', body: 'ABC公司：“发送报价单”应于 3月25日 18:00 完成（负责人 李明）' },
    });
    expect(Object.values(texts).map((t) => `${t.title} ${t.body}`).join('\n')).not.toMatch(/rep-zh|2026-03-25T/);
  });

  it('writes English for an en reader, in the time zone of their team', async () => {
    const { texts } = await overdueAction({
      timezone: 'Europe/Berlin',
      rep: { id: 'rep-en', name: 'Tom Berger', locale: 'en' },
      manager: { id: 'manager-en', name: 'Anna Vogel', locale: 'en' },
    });
    expect(texts.NEXT_ACTION_OVERDUE).toMatchObject({ title: 'Overdue: 发送报价单', body: 'ABC公司: "发送报价单" is due Mar 25, 11:00 (owner Tom Berger)' });
    expect(texts.NEXT_ACTION_ESCALATED).toMatchObject({ title: 'Overdue for 36 hours (Tom Berger): 发送报价单' });
  });

  it('writes each notification in its own reader language: an en manager of a zh-CN salesperson', async () => {
    const { texts } = await overdueAction({
      timezone: 'Asia/Shanghai',
      rep: { id: 'rep-mixed', name: '李明', locale: 'zh-CN' },
      manager: { id: 'manager-mixed', name: 'Anna Vogel', locale: 'en' },
    });
    expect(texts.NEXT_ACTION_OVERDUE!.title).toBe('已逾期：发送报价单');
    expect(texts.NEXT_ACTION_ESCALATED).toMatchObject({
      title: 'Overdue for 36 hours (李明): 发送报价单',
      body: 'ABC公司: "发送报价单" is due Mar 25, 18:00 (owner 李明)',
    });
  });
});
