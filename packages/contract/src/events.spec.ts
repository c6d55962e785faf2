import { parseDomainEvent, EVENT_SUBSCRIBERS, QUEUES } from './index';

const base = {
  id: '3b241101-e2bb-4255-8caf-4136c566a962',
  producer: 'records',
  seq: 1,
  version: 1,
  occurredAt: '2024-03-15T09:00:00+08:00',
  actor: { userId: 'u1', role: 'SALES_REP', teamId: 't1' },
  teamId: 't1',
  aggregateId: 'c1',
};

describe('domain event contract', () => {
  it('accepts a well-formed customer.created event', () => {
    const event = parseDomainEvent({
      ...base,
      type: 'customer.created',
      payload: {
        customerId: 'c1',
        name: 'ABC公司',
        kind: 'ENTERPRISE',
        industryCode: 'C34',
        sourceChannel: 'TRADE_SHOW',
        firstContactDate: '2024-03-15',
        ownerId: 'u1',
        teamId: 't1',
        stage: 'LEAD_NURTURING',
        createdAt: '2024-03-15T01:00:00Z',
      },
    });
    expect(event.type).toBe('customer.created');
  });

  it('rejects an unknown event type and a payload missing a field', () => {
    expect(() => parseDomainEvent({ ...base, type: 'customer.vanished', payload: {} })).toThrow();
    expect(() =>
      parseDomainEvent({ ...base, type: 'customer.stage_changed', payload: { customerId: 'c1', to: 'NEGOTIATION' } }),
    ).toThrow();
  });

  it("accepts the directory's person and a hand-over, refusing a locale or role the product does not know", () => {
    const person = { userId: 'rep-1', name: '李明', email: null, phone: null, locale: 'zh-CN', teamId: 't1', role: 'SALES_REP', active: true };
    const user = { ...base, producer: 'workflow', aggregateId: 'rep-1', type: 'user.created', payload: { ...person, source: 'CLAIMS' } };
    expect(parseDomainEvent(user).type).toBe('user.created');
    expect(() => parseDomainEvent({ ...user, payload: { ...user.payload, locale: 'fr' } })).toThrow();
    expect(() => parseDomainEvent({ ...user, payload: { ...user.payload, role: 'CEO' } })).toThrow();
    const handOver = {
      ...base,
      producer: 'workflow',
      type: 'hand_over.requested',
      aggregateId: '3b241101-e2bb-4255-8caf-4136c566a963',
      payload: { handOverId: 'h1', fromUserId: 'rep-1', toUserId: 'rep-2', scopeTeamId: null, reason: '离职交接', requestedAt: '2024-03-15T01:00:00Z' },
    };
    expect(parseDomainEvent(handOver).type).toBe('hand_over.requested');
    expect(() => parseDomainEvent({ ...handOver, payload: { ...handOver.payload, toUserId: '' } })).toThrow();
  });

  it('routes every producer to queues whose names BullMQ accepts', () => {
    for (const queues of Object.values(EVENT_SUBSCRIBERS)) {
      for (const q of queues) expect(q).not.toMatch(/:/);
    }
    expect(Object.values(QUEUES).every((q) => /^[a-z-]+$/.test(q))).toBe(true);
  });
});
