import type { DataSource } from 'typeorm';
import { BadInputError } from '@salestrail/platform';
import { actorOf, testWorkflow, uniqueTeam, workflowTestDataSource, type TestWorkflow } from '../test/harness';

describe('notifications: stored, listed, marked read (real Postgres)', () => {
  let ds: DataSource;
  let wf: TestWorkflow;
  beforeAll(async () => {
    ds = await workflowTestDataSource();
    wf = await testWorkflow(ds, 'notifications');
  });
  afterAll(async () => {
    await wf.close();
    await ds.destroy();
  });

  it('lists the caller’s own notifications, unread only on request, and marks only their own read', async () => {
    const teamId = uniqueTeam();
    const me = `rep-${teamId}`;
    const other = `other-${teamId}`;
    const { notifications } = wf.module.services;
    const make = (recipientId: string, key: string) =>
      ds.transaction((m) =>
        notifications.create(m, { recipientId, teamId, kind: 'WEEKLY_SUBMISSION_DUE', title: key, body: 'b', dedupeKey: `${teamId}-${key}` }),
      );
    const first = await make(me, 'first');
    const second = await make(me, 'second');
    const theirs = await make(other, 'theirs');
    expect(await make(me, 'first')).toBeNull(); // same dedupe key: not created twice

    const actor = actorOf('SALES_REP', me, teamId);
    expect((await notifications.list(actor, false)).map((n) => n.title).sort()).toEqual(['first', 'second']);
    const marked = await notifications.markRead(actor, [first!.notificationId, theirs!.notificationId]);
    expect(marked.map((n) => n.title)).toEqual(['first']);
    expect(marked[0]!.readAt).toBeInstanceOf(Date);
    expect((await notifications.list(actor, true)).map((n) => n.id)).toEqual([second!.notificationId]);
    const [their] = await notifications.list(actorOf('SALES_REP', other, teamId), true);
    expect(their?.id).toBe(theirs!.notificationId);

    const bad = await notifications.markRead(actor, ['not-an-id']).catch((e) => e);
    expect(bad).toBeInstanceOf(BadInputError);
    expect(bad.details).toEqual({ field: 'ids.0', reason: 'INVALID_ID' });
  });
});
