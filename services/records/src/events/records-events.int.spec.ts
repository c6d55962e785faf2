import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { applyEventOnce, rowToEvent } from '@salestrail/platform';
import { DomainEventSchema, type DomainEvent } from '@salestrail/contract';
import { ContactRole, NeedKind } from '../common/enums';
import { recordsTestDataSource } from '../test/harness';
import { seedKit } from '../test/seed';
import { handleRecordsEvent } from './records-event.handler';

describe('the events records writes (real Postgres)', () => {
  let ds: DataSource;
  let kit: ReturnType<typeof seedKit>;
  beforeAll(async () => {
    ds = await recordsTestDataSource();
    kit = seedKit(ds);
  });
  afterAll(() => ds.destroy());

  it('match the shared contract, and each change of a record carries the next customer version', async () => {
    const team = await kit.team();
    const s = kit.services;
    const c = await team.customer();
    await s.customers.update(team.rep, c.id, 1, { remarks: '客户对交货周期敏感' });
    const customer = await s.contacts.add(team.rep, c.id, { name: '李工', role: ContactRole.TECHNICAL_EVALUATOR });
    const [, , li] = await s.customers.contactsOf([c.id]);
    await s.contacts.update(team.rep, li!.id, { name: '李工', role: ContactRole.INFLUENCER }, customer.version);
    await s.contacts.remove(team.rep, li!.id);
    const first = await team.interaction(c);
    const second = await team.interaction(c, team.rep, {
      needs: [{ kind: NeedKind.INFERRED, description: '对成本敏感' }],
      painPoints: [{ description: '维护成本高', needIndexes: [0], needIds: [first.needs[1]!.id] }],
      nextAction: { content: '准备三年总拥有成本对比表', dueAt: new Date(Date.now() + 86400_000) },
    });
    await s.needs.updateNeed(team.rep, first.needs[1]!.id, '要求5年质保', null);
    await s.needs.updatePainPoint(team.rep, first.painPoints[0]!.id, '人工分拣效率低，产能缺口30%', null);
    await s.needs.retirePainPoint(team.rep, first.painPoints[0]!.id, '已解决');
    await s.needs.retireNeed(team.rep, first.needs[0]!.id, '预算已确认');
    await s.nextActions.complete(team.rep, first.nextAction.id, null);
    await s.nextActions.reschedule(team.rep, second.nextAction.id, new Date(Date.now() + 2 * 86400_000), '客户出差');
    const third = await team.interaction(c, team.rep, { needs: [], painPoints: [] });
    await s.nextActions.cancel(team.rep, third.nextAction.id, '客户改为线上会议');
    const current = await s.customers.get(team.rep, c.id);
    const atStage = await s.stages.changeStage(team.rep, c.id, 'LEAD_TERMINATED', '客户明确拒绝', current.version);
    await s.transfers.transfer(team.manager, [c.id], team.otherRep.userId, null, '交接');
    const approval = {
      id: randomUUID(), producer: 'workflow', seq: 2_000_000_000 + Math.floor(Math.random() * 1e9), type: 'review.decided', version: 1,
      occurredAt: new Date().toISOString(), actor: { userId: team.manager.userId, role: 'SALES_MANAGER', teamId: team.teamId },
      teamId: team.teamId, aggregateId: randomUUID(),
      payload: { reviewId: randomUUID(), customerId: c.id, reviewerId: team.manager.userId, status: 'APPROVED', comments: 'ok', customerVersion: atStage.version + 1, decidedAt: new Date().toISOString() },
    } as DomainEvent;
    await applyEventOnce(ds, approval, handleRecordsEvent);
    await s.archive.archive(team.assistant, c.id);

    const rows = await ds.query(`SELECT * FROM outbox_event WHERE aggregate_id = $1 ORDER BY position`, [c.id]);
    const events = rows.map((row: Parameters<typeof rowToEvent>[1], i: number) => rowToEvent('records', row, i + 1));
    for (const event of events) {
      const parsed = DomainEventSchema.safeParse(event);
      expect({ type: event.type, issues: parsed.success ? [] : parsed.error.issues }).toEqual({ type: event.type, issues: [] });
    }
    expect(new Set(events.map((e: DomainEvent) => e.type))).toEqual(
      new Set([
        'customer.created', 'customer.updated', 'contact.added', 'contact.updated', 'contact.removed',
        'interaction.logged', 'need.recorded', 'pain_point.recorded', 'next_action.created', 'need.updated',
        'pain_point.updated', 'pain_point.retired', 'need.retired', 'next_action.completed', 'next_action.rescheduled',
        'next_action.cancelled', 'customer.stage_changed', 'customer.transferred', 'customer.archived',
      ]),
    );
    // Versions never go down and never skip: every mutation is exactly one step.
    const versions = [...new Set(events.map((e: DomainEvent) => e.version))];
    expect(versions).toEqual(Array.from({ length: versions.length }, (_, i) => i + 1));
    const [{ version }] = await ds.query(`SELECT version FROM customer WHERE id = $1`, [c.id]);
    expect(version).toBe(versions.at(-1));
    expect(events.every((e: DomainEvent) => e.teamId === team.teamId)).toBe(true);
  });
});
