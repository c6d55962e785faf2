import type { DataSource } from 'typeorm';
import { actorOf, recordsTestDataSource } from '../test/harness';
import { eventsOf, footprint, rejection, seedKit } from '../test/seed';
import { toNextAction } from './next-action.mapper';

describe('next actions (real Postgres)', () => {
  let ds: DataSource;
  let kit: ReturnType<typeof seedKit>;
  beforeAll(async () => {
    ds = await recordsTestDataSource();
    kit = seedKit(ds);
  });
  afterAll(() => ds.destroy());

  async function withAction() {
    const team = await kit.team();
    const customer = await team.customer();
    const logged = await team.interaction(customer);
    return { team, customer, action: logged.nextAction };
  }

  it('derives overdue for open actions past their deadline only', async () => {
    const { action } = await withAction();
    expect(toNextAction(action).overdue).toBe(true);
    expect(toNextAction(action, new Date('2024-03-25T09:00:00Z')).overdue).toBe(false);
    expect(toNextAction({ ...action, status: 'DONE' }).overdue).toBe(false);
  });

  it('completes an open action once, bumping the customer version', async () => {
    const { team, customer, action } = await withAction();
    const done = await kit.services.nextActions.complete(team.rep, action.id, '已发送');
    expect(done).toMatchObject({ status: 'DONE', completionNote: '已发送' });
    expect(done.completedAt).toBeInstanceOf(Date);
    const events = await eventsOf(ds, customer.id);
    expect(events.at(-1)).toMatchObject({ type: 'next_action.completed', version: 3, payload: { nextActionId: action.id, note: '已发送' } });
    const before = await footprint(ds, customer.id);
    const again = await rejection(kit.services.nextActions.complete(team.rep, action.id, null));
    expect(again).toMatchObject({ code: 'CONFLICT', details: { reason: 'NOT_OPEN' } });
    expect(await footprint(ds, customer.id)).toEqual(before);
  });

  it('reschedules to a future deadline with a reason', async () => {
    const { team, customer, action } = await withAction();
    const before = await footprint(ds, customer.id);
    const due = new Date(Date.now() + 3 * 86400_000);
    expect((await rejection(kit.services.nextActions.reschedule(team.rep, action.id, due, ' '))).details).toEqual({ field: 'reason', reason: 'REASON_REQUIRED' });
    expect((await rejection(kit.services.nextActions.reschedule(team.rep, action.id, new Date('2024-04-01T00:00:00Z'), '客户出差'))).details).toEqual({ field: 'dueAt', reason: 'DUE_IN_PAST' });
    expect(await footprint(ds, customer.id)).toEqual(before);
    const moved = await kit.services.nextActions.reschedule(team.rep, action.id, due, '客户出差，延后演示');
    expect(moved).toMatchObject({ status: 'OPEN', dueAt: due, rescheduleCount: 1, lastRescheduleReason: '客户出差，延后演示' });
    expect(toNextAction(moved).overdue).toBe(false);
    expect((await eventsOf(ds, customer.id)).at(-1)).toMatchObject({
      type: 'next_action.rescheduled',
      payload: { fromDueAt: action.dueAt.toISOString(), dueAt: due.toISOString(), reason: '客户出差，延后演示' },
    });
  });

  it('cancels with a reason, after which nothing more changes it', async () => {
    const { team, customer, action } = await withAction();
    const before = await footprint(ds, customer.id);
    expect((await rejection(kit.services.nextActions.cancel(team.rep, action.id, ''))).details.reason).toBe('REASON_REQUIRED');
    expect(await footprint(ds, customer.id)).toEqual(before);
    const cancelled = await kit.services.nextActions.cancel(team.manager, action.id, '客户已改为线上演示');
    expect(cancelled).toMatchObject({ status: 'CANCELLED', cancelReason: '客户已改为线上演示' });
    const error = await rejection(kit.services.nextActions.reschedule(team.rep, action.id, new Date(Date.now() + 86400_000), '再试'));
    expect(error.details.reason).toBe('NOT_OPEN');
  });

  it('lets the action owner, the customer owner, the manager and ADMIN act, and nobody else', async () => {
    const { team, customer, action } = await withAction();
    const before = await footprint(ds, customer.id);
    expect((await rejection(kit.services.nextActions.complete(team.otherRep, action.id, null))).code).toBe('NOT_FOUND');
    expect((await rejection(kit.services.nextActions.complete(team.assistant, action.id, null))).code).toBe('FORBIDDEN');
    expect((await rejection(kit.services.nextActions.complete(team.marketing, action.id, null))).code).toBe('FORBIDDEN');
    const otherManager = actorOf('SALES_MANAGER', 'mgr-elsewhere', 'team-elsewhere');
    expect((await rejection(kit.services.nextActions.complete(otherManager, action.id, null))).code).toBe('NOT_FOUND');
    expect((await rejection(kit.services.nextActions.complete(team.rep, 'nope', null))).code).toBe('NOT_FOUND');
    expect(await footprint(ds, customer.id)).toEqual(before);

    // An action owned by a colleague: that colleague may complete it.
    const second = await team.interaction(customer, team.rep, {
      needs: [],
      painPoints: [],
      nextAction: { content: '安排技术人员到现场调研ERP接口', ownerId: team.otherRep.userId, dueAt: new Date('2024-03-28T10:00:00Z') },
    });
    expect((await kit.services.nextActions.complete(team.otherRep, second.nextAction.id, null)).status).toBe('DONE');
    expect((await kit.services.nextActions.complete(team.admin, action.id, null)).status).toBe('DONE');
  });
});
