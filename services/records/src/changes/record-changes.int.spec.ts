import { randomUUID } from 'node:crypto';
import { graphql, type GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import { applyEventOnce } from '@salestrail/platform';
import type { Actor, DomainEvent } from '@salestrail/contract';
import { handleRecordsEvent } from '../events/records-event.handler';
import { buildRecordsSchema } from '../schema';
import { recordsContext, recordsTestDataSource } from '../test/harness';
import { seedKit } from '../test/seed';

let seq = 2_000_000_000 + Math.floor(Math.random() * 1_000_000_000);

function decided(customerId: string, status: 'APPROVED' | 'CHANGES_REQUESTED', customerVersion: number): DomainEvent {
  seq += 1;
  const now = new Date().toISOString();
  return {
    id: randomUUID(),
    producer: 'workflow',
    seq,
    type: 'review.decided',
    version: 1,
    occurredAt: now,
    actor: { userId: 'mgr', role: 'SALES_MANAGER', teamId: null },
    teamId: null,
    aggregateId: randomUUID(),
    payload: { reviewId: randomUUID(), customerId, reviewerId: 'mgr', status, comments: '', customerVersion, decidedAt: now },
  } as DomainEvent;
}

const QUERY = /* GraphQL */ `
  query ($id: ID!, $upTo: Int) {
    customer(id: $id) {
      version
      changesSinceApproval(upToVersion: $upTo) {
        sinceVersion
        sinceReviewId
        toVersion
        changes { kind version byUserId refId field before after }
      }
    }
  }
`;

interface Changes {
  sinceVersion: number | null;
  sinceReviewId: string | null;
  toVersion: number;
  changes: Array<{ kind: string; version: number; byUserId: string; refId: string | null; field: string | null; before: string | null; after: string | null }>;
}

describe('Customer.changesSinceApproval (real Postgres)', () => {
  let ds: DataSource;
  let kit: ReturnType<typeof seedKit>;
  let schema: GraphQLSchema;
  beforeAll(async () => {
    ds = await recordsTestDataSource();
    kit = seedKit(ds);
    schema = await buildRecordsSchema();
  });
  afterAll(() => ds.destroy());

  async function changesOf(actor: Actor, id: string, upTo?: number): Promise<Changes> {
    const res = await graphql({ schema, source: QUERY, variableValues: { id, upTo }, contextValue: recordsContext(kit.services, actor) });
    expect(res.errors).toBeUndefined();
    return (res.data as { customer: { changesSinceApproval: Changes } }).customer.changesSinceApproval;
  }

  it('lists everything of a record never approved, oldest first', async () => {
    const team = await kit.team();
    const c = await team.customer('ABC公司');
    await team.interaction(c);
    const changes = await changesOf(team.manager, c.id);
    expect(changes).toMatchObject({ sinceVersion: null, sinceReviewId: null, toVersion: 2 });
    expect(changes.changes.map((ch) => ch.kind)).toEqual([
      'CUSTOMER_CREATED',
      'INTERACTION_LOGGED',
      'NEED_RECORDED',
      'NEED_RECORDED',
      'PAIN_POINT_RECORDED',
      'NEXT_ACTION_CREATED',
    ]);
    expect(changes.changes[0]).toMatchObject({ version: 1, byUserId: team.rep.userId, after: 'ABC公司' });
    expect(changes.changes.find((ch) => ch.kind === 'NEXT_ACTION_CREATED')?.after).toBe('发送产品详细参数表至客户邮箱');
  });

  it('after an approval lists only what changed since, with the values before', async () => {
    const team = await kit.team();
    const c = await team.customer('XYZ物流');
    const logged = await team.interaction(c);
    await applyEventOnce(ds, decided(c.id, 'APPROVED', 2), handleRecordsEvent);
    const [need] = await kit.services.needs.activeNeedsOf([c.id]);
    await kit.services.needs.updateNeed(team.rep, need!.id, '预算60万以内', null, 2);
    await kit.services.customers.update(team.rep, c.id, 3, { name: 'XYZ物流集团', remarks: '客户决策周期约2个月' });
    await kit.services.stages.changeStage(team.rep, c.id, 'NEGOTIATION', null, 4);
    await kit.services.nextActions.reschedule(team.rep, logged.nextAction.id, new Date('2099-04-01T10:00:00+08:00'), '客户出差');
    // A later request for changes is no approval: the comparison stays with version 2.
    await applyEventOnce(ds, decided(c.id, 'CHANGES_REQUESTED', 5), handleRecordsEvent);

    const changes = await changesOf(team.manager, c.id);
    expect(changes).toMatchObject({ sinceVersion: 2, toVersion: 6 });
    expect(changes.sinceReviewId).toEqual(expect.any(String));
    expect(changes.changes).toEqual([
      expect.objectContaining({ kind: 'NEED_UPDATED', version: 3, refId: need!.id, before: '预算50万以内', after: '预算60万以内' }),
      expect.objectContaining({ kind: 'BASICS_UPDATED', version: 4, field: 'name', before: 'XYZ物流', after: 'XYZ物流集团' }),
      expect.objectContaining({ kind: 'BASICS_UPDATED', version: 4, field: 'remarks', before: null, after: null }),
      expect.objectContaining({ kind: 'STAGE_CHANGED', version: 5, before: 'LEAD_NURTURING', after: 'NEGOTIATION' }),
      expect.objectContaining({
        kind: 'NEXT_ACTION_RESCHEDULED',
        version: 6,
        refId: logged.nextAction.id,
        before: '2024-03-25T10:00:00.000Z',
        after: '2099-04-01T02:00:00.000Z',
      }),
    ]);

    // Up to the version a review covered: the later changes are left out.
    const upTo4 = await changesOf(team.manager, c.id, 4);
    expect(upTo4.toVersion).toBe(4);
    expect(upTo4.changes.map((ch) => ch.version)).toEqual([3, 4, 4]);
  });

  it('is empty for a record approved and only archived since', async () => {
    const team = await kit.team();
    const c = await team.customer('甲公司');
    await applyEventOnce(ds, decided(c.id, 'APPROVED', 1), handleRecordsEvent);
    await kit.services.archive.archive(team.assistant, c.id);
    const changes = await changesOf(team.manager, c.id);
    expect(changes).toEqual({ sinceVersion: 1, sinceReviewId: expect.any(String), toVersion: 2, changes: [] });
  });

  it('is not readable through a customer the caller may not see', async () => {
    const team = await kit.team();
    const other = await kit.team();
    const c = await team.customer('乙公司');
    const res = await graphql({ schema, source: QUERY, variableValues: { id: c.id }, contextValue: recordsContext(kit.services, other.manager) });
    expect(res.data?.customer ?? null).toBeNull();
  });
});
