import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { applyEventOnce } from '@salestrail/platform';
import { handleWorkflowEvent } from '../events/workflow-event.handler';
import { recordsEvent, uniqueTeam, workflowTestDataSource } from '../test/harness';

describe('the workflow projection of records events (real Postgres)', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await workflowTestDataSource();
  });
  afterAll(() => ds.destroy());

  const facts = (customerId: string, teamId: string, name: string, ownerId = 'rep-1') => ({
    customerId,
    name,
    kind: 'ENTERPRISE',
    industryCode: 'C34',
    sourceChannel: 'TRADE_SHOW',
    firstContactDate: '2024-03-15',
    ownerId,
    teamId,
  });
  const row = async (id: string) =>
    (await ds.query('SELECT name, owner_id, stage, version, contact_count FROM wf_customer WHERE id = $1', [id]))[0];

  it('never lets an older event overwrite a newer one, and applies each event once', async () => {
    const teamId = uniqueTeam();
    const id = randomUUID();
    const env = (version: number) => ({ aggregateId: id, version, teamId });
    const created = recordsEvent('customer.created', { ...facts(id, teamId, 'ABC公司'), contactCount: 1, stage: 'LEAD_NURTURING', createdAt: new Date().toISOString() }, env(1));
    const renamed = recordsEvent('customer.updated', { ...facts(id, teamId, 'ABC科技有限公司', 'rep-2'), changed: ['name', 'ownerId'], updatedAt: new Date().toISOString() }, env(3));
    const staged = recordsEvent(
      'customer.stage_changed',
      { customerId: id, from: 'LEAD_NURTURING', to: 'NEEDS_CONFIRMED', at: new Date().toISOString(), reason: null, ownerId: 'rep-1', teamId },
      env(2),
    );
    const contact = recordsEvent('contact.added', { contactId: randomUUID(), customerId: id, role: 'EXECUTOR', contactCount: 2 }, env(4));
    // Delivered newest first.
    for (const e of [contact, renamed, staged, created]) expect(await applyEventOnce(ds, e, handleWorkflowEvent)).toBe(true);
    expect(await row(id)).toEqual({ name: 'ABC科技有限公司', owner_id: 'rep-2', stage: 'NEEDS_CONFIRMED', version: 4, contact_count: 2 });
    // A redelivery is skipped.
    expect(await applyEventOnce(ds, renamed, handleWorkflowEvent)).toBe(false);
    const history = await ds.query('SELECT from_stage, to_stage FROM wf_stage_change WHERE customer_id = $1 ORDER BY at', [id]);
    expect(history).toHaveLength(2);
  });

  it('moves next actions forward only: a completion is not undone by a late reschedule', async () => {
    const teamId = uniqueTeam();
    const customerId = randomUUID();
    const actionId = randomUUID();
    const due = '2030-01-01T10:00:00.000Z';
    const env = (version: number) => ({ aggregateId: customerId, version, teamId });
    await applyEventOnce(
      ds,
      recordsEvent(
        'next_action.created',
        { nextActionId: actionId, customerId, interactionId: null, content: '发送报价单', ownerId: 'rep-1', teamId, dueAt: due, createdAt: new Date().toISOString() },
        env(1),
      ),
      handleWorkflowEvent,
    );
    await applyEventOnce(
      ds,
      recordsEvent('next_action.completed', { nextActionId: actionId, customerId, ownerId: 'rep-1', completedAt: new Date().toISOString(), note: null }, env(3)),
      handleWorkflowEvent,
    );
    await applyEventOnce(
      ds,
      recordsEvent(
        'next_action.rescheduled',
        { nextActionId: actionId, customerId, ownerId: 'rep-1', fromDueAt: due, dueAt: '2030-02-01T10:00:00.000Z', reason: '改期' },
        env(2),
      ),
      handleWorkflowEvent,
    );
    const [action] = await ds.query('SELECT status, due_at FROM wf_next_action WHERE id = $1', [actionId]);
    expect(action).toEqual({ status: 'DONE', due_at: new Date(due) });
  });

  it('keeps a completion or reschedule that arrived before the creation of the action', async () => {
    const teamId = uniqueTeam();
    const customerId = randomUUID();
    const env = (version: number) => ({ aggregateId: customerId, version, teamId });
    const created = (id: string, version: number) =>
      recordsEvent(
        'next_action.created',
        { nextActionId: id, customerId, interactionId: null, content: '发送报价单', ownerId: 'rep-1', teamId, dueAt: '2030-01-01T10:00:00.000Z', createdAt: new Date().toISOString() },
        env(version),
      );
    const done = randomUUID();
    await applyEventOnce(
      ds,
      recordsEvent('next_action.completed', { nextActionId: done, customerId, ownerId: 'rep-1', completedAt: new Date().toISOString(), note: null }, env(2)),
      handleWorkflowEvent,
    );
    await applyEventOnce(ds, created(done, 1), handleWorkflowEvent);
    const moved = randomUUID();
    await applyEventOnce(
      ds,
      recordsEvent(
        'next_action.rescheduled',
        { nextActionId: moved, customerId, ownerId: 'rep-1', fromDueAt: '2030-01-01T10:00:00.000Z', dueAt: '2030-03-01T10:00:00.000Z', reason: '改期' },
        env(4),
      ),
      handleWorkflowEvent,
    );
    await applyEventOnce(ds, created(moved, 3), handleWorkflowEvent);
    const rows = await ds.query('SELECT id, status, content, due_at FROM wf_next_action WHERE id = ANY($1) ORDER BY status', [[done, moved]]);
    expect(rows).toEqual([
      { id: done, status: 'DONE', content: '发送报价单', due_at: expect.any(Date) },
      { id: moved, status: 'OPEN', content: '发送报价单', due_at: new Date('2030-03-01T10:00:00.000Z') },
    ]);
  });
});
